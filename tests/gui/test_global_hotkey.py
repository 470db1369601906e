"""The global hotkey's pure parts and its refusals, offscreen (the X11 grab itself is tested on
Xvfb in ``test_global_hotkey_x11.py``; Windows cannot run here, so its key mapping and WM_HOTKEY
handling are tested without user32)."""

from __future__ import annotations

import asyncio
import ctypes
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from agentbar.desktop.hotkeys import x11 as hotkey_x11
from agentbar.desktop.hotkeys.chord import Chord, HotkeyUnavailable, parse_chord
from agentbar.desktop.hotkeys.global_hotkey import GlobalHotkey, backend_for
from agentbar.desktop.hotkeys.win32 import (
    MOD_ALT,
    MOD_CONTROL,
    MOD_SHIFT,
    MOD_WIN,
    WM_HOTKEY,
    HotkeyMessageFilter,
    Msg,
    Win32HotkeyRegistration,
    win32_modifiers,
    win32_virtual_key,
)
from agentbar.desktop.hotkeys.x11 import X11HotkeyGrab, x11_keysym, x11_modifiers
from tests.gui.conftest import wait_until
from tests.gui.test_feature_tabs import Rig, run


def test_ctrl_shift_f_parses_to_ctrl_shift_and_the_f_key() -> None:
    assert parse_chord("Ctrl+Shift+F") == Chord(
        ctrl=True, shift=True, alt=False, meta=False, key="F"
    )


def test_a_chord_reads_in_any_case_and_order_and_writes_as_qt_does() -> None:
    chord = parse_chord(" shift + alt+META+ctrl+f12 ")
    assert chord == Chord(ctrl=True, shift=True, alt=True, meta=True, key="F12")
    assert chord.text == "Meta+Ctrl+Alt+Shift+F12"
    assert parse_chord("ctrl+space").text == "Ctrl+Space"
    assert parse_chord("Alt+7") == parse_chord("alt+7")


@pytest.mark.parametrize("sequence", ["Meta+Ctrl+Alt+Shift+F12", "Ctrl+Space", "Alt+7", "F1"])
def test_the_chord_text_is_what_qt_writes_for_the_same_keys(sequence: str) -> None:
    portable = QKeySequence.SequenceFormat.PortableText
    assert parse_chord(sequence).text == QKeySequence(sequence, portable).toString(portable)


@pytest.mark.parametrize(
    ("sequence", "modifiers", "keysym"),
    [
        ("Ctrl+Shift+F", hotkey_x11.CONTROL_MASK | hotkey_x11.SHIFT_MASK, ord("f")),
        ("Alt+Meta+F12", hotkey_x11.MOD1_MASK | hotkey_x11.MOD4_MASK, 0xFFC9),
        ("Ctrl+Alt+Space", hotkey_x11.CONTROL_MASK | hotkey_x11.MOD1_MASK, 0x20),
        ("Ctrl+7", hotkey_x11.CONTROL_MASK, ord("7")),
        ("F9", 0, 0xFFC6),
    ],
)
def test_x11_grab_uses_the_modifier_mask_and_unshifted_keysym(
    sequence: str, modifiers: int, keysym: int
) -> None:
    chord = parse_chord(sequence)
    assert x11_modifiers(chord) == modifiers
    assert x11_keysym(chord) == keysym


def test_x11_grab_covers_caps_lock_and_num_lock() -> None:
    assert set(hotkey_x11.LOCK_VARIANTS) == {0, 0b10, 0b10000, 0b10010}


@pytest.mark.parametrize(
    ("sequence", "modifiers", "virtual_key"),
    [
        ("Ctrl+Shift+F", MOD_CONTROL | MOD_SHIFT, 0x46),  # VK_F
        ("Alt+Meta+F12", MOD_ALT | MOD_WIN, 0x7B),  # VK_F12
        ("Ctrl+Alt+Space", MOD_CONTROL | MOD_ALT, 0x20),  # VK_SPACE
        ("Ctrl+0", MOD_CONTROL, 0x30),  # VK_0
    ],
)
def test_windows_registration_uses_mod_flags_and_virtual_key(
    sequence: str, modifiers: int, virtual_key: int
) -> None:
    chord = parse_chord(sequence)
    assert win32_modifiers(chord) == modifiers
    assert win32_virtual_key(chord) == virtual_key


