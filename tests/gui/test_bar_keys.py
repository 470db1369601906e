"""The bar at the desk: no button keeps the keyboard, every command has its key, and a bar short of
room folds its less-used controls into the More menu instead of running off the screen.

Against the real simulator over loopback: the keys' effects are read from the server.
"""

from __future__ import annotations

import asyncio
from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

from agentbar.app.agent.session import CallPhase
from agentbar.cec.models import AgentState
from tests.gui.conftest import wait_for_signal, wait_until
from tests.gui.test_agent_window import AGENT, CALLER, rig, run

__all__ = ["rig"]  # the fixture, re-used


def bar_buttons(window: Any) -> list[QAbstractButton]:
    bar = window.bar
    return [
        button
        for button in bar.findChildren(QAbstractButton)
        if button.parent() in (bar, bar.call_panel)
    ]


def requests(sim: Any) -> dict[str, int]:
    counts = sim.control.stats()["requests"]
    # The event poll and the round-trip probe run on their own; they are no command.
    return {
        path: n
        for path, n in counts.items()
        if "/agentevent/" not in path
        and not path.endswith("/agentstatus")
        and not path.startswith("/sim/")
    }


def test_no_bar_button_can_take_the_keyboard_focus(qloop, rig, qtbot):
    buttons = bar_buttons(rig.window)
    assert len(buttons) >= 12
    assert [b.objectName() for b in buttons if b.focusPolicy() != Qt.FocusPolicy.NoFocus] == []

    async def scenario() -> None:
        await rig.signed_in_ready()
        qtbot.mouseClick(rig.window.bar.busy_button, Qt.MouseButton.LeftButton)
        assert QApplication.focusWidget() not in buttons
        await wait_until(lambda: rig.session.snapshot.state == AgentState.BUSY)

    run(qloop, scenario())


def test_space_enter_and_escape_reach_no_command_while_ringing_and_talking(qloop, rig, sim):
    window = rig.window
    keys = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)

    def press_everything() -> None:
        for _ in range(20):
            for key in keys:
                QTest.keyClick(window, key)
                if QApplication.focusWidget() is not None:
                    QTest.keyClick(QApplication.focusWidget(), key)

    async def scenario() -> None:
        await rig.signed_in_ready()
        ringing = asyncio.ensure_future(wait_for_signal(rig.session.ringing))
        await asyncio.to_thread(sim.control.call, AGENT, CALLER)
        await ringing
        # The agent answers with the mouse: the very hazard was the button keeping the focus.
        QTest.mouseClick(window.bar.answer_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: rig.session.call and rig.session.call.phase == CallPhase.TALKING)
        before = await asyncio.to_thread(requests, sim)
        press_everything()
        await asyncio.sleep(0.5)
        assert await asyncio.to_thread(requests, sim) == before
        call = rig.session.call
        assert call is not None
        assert call.phase == CallPhase.TALKING

    run(qloop, scenario())


