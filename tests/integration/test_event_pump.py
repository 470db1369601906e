"""The event pump against the simulator over loopback: GUID rotation and renewal, server sign-outs,
injected faults, a simulator restart, and the request rate while things go wrong."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx2
import pytest

from agentbar.cec.errors import (
    AuthError,
    CecError,
    ProtocolError,
    SignedOutByServer,
    TransportError,
)
from agentbar.cec.event_pump import PumpState, PumpStatus
from agentbar.cec.gateway import GatewayClient
from agentbar.cec.models import AgentState
from tests.conftest import RunningSim
from tests.integration.pump_run import PumpRun, gateway_client, types

pytestmark = pytest.mark.timeout(30)

POLL_PATH = "/agentgateway/resource/agentevent/101"
UPDATE_GUID_PATH = "/agentgateway/resource/onlineagent/101/updateGuid"


async def control(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    # The control client is synchronous; keep the loop (and the pump) running meanwhile.
    return await asyncio.to_thread(fn, *args, **kwargs)


async def requests_to(sim: RunningSim, path: str) -> int:
    stats = await control(sim.control.stats)
    return int(stats["requests"].get(path, 0))


SignIn = Callable[..., Awaitable[tuple[RunningSim, GatewayClient]]]


@pytest.fixture
async def sign_in_101(sim_factory: Callable[..., RunningSim]) -> AsyncIterator[SignIn]:
    """Starts a fast simulator with the given settings and signs agent 101 in to it."""
    async with contextlib.AsyncExitStack() as stack:

        async def start(**settings: Any) -> tuple[RunningSim, GatewayClient]:
            sim = sim_factory(**{"poll_hold": 0.5, **settings})
            gw = await stack.enter_async_context(gateway_client(sim.url))
            await gw.sign_in("demo", "88880101")
            return sim, gw

        yield start


def disconnected(status: PumpStatus) -> bool:
    return not status.connected


# -- GUIDs ---------------------------------------------------------------------------------------


async def test_dynamic_guids_rotate_many_times_without_one_refused_call(
    sign_in_101: SignIn,
) -> None:
    sim, gw = await sign_in_101(guid_mode="dynamic", guid_interval=0.3, guid_timeout=1.0)
    run = PumpRun(gw)
    seen = {gw.guid}
    deadline = time.monotonic() + 15
    calls = 0
    while len(seen) < 7 and time.monotonic() < deadline:
        await gw.say_busy(200 + calls % 50)
        assert (await gw.status()).state is AgentState.BUSY
        await gw.cancel_busy()
        await gw.reset_skills([1, 2])
        seen.add(gw.guid)
        calls += 1
        await asyncio.sleep(0.1)
    assert len(seen) >= 6, f"only {len(seen) - 1} rotations"
    # Every command was confirmed by its events, none lost or refused.
    got = await run.take(2 + calls * 3)
    assert types(got)[:2] == ["AgentOther_InService", "AgentState_Ready"]
    assert types(got)[2:5] == [
        "AgentState_SetNotReady_Success",
        "AgentState_CancelNotReady_Success",
        "AgentState_Ready",
    ]
    assert not any(disconnected(s) for s in run.statuses)
    assert await requests_to(sim, UPDATE_GUID_PATH) == 0
    await run.stop()


async def test_a_poll_refused_for_a_stale_guid_is_renewed_once_and_events_keep_flowing(
    sign_in_101: SignIn,
) -> None:
    sim, gw = await sign_in_101(guid_mode="dynamic", guid_interval=60.0, guid_timeout=1.0)
    stale = gw.guid
    # The first poll (with the sign-in GUID) is held up on the way in; meanwhile the gateway
    # rotates and another request learns the new GUID, and the held one's GUID expires.
    await control(sim.control.add_fault, kind="delay", seconds=1.6, path=POLL_PATH, count=1)
    run = PumpRun(gw)
    async with asyncio.timeout(5):
        while await requests_to(sim, POLL_PATH) < 1:  # noqa: ASYNC110 -- another process's count
            await asyncio.sleep(0.01)
    await control(sim.control.rotate_guid, "101")
    await gw.handshake()
    assert gw.guid != stale

    assert types(await run.take(2)) == ["AgentOther_InService", "AgentState_Ready"]
    assert await requests_to(sim, UPDATE_GUID_PATH) == 1
    await control(sim.control.inject, "101", "AgentState_Rest_Timeout", None, 3)
    assert types(await run.take(3)) == ["AgentState_Rest_Timeout"] * 3
    assert not run.task.done()
    await run.stop()


async def test_an_expired_guid_ends_the_pump_with_auth_error_after_one_renewal(
    sign_in_101: SignIn,
) -> None:
    sim, gw = await sign_in_101(guid_mode="dynamic", guid_interval=60.0, guid_timeout=0.5)
    await control(sim.control.rotate_guid, "101")
    await asyncio.sleep(0.8)  # the client's GUID is now past its grace
    run = PumpRun(gw)
    ended = await run.ended()
    assert isinstance(ended, AuthError)
    assert ended.code == "000-003"
    assert ended.message
    assert await requests_to(sim, UPDATE_GUID_PATH) == 1
    assert await requests_to(sim, POLL_PATH) == 1
    assert run.statuses[-1].connected is False
    assert run.statuses[-1].error is ended
    assert run.statuses[-1].stopped is True
    assert sum(1 for s in run.statuses if s.stopped) == 1


# -- the server ends the session -----------------------------------------------------------------


async def test_server_sign_out_yields_shutdown_then_ends_with_signed_out_by_server(
    sign_in_101: SignIn,
) -> None:
    sim, gw = await sign_in_101()
    run = PumpRun(gw)
    await run.take(2)
    await control(sim.control.sign_out, "101")
    (last,) = await run.take(1)
    assert last.event_type == "AgentOther_ShutdownService"
    assert last.description == "Signed out"
    ended = await run.ended()
    assert isinstance(ended, SignedOutByServer)
    assert ended.message
    # The owner learns that the pump ended (not that it is retrying), and why.
    assert run.statuses[-1].state is PumpState.STOPPED
    assert run.statuses[-1].error is ended
    assert not any(s.state is PumpState.RETRYING for s in run.statuses)
    polls_after = await requests_to(sim, POLL_PATH)
    await asyncio.sleep(0.6)
    assert await requests_to(sim, POLL_PATH) == polls_after  # it really stopped


async def test_stop_ends_the_pump_quietly_while_a_poll_is_held(
    sign_in_101: SignIn,
) -> None:
    _, gw = await sign_in_101()
    run = PumpRun(gw)
    await run.take(2)
    await asyncio.sleep(0.1)  # the next poll is held
    started = time.monotonic()
    run.pump.stop()
    assert await run.ended(timeout=2) is None
    assert time.monotonic() - started < 0.5
    assert run.statuses[-1] == PumpStatus(connected=False, error=None, stopped=True)
    assert run.statuses[-1].state is PumpState.STOPPED


# -- faults --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "error_class"),
    [
        ("drop", TransportError),
        ("http5xx", ProtocolError),
        ("html", ProtocolError),
        ("malformed", ProtocolError),
    ],
)
async def test_one_failed_poll_is_retried_and_reported(
    sign_in_101: SignIn, kind: str, error_class: type[CecError]
) -> None:
    sim, gw = await sign_in_101()
    run = PumpRun(gw)
    await run.take(2)
    await control(sim.control.add_fault, kind=kind, path=POLL_PATH, count=1)
    await run.wait_status(disconnected, timeout=3)  # the poll after the held one fails
    await control(sim.control.inject, "101", "AgentState_Rest_Timeout")
    (event,) = await run.take(1)
    assert event.event_type == "AgentState_Rest_Timeout"
    failures = [s for s in run.statuses if disconnected(s)]
    assert len(failures) == 1
    assert isinstance(failures[0].error, error_class)
    assert failures[0].error.message
    assert failures[0].retry_in >= 0.5
    assert run.statuses[-1].connected is True
    await run.stop()


async def test_a_delayed_poll_is_waited_for_without_an_error(
    sign_in_101: SignIn,
) -> None:
    sim, gw = await sign_in_101()
    run = PumpRun(gw)
    await run.take(2)
    await control(sim.control.add_fault, kind="delay", seconds=1.0, path=POLL_PATH, count=2)
    await control(sim.control.inject, "101", "AgentState_Rest_Timeout")
    (event,) = await run.take(1)
    assert event.event_type == "AgentState_Rest_Timeout"
    assert not any(disconnected(s) for s in run.statuses)
    await run.stop()


@pytest.mark.parametrize(
    ("kind", "window"), [("http5xx", 3.5), ("drop", 3.5), ("html", 1.5), ("malformed", 1.5)]
)
async def test_a_lasting_fault_is_retried_at_a_bounded_rate_and_recovered_from(
    sign_in_101: SignIn, kind: str, window: float
) -> None:
    sim, gw = await sign_in_101()
    # backoff_max keeps the retries near the floor: the rate bound must hold there too.
    run = PumpRun(gw, backoff_max=1.0)
    await run.take(2)
    await control(sim.control.add_fault, kind=kind, path=POLL_PATH, count=None)
    await run.wait_status(disconnected, timeout=3)
    before = await requests_to(sim, POLL_PATH)
    await asyncio.sleep(window)
    during = await requests_to(sim, POLL_PATH) - before
    assert 1 <= during <= 2 * window + 1, f"{during} polls in {window} s"
    assert run.task.done() is False
    failures = [s for s in run.statuses if disconnected(s)]
    assert len(failures) >= during - 1  # every failed poll is reported
    assert all(s.error is not None and s.error.message for s in failures)
    assert all(0.5 <= s.retry_in <= 1.0 for s in failures)

    await control(sim.control.clear_faults)
    await control(sim.control.inject, "101", "AgentState_Rest_Timeout")
    (event,) = await run.take(1, timeout=5)
    assert event.event_type == "AgentState_Rest_Timeout"
    assert run.statuses[-1].connected is True
    await run.stop()


async def test_an_instant_empty_answer_is_not_polled_in_a_tight_loop(
    sim_factory: Callable[..., RunningSim],
) -> None:
    # A gateway with AGENT_POLL_WAIT_FLAG=OFF answers every poll at once, without an event.
    sim = sim_factory(poll_hold=0.0)
    async with gateway_client(sim.url) as gw:
        await gw.sign_in("demo", "88880101")
        run = PumpRun(gw)
        await run.take(2)
        before = await requests_to(sim, POLL_PATH)
        await asyncio.sleep(2.0)
        during = await requests_to(sim, POLL_PATH) - before
        assert during <= 6, f"{during} empty polls in 2 s"
        # Events still arrive promptly.
        await control(sim.control.inject, "101", "AgentState_Rest_Timeout", None, 3)
        assert types(await run.take(3, timeout=3)) == ["AgentState_Rest_Timeout"] * 3
        await run.stop()


async def test_no_event_is_lost_or_repeated_across_interleaved_faults(
    sign_in_101: SignIn,
) -> None:
    sim, gw = await sign_in_101()
    run = PumpRun(gw, backoff_base=0.1, backoff_max=0.2)
    await run.take(2)
    kinds = ["http5xx", "html", "malformed", "drop", "delay"]
    total = 40
    for seq in range(total):
        if seq % 4 == 0:
            kind = kinds[(seq // 4) % len(kinds)]
            await control(sim.control.add_fault, kind=kind, path=POLL_PATH, count=1, seconds=0.3)
        await control(sim.control.inject, "101", "AgentEvent_Hold", f"call-{seq}")
        if seq % 7 == 0:
            await asyncio.sleep(0.05)
    got = await run.take(total, timeout=20)
    assert [e.call_id for e in got] == [f"call-{seq}" for seq in range(total)]
    assert sum(1 for s in run.statuses if disconnected(s)) >= 4
    await control(sim.control.inject, "101", "AgentState_Rest_Timeout")
    assert types(await run.take(1)) == ["AgentState_Rest_Timeout"]
    await run.stop()


# -- a simulator restart -------------------------------------------------------------------------


async def test_a_restarted_gateway_that_forgot_the_session_ends_the_pump_after_reconnecting(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = sim_factory(poll_hold=3.0)
    async with gateway_client(sim.url) as gw:
        await gw.sign_in("demo", "88880101")
        run = PumpRun(gw)
        await run.take(2)
        await asyncio.sleep(0.2)  # the next poll is held
        port = sim.thread.port
        await control(sim.thread.stop)
        await run.wait_status(lambda s: not s.connected and s.retry_in > 0, timeout=5)
        assert not run.task.done()

        # A new server on the same port; it does not know the session.
        await control(sim.thread.start, "127.0.0.1", port)
        async with asyncio.timeout(10):
            while True:
                try:
                    async with httpx2.AsyncClient() as probe:
                        await probe.get(f"{sim.url}/sim/stats")
                    break
                except httpx2.TransportError:
                    await asyncio.sleep(0.05)
        ended = await run.ended(timeout=10)
        assert isinstance(ended, SignedOutByServer)
        assert ended.code == "100-006"
        reconnecting = [s for s in run.statuses if s.state is PumpState.RETRYING]
        assert reconnecting
        assert all(isinstance(s.error, TransportError) for s in reconnecting)
        assert run.statuses[-1].state is PumpState.STOPPED
        assert run.statuses[-1].error is ended


async def test_a_command_refused_for_a_stale_guid_is_sent_again_after_one_renewal(
    sign_in_101: SignIn,
) -> None:
    sim, gw = await sign_in_101(guid_mode="dynamic", guid_interval=60.0, guid_timeout=1.0)
    busy_path = "/agentgateway/resource/onlineagent/101/saybusy"
    stale = gw.guid
    # The command is held up on the way in; meanwhile the GUID rotates, another request learns
    # the new one, and the held command's GUID expires before the gateway checks it.
    await control(sim.control.add_fault, kind="delay", seconds=1.6, path=busy_path, count=1)
    command = asyncio.create_task(gw.say_busy())
    async with asyncio.timeout(5):
        while await requests_to(sim, busy_path) < 1:  # noqa: ASYNC110 -- another process's count
            await asyncio.sleep(0.01)
    await control(sim.control.rotate_guid, "101")
    await gw.handshake()
    assert gw.guid != stale
    await asyncio.wait_for(command, 10)
    assert await requests_to(sim, UPDATE_GUID_PATH) == 1
    assert await requests_to(sim, busy_path) == 2
    assert (await gw.status()).state == AgentState.BUSY


async def test_a_command_whose_guid_cannot_be_renewed_reports_the_refusal(
    sign_in_101: SignIn,
) -> None:
    sim, gw = await sign_in_101(guid_mode="dynamic", guid_interval=60.0, guid_timeout=0.5)
    await control(sim.control.rotate_guid, "101")
    await asyncio.sleep(0.8)  # the client's GUID is now past its grace
    with pytest.raises(AuthError) as refused:
        await gw.say_busy()
    assert refused.value.code == "000-003"
    assert await requests_to(sim, UPDATE_GUID_PATH) == 1  # one renewal, no loop
