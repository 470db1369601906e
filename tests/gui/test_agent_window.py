"""The window against the real simulator over loopback: sign-in, state, calls, outages.

Each test builds the real widgets (offscreen) on a qasync loop and drives a scenario coroutine; the
simulator runs on its own thread and is steered through its control interface.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from agentbar.app.agent.session import (
    AgentSession,
    AgentSnapshot,
    CallPhase,
    ConnectionStatus,
)
from agentbar.app.services import Services
from agentbar.cec.models import AgentState
from agentbar.config import demo_profile
from agentbar.secrets import PASSWORD, MemoryStore
from agentbar.ui.window.main_window import MainWindow
from agentbar.ui.window.tray import TrayIcon
from tests.gui.conftest import wait_for_signal, wait_until

AGENT = "101"
CALLER = "13912345678"


class Rig:
    """The window, its session and its services, built the way agentbar/startup/window.py builds
    them."""

    def __init__(self, sim_url: str) -> None:
        self.profile = demo_profile(sim_url)
        self.services: Services | None = None
        self.session: AgentSession
        self.window: MainWindow
        self.tray: TrayIcon

    async def open(self) -> None:
        self.services = await Services.open(self.profile, MemoryStore({PASSWORD: "demo"}))
        self.session = AgentSession(self.services.gateway, self.profile.gateway.phone)
        self.tray = TrayIcon(self.session)
        self.window = MainWindow(self.profile, self.session, self.tray, self.services)
        self.window.show()

    async def close(self) -> None:
        if self.services is None:
            return
        self.window.prepare_to_quit()
        if self.session.signed_in:
            await self.session.sign_out(force=True)
        await self.session.close()
        self.window.close()
        await self.services.aclose()

    async def signed_in_ready(self) -> None:
        assert await self.window.sign_in()
        await wait_until(self.ready)

    def ready(self) -> bool:
        snap = self.session.snapshot
        return snap.signed_in and snap.pending is None and snap.state == AgentState.IDLE


@pytest.fixture
def rig(qtbot: Any, qloop: asyncio.AbstractEventLoop, sim: Any) -> Iterator[Rig]:
    made = Rig(sim.url)
    qloop.run_until_complete(made.open())
    # Not qtbot.addWidget: pytest-qt would delete the window before the rig signs out.
    yield made
    qloop.run_until_complete(made.close())


def run(qloop: asyncio.AbstractEventLoop, coro: Any, within: float = 60.0) -> Any:
    return qloop.run_until_complete(asyncio.wait_for(coro, within))


def test_sign_in_lists_skills_and_busy_shows_only_after_the_server_event(qloop, rig, qtbot):
    bar = rig.window.bar
    seen: list[tuple[str, Any]] = []
    rig.session.event_received.connect(lambda e: seen.append(("event", e.event_type)))
    rig.session.state_changed.connect(
        lambda s: seen.append(("state", (s.state, s.pending, bar.state_label.text())))
    )

    async def scenario() -> None:
        await rig.signed_in_ready()
        await wait_until(lambda: rig.window.skills_view.model.rowCount() > 0)
        assert "Ready" in bar.state_label.text()
        assert bar.busy_button.isEnabled()
        seen.clear()
        qtbot.mouseClick(bar.busy_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: rig.session.snapshot.state == AgentState.BUSY)

    run(qloop, scenario())
    states = [item for kind, item in seen if kind == "state"]
    # First the pending mark, shown as such on the bar …
    assert states[0][0] == AgentState.IDLE
    assert states[0][1] == AgentState.BUSY
    assert "Busy…" in states[0][2]
    # … and the confirmed state only after the server's event arrived.
    confirm_at = seen.index(("event", "AgentState_SetNotReady_Success"))
    busy_at = next(
        i for i, (k, item) in enumerate(seen) if k == "state" and item[0] == AgentState.BUSY
    )
    assert confirm_at < busy_at
    assert "Busy" in bar.state_label.text()
    assert "…" not in bar.state_label.text()
    skills = rig.window.skills_view.model
    assert skills.joined_ids(), "skills were not listed after sign-in"
    assert all(skills.data(skills.index(row, 2)) for row in range(skills.rowCount())), (
        "every skill shows a media type name"
    )


def test_busy_with_a_reason_reaches_the_server_and_a_refusal_reverts(qloop, rig):
    async def scenario() -> None:
        await rig.signed_in_ready()
        errors: list[Any] = []
        rig.session.error_occurred.connect(errors.append)
        assert await rig.session.say_busy(203)
        await wait_until(lambda: rig.session.snapshot.state == AgentState.BUSY)
        assert rig.session.snapshot.reason == 203
        # Out-of-range reason: the gateway refuses; the bar goes back to the confirmed state.
        assert not await rig.session.say_busy(999)
        assert errors, "the refusal was not reported"
        assert rig.session.snapshot.pending is None
        assert rig.session.snapshot.state == AgentState.BUSY
        assert rig.window.error_banner.isVisible()

    run(qloop, scenario())


def test_ringing_notifies_then_answer_talk_and_customer_hang_up_returns_to_ready(
    qloop, rig, sim, qtbot
):
    bar = rig.window.bar
    notes: list[tuple[str, str]] = []
    rig.tray.notified.connect(lambda title, text: notes.append((title, text)))

    async def scenario() -> None:
        await rig.signed_in_ready()
        rig.window.hide()
        ringing = asyncio.ensure_future(wait_for_signal(rig.session.ringing))
        await asyncio.to_thread(sim.control.call, AGENT, CALLER)
        (call,) = await ringing
        assert call.caller == CALLER
        assert rig.window.isVisible(), "the window did not come forward"
        assert notes
        assert CALLER in notes[-1][1]
        assert bar.call_panel.isVisible()
        assert bar.caller_label.text() == CALLER
        assert bar.answer_button.isVisible()
        qtbot.mouseClick(bar.answer_button, Qt.MouseButton.LeftButton)
        await wait_until(
            lambda: rig.session.call is not None and rig.session.call.phase == CallPhase.TALKING
        )
        assert not bar.answer_button.isVisible()
        assert bar.hang_up_button.isVisible()
        await asyncio.sleep(1.2)
        bar._refresh_timers()
        assert bar.call_timer_label.text() in ("0:01", "0:02")
        await asyncio.to_thread(sim.control.hangup, AGENT)
        await wait_until(lambda: rig.session.call is None and rig.ready())
        assert not bar.call_panel.isVisible()
        assert "Ready" in bar.state_label.text()

    run(qloop, scenario())


def test_forced_sign_out_by_the_server_shows_a_banner_and_disables_controls(qloop, rig, sim):
    bar = rig.window.bar

    async def scenario() -> None:
        await rig.signed_in_ready()
        await asyncio.to_thread(sim.control.sign_out, AGENT)
        await wait_until(
            lambda: rig.session.connection.status == ConnectionStatus.SIGNED_OUT_BY_SERVER
        )

    run(qloop, scenario())
    banner = rig.window.status_banner
    assert banner.isVisible()
    assert "signed you out" in banner.text
    assert banner.action_button.isVisible()  # "Sign in again"
    for button in (bar.ready_button, bar.busy_button, bar.rest_button, bar.wrap_up_button):
        assert not button.isEnabled(), button.text()
    assert bar.sign_button.text() == "Sign in"
    assert not rig.session.signed_in


def test_connection_drop_and_return_reconnects_and_resyncs(qloop, rig, sim, monkeypatch):
    status_calls: list[float] = []
    gateway = rig.services.gateway if rig.services else None
    assert gateway is not None
    real_status = gateway.status

    async def counting_status() -> Any:
        status_calls.append(asyncio.get_running_loop().time())
        return await real_status()

    async def scenario() -> None:
        await rig.signed_in_ready()
        monkeypatch.setattr(gateway, "status", counting_status)
        skills_after: list[Any] = []
        rig.session.skills_changed.connect(skills_after.append)
        # Every gateway request fails until the fault is cleared.
        await asyncio.to_thread(
            sim.control.add_fault, kind="drop", path="/agentgateway/", count=None
        )
        await wait_until(
            lambda: rig.session.connection.status == ConnectionStatus.RECONNECTING, within=30
        )
        assert rig.window.status_banner.isVisible()
        assert "Reconnecting" in rig.window.status_banner.text
        assert not rig.window.bar.busy_button.isEnabled()
        await asyncio.to_thread(sim.control.clear_faults)
        await wait_until(
            lambda: rig.session.connection.status == ConnectionStatus.CONNECTED, within=30
        )
        await wait_until(lambda: bool(status_calls) and bool(skills_after), within=15)
        assert not rig.window.status_banner.isVisible()
        assert rig.session.signed_in
        assert rig.window.bar.busy_button.isEnabled()

    run(qloop, scenario(), within=90)


def test_snapshot_is_immutable_state_not_a_widget_copy(rig):
    snapshot = rig.session.snapshot
    assert isinstance(snapshot, AgentSnapshot)
    with pytest.raises(AttributeError):
        snapshot.state = AgentState.BUSY  # type: ignore[misc]
