"""The [hotkeys] keys against the real simulator: each does what the bar's button does, only when
the button would, and a chord that cannot be had is said in the banner (offscreen, where no chord
can be: the grab itself is tested on Xvfb in ``test_global_hotkey_x11.py``)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLineEdit

from agentbar.app.agent.allowed_actions import AllowedActions, allowed_actions
from agentbar.app.agent.session import (
    AgentSnapshot,
    CallPhase,
    CallState,
    Connection,
    ConnectionStatus,
)
from agentbar.cec.models import AgentState
from agentbar.config import HotkeysConfig
from agentbar.ui.window.hotkey_actions import ACTIONS, SessionHotkeys
from tests.gui.conftest import wait_for_signal, wait_until
from tests.gui.test_agent_window import AGENT, CALLER, Rig


@pytest.fixture
def rig(qtbot: Any, qloop: asyncio.AbstractEventLoop, sim: Any) -> Iterator[Rig]:
    made = Rig(sim.url)
    qloop.run_until_complete(made.open())
    yield made
    qloop.run_until_complete(made.close())


def run(qloop: asyncio.AbstractEventLoop, rig: Rig, coro: Any, within: float = 60.0) -> None:
    """Run ``coro`` and close the rig on the same run of the loop: between two runs Qt could
    step the event pump's request with no running loop."""

    async def then_close() -> None:
        try:
            await asyncio.wait_for(coro, within)
        finally:
            await rig.close()
            rig.services = None  # closed: the fixture's close is then a no-op

    qloop.run_until_complete(then_close())


def _hotkeys(rig: Rig, opened: list[int] | None = None) -> SessionHotkeys:
    opened = opened if opened is not None else []
    return SessionHotkeys(
        rig.session, rig.window.error_banner, lambda: opened.append(1), rig.window
    )


def _press(hotkeys: SessionHotkeys, action: str) -> None:
    hotkeys.hotkeys[action].activated.emit()  # what a grabbed key press does


def test_keys_the_profile_leaves_empty_are_not_registered(rig: Rig) -> None:
    hotkeys = _hotkeys(rig)
    assert hotkeys.apply(HotkeysConfig()) == []
    assert not rig.window.error_banner.isVisible()
    assert ACTIONS == ("answer", "hang_up", "ready", "busy")


def test_a_refused_chord_is_said_in_the_banner_with_the_way_to_settings(rig: Rig) -> None:
    opened: list[int] = []
    hotkeys = _hotkeys(rig, opened)
    refusals = hotkeys.apply(HotkeysConfig(answer="Ctrl+Alt+A", busy="Ctrl+Alt+B"))
    assert [(r.action, r.chord) for r in refusals] == [
        ("answer", "Ctrl+Alt+A"),
        ("busy", "Ctrl+Alt+B"),
    ]
    banner = rig.window.error_banner
    assert banner.isVisible()
    assert banner.kind == "warning"
    assert "The system-wide key Ctrl+Alt+A for Answer does not work" in banner.text
    assert "The system-wide key Ctrl+Alt+B for Busy does not work" in banner.text
    assert "'offscreen' has no system-wide hotkeys" in banner.text
    assert "Choose another key in Settings" in banner.text
    banner.action_button.click()
    assert opened == [1]
    assert not any(hotkey.registered for hotkey in hotkeys.hotkeys.values())


def test_turning_the_refused_keys_off_takes_the_banner_down_but_not_others_messages(
    rig: Rig,
) -> None:
    hotkeys = _hotkeys(rig)
    banner = rig.window.error_banner
    hotkeys.apply(HotkeysConfig(ready="F9"))
    assert banner.isVisible()
    hotkeys.apply(HotkeysConfig())
    assert not banner.isVisible()
    hotkeys.apply(HotkeysConfig(ready="F9"))
    banner.show_message("error", "The gateway refused.")
    hotkeys.apply(HotkeysConfig())
    assert banner.isVisible()
    assert banner.text == "The gateway refused."


