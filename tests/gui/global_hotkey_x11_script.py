"""Child process of the X11 global-hotkey tests: ``python global_hotkey_x11_script.py SCENARIO``.

Runs with ``QT_QPA_PLATFORM=xcb`` on the Xvfb of ``DISPLAY`` (see ``test_global_hotkey_x11.py``),
so the test process itself stays offscreen. Another X client (libX11 here, not Qt) owns a window
and the keyboard focus; key presses are synthesized with the XTEST extension (libXtst). Prints
``OK`` and exits 0 when the scenario holds, else exits 1 with the reason on stderr.
"""

from __future__ import annotations

import ctypes
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from agentbar.desktop.hotkeys.global_hotkey import GlobalHotkey
from agentbar.ui.window.bring_forward import bring_forward

XK_CONTROL_L = 0xFFE3
XK_SHIFT_L = 0xFFE1
XK_CAPS_LOCK = 0xFFE5
XK_ALT_L = 0xFFE9
XK_F = ord("f")
XK_A = ord("a")


class Failed(Exception):
    pass


class OtherClient:
    """An X client that is not agentbar: its own window, the focus, and XTEST key presses."""

    def __init__(self) -> None:
        try:
            x11 = ctypes.CDLL("libX11.so.6")
        except OSError as error:
            raise Failed(f"libX11.so.6 is missing (apt package libx11-6): {error}") from error
        try:
            xtst = ctypes.CDLL("libXtst.so.6")
        except OSError as error:
            raise Failed(f"libXtst.so.6 is missing (apt package libxtst6): {error}") from error
        c = ctypes
        x11.XOpenDisplay.argtypes = [c.c_char_p]
        x11.XOpenDisplay.restype = c.c_void_p
        x11.XDefaultRootWindow.argtypes = [c.c_void_p]
        x11.XDefaultRootWindow.restype = c.c_ulong
        x11.XCreateSimpleWindow.argtypes = [c.c_void_p, c.c_ulong, c.c_int, c.c_int]
        x11.XCreateSimpleWindow.argtypes += [c.c_uint, c.c_uint, c.c_uint, c.c_ulong, c.c_ulong]
        x11.XCreateSimpleWindow.restype = c.c_ulong
        x11.XMapRaised.argtypes = [c.c_void_p, c.c_ulong]
        x11.XSetInputFocus.argtypes = [c.c_void_p, c.c_ulong, c.c_int, c.c_ulong]
        x11.XGetInputFocus.argtypes = [c.c_void_p, c.POINTER(c.c_ulong), c.POINTER(c.c_int)]
        x11.XKeysymToKeycode.argtypes = [c.c_void_p, c.c_ulong]
        x11.XKeysymToKeycode.restype = c.c_ubyte
        x11.XSync.argtypes = [c.c_void_p, c.c_int]
        x11.XCloseDisplay.argtypes = [c.c_void_p]
        xtst.XTestFakeKeyEvent.argtypes = [c.c_void_p, c.c_uint, c.c_int, c.c_ulong]
        self.x11, self.xtst = x11, xtst
        self.display = x11.XOpenDisplay(None)
        if not self.display:
            raise Failed("the other client cannot open the display")
        root = x11.XDefaultRootWindow(self.display)
        self.window = x11.XCreateSimpleWindow(self.display, root, 50, 50, 300, 200, 0, 0, 0xFFFFFF)
        x11.XMapRaised(self.display, self.window)
        x11.XSync(self.display, 0)

    def take_focus(self) -> None:
        self.x11.XSetInputFocus(self.display, self.window, 2, 0)  # RevertToParent, CurrentTime
        self.x11.XSync(self.display, 0)

    def focus(self) -> int:
        window, revert = ctypes.c_ulong(0), ctypes.c_int(0)
        self.x11.XGetInputFocus(self.display, ctypes.byref(window), ctypes.byref(revert))
        return window.value

    def keycode(self, keysym: int) -> int:
        return int(self.x11.XKeysymToKeycode(self.display, keysym))

    def fake(self, *codes: int) -> None:
        """Press each keycode, release each negated one, in order."""
        for code in codes:
            self.xtst.XTestFakeKeyEvent(self.display, abs(code), int(code > 0), 0)
        self.x11.XSync(self.display, 0)

    def press(self, *keysyms: int) -> None:
        """Press ``keysyms`` in order, then release them in reverse order."""
        codes = [self.x11.XKeysymToKeycode(self.display, keysym) for keysym in keysyms]
        for code in codes:
            self.xtst.XTestFakeKeyEvent(self.display, code, 1, 0)
        for code in reversed(codes):
            self.xtst.XTestFakeKeyEvent(self.display, code, 0, 0)
        self.x11.XSync(self.display, 0)

    def close(self) -> None:
        self.x11.XCloseDisplay(self.display)