def test_windows_mod_flags_are_the_winuser_values() -> None:
    assert (MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, WM_HOTKEY) == (1, 2, 4, 8, 0x0312)


@pytest.mark.parametrize(
    ("sequence", "why"),
    [
        ("F", "needs Ctrl, Alt or Meta"),
        ("Shift+F", "needs Ctrl, Alt or Meta"),
        ("Ctrl+Tab", "only letters"),
        ("Ctrl+Shift+F, Ctrl+A", "not one key chord"),
        ("", "not one key chord"),
        ("Ctrl+Nonsense", "only letters"),
        ("Ctrl+F25", "only letters"),
        ("Ctrl+", "only letters"),
        ("Hyper+A", "'Hyper' is not Ctrl, Shift, Alt or Meta"),
    ],
)
def test_unusable_sequences_are_refused_with_the_reason(sequence: str, why: str) -> None:
    with pytest.raises(HotkeyUnavailable, match=why):
        parse_chord(sequence)


def _message(kind: int, hotkey_id: int) -> Msg:
    return Msg(hwnd=None, message=kind, wParam=hotkey_id, lParam=0, time=0)


def test_wm_hotkey_with_our_id_activates_and_is_swallowed() -> None:
    calls: list[int] = []
    native_filter = HotkeyMessageFilter(7, lambda: calls.append(1))
    msg = _message(WM_HOTKEY, 7)
    result = native_filter.nativeEventFilter(
        QByteArray(b"windows_generic_MSG"), ctypes.addressof(msg)
    )
    assert result == (True, 0)
    assert calls == [1]


def test_wm_hotkey_arrives_as_a_shiboken_pointer_too() -> None:
    calls: list[int] = []
    native_filter = HotkeyMessageFilter(7, lambda: calls.append(1))
    msg = _message(WM_HOTKEY, 7)
    pointer = shiboken6.VoidPtr(ctypes.addressof(msg))
    result = native_filter.nativeEventFilter(b"windows_dispatcher_MSG", pointer)  # type: ignore[arg-type]
    assert result == (True, 0)
    assert calls == [1]


@pytest.mark.parametrize(
    ("event_type", "kind", "hotkey_id"),
    [
        (b"windows_generic_MSG", WM_HOTKEY, 8),  # another registration's hotkey
        (b"windows_generic_MSG", 0x0100, 7),  # WM_KEYDOWN
        (b"xcb_generic_event_t", WM_HOTKEY, 7),  # not a MSG at all
    ],
)
def test_other_native_messages_pass_through(event_type: bytes, kind: int, hotkey_id: int) -> None:
    calls: list[int] = []
    native_filter = HotkeyMessageFilter(7, lambda: calls.append(1))
    msg = _message(kind, hotkey_id)
    assert native_filter.nativeEventFilter(event_type, ctypes.addressof(msg)) == (False, 0)
    assert calls == []


def test_register_hotkey_is_refused_off_windows() -> None:
    registration = Win32HotkeyRegistration(parse_chord("Ctrl+Shift+F"), lambda: None)
    with pytest.raises(HotkeyUnavailable, match="only on Windows"):
        registration.grab()