def test_answer_key_answers_a_ringing_call_and_leaves_the_focus_where_the_agent_types(
    qloop: asyncio.AbstractEventLoop, rig: Rig, sim: Any
) -> None:
    hotkeys = _hotkeys(rig)
    triggered: list[str] = []
    hotkeys.triggered.connect(triggered.append)
    notes = QLineEdit(rig.window)  # stands for the field the agent is typing in
    notes.show()

    async def scenario() -> None:
        await rig.signed_in_ready()
        _press(hotkeys, "answer")  # nothing rings: nothing is sent
        _press(hotkeys, "hang_up")
        assert triggered == []
        rig.window.activateWindow()
        notes.setFocus()
        await wait_until(lambda: QApplication.focusWidget() is notes)
        ringing = asyncio.ensure_future(wait_for_signal(rig.session.ringing))
        await asyncio.to_thread(sim.control.call, AGENT, CALLER)
        await ringing
        _press(hotkeys, "answer")
        await wait_until(
            lambda: rig.session.call is not None and rig.session.call.phase == CallPhase.TALKING
        )
        assert QApplication.focusWidget() is notes
        _press(hotkeys, "answer")  # already talking: not sent again
        _press(hotkeys, "ready")  # not during a call, as the bar's Ready button
        _press(hotkeys, "hang_up")
        await wait_until(lambda: rig.session.call is None)
        assert triggered == ["answer", "hang_up"]

    run(qloop, rig, scenario())


def test_busy_and_ready_keys_change_the_state_only_when_the_bar_would(
    qloop: asyncio.AbstractEventLoop, rig: Rig
) -> None:
    hotkeys = _hotkeys(rig)
    triggered: list[str] = []
    hotkeys.triggered.connect(triggered.append)

    async def scenario() -> None:
        _press(hotkeys, "busy")  # signed out
        assert triggered == []
        await rig.signed_in_ready()
        _press(hotkeys, "ready")  # already ready
        _press(hotkeys, "busy")
        await wait_until(
            lambda: (
                rig.session.snapshot.state == AgentState.BUSY
                and rig.session.snapshot.pending is None
            )
        )
        _press(hotkeys, "ready")
        await wait_until(rig.ready)
        assert triggered == ["busy", "ready"]

    run(qloop, rig, scenario())


def _snapshot(state: AgentState, *, pending: AgentState | None = None) -> AgentSnapshot:
    return AgentSnapshot(state, pending, since=0.0, signed_in=True)


CONNECTED = Connection(ConnectionStatus.CONNECTED)
RINGING = CallState("1", CALLER, "88880101", CallPhase.RINGING, since=0.0)
TALKING = CallState("1", CALLER, "88880101", CallPhase.TALKING, since=0.0)


@pytest.mark.parametrize(
    ("snapshot", "connection", "call", "allowed"),
    [
        (
            AgentSnapshot(AgentState.SIGNED_OUT, None, 0.0),
            Connection(ConnectionStatus.OFFLINE),
            None,
            AllowedActions(),
        ),
        (
            _snapshot(AgentState.BUSY),
            Connection(ConnectionStatus.RECONNECTING),
            RINGING,
            AllowedActions(),
        ),
        (
            _snapshot(AgentState.IDLE),
            CONNECTED,
            None,
            AllowedActions(busy=True, rest=True, wrap_up=True),
        ),
        (
            _snapshot(AgentState.BUSY),
            CONNECTED,
            None,
            AllowedActions(ready=True, busy=True, rest=True, wrap_up=True),
        ),
        (_snapshot(AgentState.IDLE, pending=AgentState.BUSY), CONNECTED, None, AllowedActions()),
        (
            _snapshot(AgentState.IDLE),
            CONNECTED,
            RINGING,
            AllowedActions(busy=True, wrap_up=True, answer=True, hang_up=True),
        ),
        (
            _snapshot(AgentState.TALKING),
            CONNECTED,
            TALKING,
            AllowedActions(
                busy=True, wrap_up=True, hang_up=True, hold=True, mute=True, transfer=True
            ),
        ),
        (
            _snapshot(AgentState.WRAP_UP),
            CONNECTED,
            None,
            AllowedActions(ready=True, busy=True, rest=True),
        ),
    ],
)
def test_allowed_actions_follow_the_state_the_call_and_the_connection(
    snapshot: AgentSnapshot,
    connection: Connection,
    call: CallState | None,
    allowed: AllowedActions,
) -> None:
    assert allowed_actions(snapshot, connection, call) == allowed


def test_the_bar_enables_its_buttons_as_allowed_actions_says(
    qloop: asyncio.AbstractEventLoop, rig: Rig
) -> None:
    """One rule for the bar and the keys: the buttons agree with it in a real state."""
    bar = rig.window.bar

    async def scenario() -> None:
        await rig.signed_in_ready()
        session = rig.session
        allowed = allowed_actions(session.snapshot, session.connection, session.call)
        assert bar.ready_button.isEnabled() == allowed.ready
        assert bar.busy_button.isEnabled() == allowed.busy
        assert bar.rest_button.isEnabled() == allowed.rest
        assert bar.wrap_up_button.isEnabled() == allowed.wrap_up
        assert allowed.busy
        assert not allowed.ready

    run(qloop, rig, scenario())