def test_every_call_command_has_its_key(qloop, rig, sim):
    window = rig.window

    def key(name: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(window, name, modifier)

    async def scenario() -> None:
        await rig.signed_in_ready()
        key(Qt.Key.Key_F6)  # Busy
        await wait_until(lambda: rig.session.snapshot.state == AgentState.BUSY)
        key(Qt.Key.Key_F5)  # Ready
        await wait_until(rig.ready)
        ringing = asyncio.ensure_future(wait_for_signal(rig.session.ringing))
        await asyncio.to_thread(sim.control.call, AGENT, CALLER)
        await ringing
        key(Qt.Key.Key_F9)  # Hold means nothing while it rings
        key(Qt.Key.Key_F7)  # Answer
        await wait_until(lambda: rig.session.call and rig.session.call.phase == CallPhase.TALKING)
        assert not rig.session.call.held
        key(Qt.Key.Key_F9)
        await wait_until(lambda: rig.session.call and rig.session.call.held)
        key(Qt.Key.Key_F9)
        await wait_until(lambda: rig.session.call and not rig.session.call.held)
        key(Qt.Key.Key_F10)
        await wait_until(lambda: rig.session.call and rig.session.call.muted)
        key(Qt.Key.Key_F10)
        await wait_until(lambda: rig.session.call and not rig.session.call.muted)
        key(Qt.Key.Key_F8)  # Hang up
        await wait_until(lambda: rig.session.call is None)
        await wait_until(lambda: rig.session.snapshot.pending is None)
        key(Qt.Key.Key_F11)  # Wrap-up
        await wait_until(lambda: rig.session.snapshot.state == AgentState.WRAP_UP)
        key(Qt.Key.Key_F5)
        await wait_until(rig.ready)

    run(qloop, scenario())


def test_sign_out_key_asks_first_during_a_call(qloop, rig, sim, monkeypatch):
    asked: list[str] = []

    async def refuse(parent: QWidget, title: str, text: str, action: str) -> bool:
        asked.append(title)
        return False

    monkeypatch.setattr("agentbar.ui.window.main_window.confirm", refuse)

    async def scenario() -> None:
        await rig.signed_in_ready()
        ringing = asyncio.ensure_future(wait_for_signal(rig.session.ringing))
        await asyncio.to_thread(sim.control.call, AGENT, CALLER)
        await ringing
        QTest.keyClick(
            rig.window,
            Qt.Key.Key_L,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
        await wait_until(lambda: bool(asked))
        await asyncio.sleep(0.3)
        assert rig.session.signed_in
        assert rig.session.call is not None

    run(qloop, scenario())


def test_a_narrow_bar_folds_into_the_more_menu_and_keeps_inside_the_window(qloop, rig, sim):
    window, bar = rig.window, rig.window.bar

    async def scenario() -> None:
        await rig.signed_in_ready()
        ringing = asyncio.ensure_future(wait_for_signal(rig.session.ringing))
        await asyncio.to_thread(sim.control.call, AGENT, CALLER)
        await ringing
        QTest.keyClick(window, Qt.Key.Key_F7)
        await wait_until(lambda: rig.session.call and rig.session.call.phase == CallPhase.TALKING)

    run(qloop, scenario())
    for width in (1600, 1060, 900, 800):
        window.resize(width, window.height())
        QApplication.processEvents()
        assert window.width() <= max(width, bar.minimumSizeHint().width())
        inside = QRect(QPoint(0, 0), bar.size())
        for child in bar.findChildren(QWidget):
            if child.isVisible() and child.parent() is bar:
                assert inside.contains(child.geometry()), (width, child.objectName())
    assert bar.more_button.isVisible()
    assert bar.settings_button in bar.folded()
    assert not bar.settings_button.isVisible()
    bar._fill_more_menu()
    entries = [action.text() for action in bar.more_menu.actions()]
    assert "Settings\tCtrl+," in entries
    assert "Hold\tF9" in entries or bar.hold_button.isVisible()
    # Wide again: everything is back on the bar and the More button goes.
    window.resize(1700, window.height())
    QApplication.processEvents()
    assert bar.folded() == ()
    assert bar.settings_button.isVisible()
    assert not bar.more_button.isVisible()


def test_the_more_menu_runs_a_folded_command(qloop, rig, qtbot):
    window, bar = rig.window, rig.window.bar
    window.resize(700, window.height())
    QApplication.processEvents()
    assert bar.settings_button in bar.folded()
    bar._fill_more_menu()
    (settings,) = [a for a in bar.more_menu.actions() if a.text().startswith("Settings")]
    with qtbot.waitSignal(window.settings_requested, timeout=2000):
        settings.trigger()


def test_a_ringing_call_comes_forward_without_taking_the_keyboard(qloop, rig, sim, monkeypatch):
    window = rig.window
    activated: list[bool] = []
    monkeypatch.setattr(window, "activateWindow", lambda: activated.append(True))

    async def scenario() -> None:
        await rig.signed_in_ready()
        window.hide()
        ringing = asyncio.ensure_future(wait_for_signal(rig.session.ringing))
        await asyncio.to_thread(sim.control.call, AGENT, CALLER)
        await ringing

    run(qloop, scenario())
    assert window.isVisible()
    assert activated == []
    assert not window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)


def test_ctrl_and_a_number_open_that_tab_with_the_keyboard_in_it(qloop, rig):
    window = rig.window
    assert not window.tabs.isVisible()
    QTest.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.isVisible()
    assert window.tabs.currentWidget() is window.events_view
    focus = QApplication.focusWidget()
    assert focus is not None
    assert window.events_view.isAncestorOf(focus)


def test_the_clocks_tick_only_while_the_bar_can_be_seen(qloop, rig):
    window = rig.window
    assert window.bar.ticking()
    window.hide()
    assert not window.bar.ticking()
    window.show()
    assert window.bar.ticking()


def test_a_call_that_arrives_while_hidden_is_folded_when_shown(qloop, rig, sim):
    window, bar = rig.window, rig.window.bar
    window.resize(800, window.height())

    async def scenario() -> None:
        await rig.signed_in_ready()
        window.hide()
        ringing = asyncio.ensure_future(wait_for_signal(rig.session.ringing))
        rig.session.ringing.disconnect(window._on_ringing)  # it would show the window at once
        await asyncio.to_thread(sim.control.call, AGENT, CALLER)
        await ringing
        window.show()
        QApplication.processEvents()
        inside = QRect(QPoint(0, 0), bar.size())
        for child in bar.findChildren(QWidget):
            if child.isVisible() and child.parent() is bar:
                assert inside.contains(child.geometry()), child.objectName()

    run(qloop, scenario())


def test_every_key_follows_its_button_after_a_state_change(qtbot):
    import time

    from agentbar.app.agent.session import (
        AgentSession,
        AgentSnapshot,
        Connection,
        ConnectionStatus,
    )
    from agentbar.ui.window.bar import AgentBar

    session = AgentSession(None, "88880101")
    bar = AgentBar(session, "101")
    qtbot.addWidget(bar)
    now = time.monotonic()
    session.connection_changed.emit(Connection(ConnectionStatus.CONNECTED))
    session.state_changed.emit(AgentSnapshot(AgentState.IDLE, None, now, signed_in=True))
    # Busy asked for: Sign out waits while it is pending …
    session.state_changed.emit(AgentSnapshot(AgentState.IDLE, AgentState.BUSY, now, signed_in=True))
    assert not bar.sign_button.isEnabled()
    # … and once Busy is confirmed, its key works again (it used to lag one change behind).
    session.state_changed.emit(AgentSnapshot(AgentState.BUSY, None, now, signed_in=True))
    assert bar.sign_button.isEnabled()
    for shortcut, target in bar._shortcuts:
        assert shortcut.isEnabled() == target.isEnabled(), shortcut.key().toString()