def test_offscreen_platform_has_no_global_hotkey_and_says_so(
    qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    assert qapp.platformName() == "offscreen"
    hotkey = GlobalHotkey()
    with caplog.at_level(logging.INFO, logger="agentbar.desktop.hotkeys.global_hotkey"):
        assert hotkey.register("Ctrl+Shift+F") is False
    assert "'offscreen'" in hotkey.reason
    assert not hotkey.registered
    assert any(
        record.levelno == logging.INFO and hotkey.reason in record.getMessage()
        for record in caplog.records
    )


def test_wayland_has_no_global_hotkey_and_says_so(qapp: QApplication) -> None:
    hotkey = GlobalHotkey()
    assert hotkey.register("Ctrl+Shift+F", platform_name="wayland") is False
    assert "Wayland" in hotkey.reason


def test_macos_is_not_implemented_and_says_so() -> None:
    with pytest.raises(HotkeyUnavailable, match="not implemented on macOS"):
        backend_for("Ctrl+Shift+F", lambda: None, "cocoa", os_name="darwin")


def test_windows_platform_gets_the_register_hotkey_backend() -> None:
    backend = backend_for("Ctrl+Shift+F", lambda: None, "windows", os_name="win32")
    assert isinstance(backend, Win32HotkeyRegistration)


def test_bad_sequence_makes_register_return_false(qapp: QApplication) -> None:
    hotkey = GlobalHotkey()
    assert hotkey.register("Shift+F", platform_name="xcb") is False
    assert "needs Ctrl, Alt or Meta" in hotkey.reason


def test_unreachable_x_display_is_a_reason_not_a_crash(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":987")
    hotkey = GlobalHotkey()
    assert hotkey.register("Ctrl+Shift+F", platform_name="xcb") is False
    assert "cannot connect to the X display ':987'" in hotkey.reason


def test_x11_grab_of_a_missing_display_raises_unavailable() -> None:
    grab = X11HotkeyGrab(parse_chord("Ctrl+Shift+F"), lambda: None, display=":986")
    with pytest.raises(HotkeyUnavailable, match="cannot connect"):
        grab.grab()
    grab.release()  # nothing held: a no-op


def test_missing_xcb_library_names_its_package(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_cdll = ctypes.CDLL

    def cdll(name: str | None, *args: object, **kwargs: object) -> ctypes.CDLL:
        if name == "libxcb-keysyms.so.1":
            raise OSError(f"{name}: cannot open shared object file")
        return real_cdll(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    hotkey = GlobalHotkey()
    assert hotkey.register("Ctrl+Shift+F", platform_name="xcb") is False
    assert "libxcb-keysyms1" in hotkey.reason


def test_a_library_without_the_expected_symbol_is_a_reason_not_a_crash(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object) -> None:
        raise AttributeError("undefined symbol: xcb_grab_key_checked")

    monkeypatch.setattr(hotkey_x11.Xcb, "__init__", broken)
    hotkey = GlobalHotkey()
    assert hotkey.register("Ctrl+Shift+F", platform_name="xcb") is False
    assert "AttributeError" in hotkey.reason
    assert not hotkey.registered


@pytest.fixture
def rig(qtbot: Any, qloop: asyncio.AbstractEventLoop, sim: Any, tmp_path: Path) -> Iterator[Rig]:
    """The agent window against the simulator, as in ``test_feature_tabs.py``."""
    made = Rig(sim.url, tmp_path / "data")
    qloop.run_until_complete(made.open())
    yield made
    qloop.run_until_complete(made.close())


def test_feature_tabs_hotkey_brings_the_faq_search_forward(
    qloop: asyncio.AbstractEventLoop, rig: Rig
) -> None:
    """The window's hotkey does what the in-app shortcut does; offscreen it is not registered."""

    async def scenario() -> None:
        await rig.signed_in_with_tabs()
        tabs = rig.window.feature_tabs
        assert tabs is not None
        rig.window.tabs.setCurrentWidget(rig.window.events_view)
        rig.window.showMinimized()
        tabs.faq_hotkey.activated.emit()  # what a grabbed key press does
        assert rig.window.tabs.currentWidget() is tabs.faq_view
        assert not rig.window.isMinimized()
        await wait_until(lambda: QApplication.focusWidget() is tabs.faq_view.search)
        assert not tabs.faq_hotkey.registered
        assert "'offscreen'" in tabs.faq_hotkey.reason

    run(qloop, rig, scenario())


def test_feature_tabs_give_the_key_back_with_the_window(
    qloop: asyncio.AbstractEventLoop, rig: Rig
) -> None:
    async def scenario() -> GlobalHotkey:
        await rig.signed_in_with_tabs()
        assert rig.window.feature_tabs is not None
        return rig.window.feature_tabs.faq_hotkey

    hotkey: GlobalHotkey = run(qloop, rig, scenario())
    released: list[bool] = []
    hotkey.destroyed.connect(lambda *_: released.append(True))
    shiboken6.delete(rig.window)
    assert released == [True]