def wait_until(condition: Callable[[], bool], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise Failed(f"timed out waiting for: {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


def pump(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


def registered(hotkey: GlobalHotkey, sequence: str = "Ctrl+Shift+F") -> GlobalHotkey:
    if not hotkey.register(sequence):
        raise Failed(f"register({sequence!r}) failed: {hotkey.reason}")
    return hotkey


def window_with_search() -> tuple[QWidget, QLineEdit]:
    window = QWidget()
    window.setWindowTitle("agentbar hotkey test")
    window.resize(300, 100)
    search = QLineEdit(window)
    window.show()
    window.activateWindow()  # no window manager on Xvfb to give it the focus
    return window, search


def hotkey_fires_while_another_client_has_focus(other: OtherClient) -> None:
    window, search = window_with_search()
    wait_until(window.isActiveWindow, 5, "the Qt window to be active first")
    other.take_focus()
    wait_until(lambda: not window.isActiveWindow(), 5, "the Qt window to lose focus")
    hotkey = registered(GlobalHotkey())
    presses: list[float] = []
    hotkey.activated.connect(lambda: presses.append(time.monotonic()))

    other.press(XK_CONTROL_L, XK_F)  # not the chord: Shift is missing
    pump(0.5)
    if presses:
        raise Failed("Ctrl+F activated a Ctrl+Shift+F hotkey")
    if other.focus() != other.window:
        raise Failed("the other client lost the focus before the hotkey was pressed")

    def activate() -> None:
        bring_forward(window)
        search.setFocus()

    hotkey.activated.connect(activate)
    other.press(XK_CONTROL_L, XK_SHIFT_L, XK_F)
    wait_until(lambda: bool(presses), 5, "activated after Ctrl+Shift+F in another client")
    pump(0.3)
    if len(presses) != 1:
        raise Failed(f"one press activated {len(presses)} times")
    wait_until(window.isActiveWindow, 5, "the window to be brought forward")
    wait_until(search.hasFocus, 5, "the search box to have the focus")
    if other.focus() != int(window.winId()):
        raise Failed(f"the X focus is on {other.focus():#x}, not on the window")


def hotkey_fires_with_caps_lock_on(other: OtherClient) -> None:
    hotkey = registered(GlobalHotkey())
    presses: list[int] = []
    hotkey.activated.connect(lambda: presses.append(1))
    other.take_focus()
    other.press(XK_CAPS_LOCK)  # toggles Caps Lock on
    try:
        other.press(XK_CONTROL_L, XK_SHIFT_L, XK_F)
        wait_until(lambda: bool(presses), 5, "activated with Caps Lock on")
    finally:
        other.press(XK_CAPS_LOCK)


def key_repeat_after_letting_go_of_shift_does_not_fire(other: OtherClient) -> None:
    hotkey = registered(GlobalHotkey())
    presses: list[int] = []
    hotkey.activated.connect(lambda: presses.append(1))
    other.take_focus()
    control, shift, f = (other.keycode(keysym) for keysym in (XK_CONTROL_L, XK_SHIFT_L, XK_F))
    other.fake(control, shift, f, -shift)
    # While F is held the grab is active and every key event comes to agentbar, also the
    # server's auto-repeat of F once Shift is let go: Ctrl+F, which is not the hotkey.
    pump(1.2)
    other.fake(-f, -control)
    wait_until(lambda: bool(presses), 5, "activated by Ctrl+Shift+F")
    pump(0.3)
    if presses != [1]:
        raise Failed(f"Ctrl+Shift+F then a repeated Ctrl+F activated {len(presses)} times")


def second_grab_is_refused_as_taken(other: OtherClient) -> None:
    first = registered(GlobalHotkey())
    second = GlobalHotkey()
    if second.register("Ctrl+Shift+F"):
        raise Failed("a second grab of a held key succeeded")
    if "taken" not in second.reason:
        raise Failed(f"the refusal does not say the key is taken: {second.reason!r}")
    if second.registered:
        raise Failed("a refused hotkey says it is registered")
    first.unregister()
    registered(second)
    # And the released key really went to the second holder.
    presses: list[int] = []
    second.activated.connect(lambda: presses.append(1))
    first.activated.connect(lambda: presses.append(100))
    other.take_focus()
    other.press(XK_CONTROL_L, XK_SHIFT_L, XK_F)
    wait_until(lambda: bool(presses), 5, "the second holder to be activated")
    pump(0.2)
    if presses != [1]:
        raise Failed(f"activations after the handover: {presses}")


def destroying_the_parent_releases_the_key(other: OtherClient) -> None:
    parent = QObject()
    registered(GlobalHotkey(parent))
    import shiboken6

    shiboken6.delete(parent)
    registered(GlobalHotkey())


def answer_chord_answers_a_ringing_call_from_another_client(other: OtherClient) -> None:
    """[hotkeys] answer = "Ctrl+Alt+A" against the simulator: ringing, the chord pressed while
    another client has the focus answers the call, and the focus stays with that client."""
    import asyncio

    import qasync

    from agentbar.app.agent.session import AgentSession, CallPhase
    from agentbar.app.services import Services
    from agentbar.cec.models import AgentState
    from agentbar.config import HotkeysConfig, demo_profile
    from agentbar.secrets import MemoryStore
    from agentbar.sim.server import SimSettings, SimThread
    from agentbar.startup.demo import DEMO_PASSWORD, demo_secrets
    from agentbar.ui.window.banner import Banner
    from agentbar.ui.window.hotkey_actions import SessionHotkeys
    from tests.simulator import SimControl

    async def until(condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + 15
        while not condition():
            if time.monotonic() > deadline:
                raise Failed(f"timed out waiting for: {what}")
            await asyncio.sleep(0.02)

    async def scenario(url: str, control: SimControl) -> None:
        profile = demo_profile(url)
        services = await Services.open(profile, MemoryStore(demo_secrets()))
        session = AgentSession(services.gateway, profile.gateway.phone)
        banner = Banner()
        hotkeys = SessionHotkeys(session, banner, lambda: None)
        try:
            refused = hotkeys.apply(HotkeysConfig(answer="Ctrl+Alt+A"))
            if refused:
                raise Failed(f"the chord was refused: {refused}")
            if not await session.sign_in(DEMO_PASSWORD):
                raise Failed("the demo agent could not sign in")
            await until(
                lambda: (
                    session.snapshot.state == AgentState.IDLE and session.snapshot.pending is None
                ),
                "the agent to be ready",
            )
            other.take_focus()
            other.press(XK_CONTROL_L, XK_ALT_L, XK_A)  # nothing rings: nothing to answer
            await asyncio.sleep(0.5)
            if session.call is not None:
                raise Failed("a call appeared without ringing")
            await asyncio.to_thread(control.call, "101", "13912345678")
            await until(lambda: session.call is not None, "the call to ring")
            other.press(XK_CONTROL_L, XK_ALT_L, XK_A)
            await until(
                lambda: session.call is not None and session.call.phase == CallPhase.TALKING,
                "the chord to answer the call",
            )
            if other.focus() != other.window:
                raise Failed(f"answering took the X focus to {other.focus():#x}")
            hotkeys.unregister()
            if hotkeys.apply(HotkeysConfig(answer="Ctrl+Alt+A")):
                raise Failed("the key was not given back by unregister()")
        finally:
            hotkeys.unregister()
            if session.signed_in:
                await session.sign_out(force=True)
            await session.close()
            await services.aclose()

    sim = SimThread(SimSettings())
    url = sim.start("127.0.0.1", 0)
    control = SimControl(url)
    application = QApplication.instance()
    assert isinstance(application, QApplication)
    loop = qasync.QEventLoop(application)
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(asyncio.wait_for(scenario(url, control), 60))
    finally:
        loop.close()
        control.close()
        sim.stop()


SCENARIOS: dict[str, Callable[[OtherClient], None]] = {
    function.__name__: function
    for function in (
        hotkey_fires_while_another_client_has_focus,
        hotkey_fires_with_caps_lock_on,
        key_repeat_after_letting_go_of_shift_does_not_fire,
        second_grab_is_refused_as_taken,
        destroying_the_parent_releases_the_key,
        answer_chord_answers_a_ringing_call_from_another_client,
    )
}


def main(name: str) -> int:
    application = QApplication([])
    if application.platformName() != "xcb":
        print(f"expected the xcb platform, got {application.platformName()!r}", file=sys.stderr)
        return 1
    application.setQuitOnLastWindowClosed(False)
    try:
        other = OtherClient()
        try:
            SCENARIOS[name](other)
        finally:
            other.close()
    except Failed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
