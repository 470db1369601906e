"""The CC-Gateway client against the simulator over loopback: a shift from sign-in to sign-out."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from agentbar.cec.errors import (
    AlreadySignedInError,
    AuthError,
    BadCredentialsError,
    CecError,
    NotSignedInError,
    ProtocolError,
    ServiceError,
    SignedOutByServer,
    TransportError,
)
from agentbar.cec.models import AgentState, Skill
from tests.conftest import RunningSim
from tests.integration.pump_run import PumpRun, gateway_client, types

pytestmark = pytest.mark.timeout(30)

AGENT_101_SKILLS = [1, 2, 10, 11, 20]


def fast_sim(sim_factory: Callable[..., RunningSim], **settings: object) -> RunningSim:
    return sim_factory(poll_hold=0.5, **settings)


async def control(fn: Callable[..., object], *args: object) -> object:
    # The control client is synchronous; keep the loop (and the pump) running meanwhile.
    return await asyncio.to_thread(fn, *args)


async def test_a_shift_signs_in_joins_skills_changes_state_takes_a_call_and_signs_out(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory)
    async with gateway_client(sim.url) as gw:
        signed_in = await gw.sign_in("demo", "88880101")
        assert signed_in.work_no == "101"
        assert signed_in.vdn_id == 1
        assert signed_in.login_time is not None
        assert gw.guid
        run = PumpRun(gw)
        assert types(await run.take(2)) == ["AgentOther_InService", "AgentState_Ready"]

        # Skills: none until resetskill; then all, then the chosen ones the agent is configured for.
        assert await gw.skills() == []
        configured = await gw.configured_skills()
        assert [s.id for s in configured] == AGENT_101_SKILLS
        assert all(isinstance(s, Skill) and s.name for s in configured)
        await gw.reset_skills(None)
        assert [s.id for s in await gw.skills()] == AGENT_101_SKILLS
        await gw.reset_skills([2, 10, 3])
        assert [s.id for s in await gw.skills()] == [2, 10]
        assert {s.id for s in await gw.configured_skills("102")} == {1, 10, 12}

        # State changes, each confirmed by its events.
        await gw.say_busy(201)
        (busy,) = await run.take(1)
        assert busy.event_type == "AgentState_SetNotReady_Success"
        assert busy.reason == 201
        assert (await gw.status()).state is AgentState.BUSY
        await gw.cancel_busy()
        assert types(await run.take(2)) == ["AgentState_CancelNotReady_Success", "AgentState_Ready"]

        await gw.rest(600, 3)
        (rest,) = await run.take(1)
        assert rest.event_type == "AgentState_SetRest_Success"
        assert rest.reason == 3
        assert (await gw.status()).state is AgentState.REST
        await gw.cancel_rest()
        assert types(await run.take(2)) == ["AgentState_CancelRest_Success", "AgentState_Ready"]

        await gw.enter_wrap_up()
        assert types(await run.take(1)) == ["AgentState_SetWork_Success"]
        assert (await gw.status()).state is AgentState.WRAP_UP
        await gw.leave_wrap_up()
        assert types(await run.take(2)) == ["AgentState_CancelWork_Success", "AgentState_Ready"]

        await gw.say_busy()
        assert types(await run.take(1)) == ["AgentState_SetNotReady_Success"]
        await gw.say_ready()
        assert types(await run.take(2)) == ["AgentState_CancelNotReady_Success", "AgentState_Ready"]
        assert (await gw.status()).state is AgentState.IDLE

        # An inbound call rings (auto-answer is off), is answered, and the customer hangs up.
        call_id = await control(sim.control.call, "101", "13800000000")
        ringing = await run.until("AgentEvent_Ringing")
        assert types(ringing) == [
            "AgentEvent_Incoming_CallInfo",
            "AgentOther_PhoneAlerting",
            "AgentEvent_Ringing",
        ]
        call = ringing[-1].call
        assert call is not None
        assert call.call_id == call_id
        assert call.caller == "13800000000"
        assert ringing[-1].call_id == call_id
        assert ringing[-1].description == "Call from 13800000000 ringing"

        await gw.answer(call.call_id)
        talking = await run.until("AgentEvent_Talking")
        assert types(talking) == ["AgentOther_PhoneOffhook", "AgentEvent_Talking"]
        assert talking[-1].call_id == call_id
        assert (await gw.status()).state is AgentState.TALKING

        await control(sim.control.hangup, "101")
        released = await run.until("AgentState_Ready")
        released_types = types(released)
        assert released_types[0] != "AgentState_Ready"
        expected_order = [
            "AgentEvent_Customer_Release",
            "AgentEvent_Call_Release",
            "AgentOther_PhoneRelease",
            "AgentState_Ready",
        ]
        assert [t for t in released_types if t in expected_order] == expected_order
        by_type = {e.event_type: e for e in released}
        assert by_type["AgentEvent_Customer_Release"].call_id == call_id
        assert by_type["AgentEvent_Call_Release"].call_id == call_id
        customer = by_type["AgentEvent_Customer_Release"].customer_release
        assert customer is not None
        assert customer.number == "13800000000"

        # Sign out: the pump yields ShutdownService and ends; the session is gone.
        await gw.sign_out()
        (shutdown,) = await run.take(1)
        assert shutdown.event_type == "AgentOther_ShutdownService"
        assert isinstance(await run.ended(), SignedOutByServer)
        with pytest.raises(ServiceError):
            await gw.status()


async def test_agent_hangs_up_an_answered_call_and_holds_it_first(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory)
    async with gateway_client(sim.url, "102") as gw:
        await gw.sign_in("demo", "88880102", auto_answer=True)
        run = PumpRun(gw)
        await run.until("AgentState_Ready")
        call_id = await control(sim.control.call, "102")
        answered = await run.until("AgentEvent_Talking")
        assert "AgentEvent_Auto_Answer" in types(answered)
        await gw.hold()
        held = (await run.until("AgentEvent_Hold"))[-1]
        assert held.call_id == call_id
        await gw.unhold(str(call_id))
        assert (await run.until("AgentEvent_Talking"))[-1].call_id == call_id
        await gw.release()
        released = await run.until("AgentState_Ready")
        assert "AgentEvent_Call_Release" in types(released)
        with pytest.raises(ServiceError) as no_call:
            await gw.release()
        assert no_call.value.code == "200-025"
        await gw.sign_out()
        assert isinstance(await run.ended(), SignedOutByServer)


async def test_wrong_password_is_refused_as_bad_credentials(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory)
    async with gateway_client(sim.url, "103") as gw:
        with pytest.raises(BadCredentialsError) as caught:
            await gw.sign_in("not-the-password", "88880103")
        assert caught.value.code == "100-004"
        assert "not-the-password" not in str(caught.value)
        assert gw.guid is None


async def test_already_signed_in_then_forced_sign_in_takes_over_and_locks_out_the_old_client(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory)
    async with gateway_client(sim.url) as old, gateway_client(sim.url) as new:
        await old.sign_in("demo", "88880101")
        old_run = PumpRun(old)
        await old_run.until("AgentState_Ready")

        with pytest.raises(AlreadySignedInError) as caught:
            await new.sign_in("demo", "88880101")
        assert caught.value.code == "100-002"
        await new.sign_in("demo", "88880101", force=True)
        assert new.guid
        assert new.guid != old.guid

        with pytest.raises((AuthError, NotSignedInError)):
            await old.status()
        # The old pump's held poll is refused; one GUID renewal is refused too, and it ends.
        ended = await old_run.ended(timeout=5)
        assert isinstance(ended, (AuthError, SignedOutByServer))

        new_run = PumpRun(new)
        assert types(await new_run.take(2)) == ["AgentOther_InService", "AgentState_Ready"]
        assert (await new.status()).state is AgentState.IDLE
        await new.sign_out()
        assert isinstance(await new_run.ended(), SignedOutByServer)


async def test_idle_sign_out_is_reported_when_polling_stopped(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory, idle_signout=1.0)
    async with gateway_client(sim.url) as gw:
        await gw.sign_in("demo", "88880101")
        await asyncio.sleep(1.8)  # no poll: the gateway signs the agent out
        with pytest.raises(NotSignedInError):
            await gw.status()
        run = PumpRun(gw)
        # What was queued before the end still arrives, then the pump reports the sign-out.
        rest = await run.until("AgentOther_ShutdownService")
        assert types(rest) == [
            "AgentOther_InService",
            "AgentState_Ready",
            "AgentOther_ShutdownService",
        ]
        assert isinstance(await run.ended(), SignedOutByServer)


async def test_a_running_pump_keeps_the_session_past_the_idle_limit(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory, idle_signout=1.0)
    async with gateway_client(sim.url) as gw:
        await gw.sign_in("demo", "88880101")
        run = PumpRun(gw)
        await asyncio.sleep(2.5)
        assert (await gw.status()).state is AgentState.IDLE
        assert run.task.done() is False
        await gw.sign_out()
        assert isinstance(await run.ended(), SignedOutByServer)


# -- sign-in and sign-out never overlap ----------------------------------------------------------

LOGIN_PATH = "/agentgateway/resource/onlineagent/101"
LOGOUT_PATH = "/agentgateway/resource/onlineagent/101/logout"


async def requests_to(sim: RunningSim, path: str) -> int:
    stats = await asyncio.to_thread(sim.control.stats)
    return int(stats["requests"].get(path, 0))


async def hold_up_the_sign_in(sim: RunningSim, seconds: float) -> None:
    await asyncio.to_thread(
        sim.control.add_fault,
        kind="delay",
        seconds=seconds,
        method="PUT",
        pattern=r"^/agentgateway/resource/onlineagent/101$",
        count=1,
    )


async def until_requested(sim: RunningSim, path: str, count: int = 1) -> None:
    async with asyncio.timeout(5):
        while await requests_to(sim, path) < count:  # noqa: ASYNC110 -- another thread's count
            await asyncio.sleep(0.02)


async def test_a_sign_out_waits_for_the_sign_in_in_flight(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory)
    async with gateway_client(sim.url) as gw:
        await hold_up_the_sign_in(sim, 1.0)
        signing_in = asyncio.create_task(gw.sign_in("demo", "88880101"))
        await until_requested(sim, LOGIN_PATH)
        signing_out = asyncio.create_task(gw.sign_out())
        await asyncio.sleep(0.6)
        # While the gateway still works on the sign-in, the sign-out has not been sent.
        assert await requests_to(sim, LOGOUT_PATH) == 0
        assert not signing_out.done()
        await signing_in
        # Then it goes out and succeeds (sent alongside, it would have met 100-006).
        await signing_out
        assert await requests_to(sim, LOGOUT_PATH) == 1
        with pytest.raises(NotSignedInError):
            await gw.status()


async def test_a_second_sign_in_waits_for_the_first_one(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory)
    async with gateway_client(sim.url) as gw:
        await hold_up_the_sign_in(sim, 1.0)
        first = asyncio.create_task(gw.sign_in("demo", "88880101"))
        await until_requested(sim, LOGIN_PATH)
        second = asyncio.create_task(gw.sign_in("demo", "88880101"))
        await asyncio.sleep(0.6)
        assert await requests_to(sim, LOGIN_PATH) == 1
        await first
        # Only after the first answered does the second reach the gateway: already signed in.
        with pytest.raises(AlreadySignedInError):
            await second
        assert await requests_to(sim, LOGIN_PATH) == 2


async def test_a_sign_in_waits_for_the_sign_out_in_flight(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory)
    async with gateway_client(sim.url) as gw:
        await gw.sign_in("demo", "88880101")
        await asyncio.to_thread(
            sim.control.add_fault, kind="delay", seconds=1.0, path=LOGOUT_PATH, count=1
        )
        signing_out = asyncio.create_task(gw.sign_out())
        await until_requested(sim, LOGOUT_PATH)
        signing_in = asyncio.create_task(gw.sign_in("demo", "88880101"))
        await asyncio.sleep(0.6)
        assert await requests_to(sim, LOGIN_PATH) == 1  # only the first sign-in
        await signing_out
        # Sent after the sign-out finished, the sign-in finds the agent signed out: no 100-002.
        await signing_in
        assert (await gw.status()).state is AgentState.IDLE
        await gw.sign_out()


# -- call control through the client -------------------------------------------------------------


async def test_call_out_mute_hold_and_release_through_the_client(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory, callout_answer_after=0.2)
    async with gateway_client(sim.url) as gw:
        await gw.sign_in("demo", "88880101")
        run = PumpRun(gw)
        await run.until("AgentState_Ready")

        call_id = await gw.call_out("13700000000", skill_id=1)
        assert call_id
        started = await run.until("AgentEvent_Talking")
        assert types(started) == [
            "AgentState_Busy",
            "AgentEvent_Customer_Alerting",
            "AgentEvent_Talking",
        ]
        alerting = started[1].call
        assert alerting is not None
        assert alerting.call_id == call_id
        assert alerting.caller == "13700000000"
        assert started[2].call_id == call_id
        assert (await gw.status()).state is AgentState.TALKING

        await gw.mute()
        agent = await asyncio.to_thread(sim.control.agent, "101")
        assert agent["call"]["muted"] is True
        await gw.unmute()
        agent = await asyncio.to_thread(sim.control.agent, "101")
        assert agent["call"]["muted"] is False

        await gw.hold()
        assert (await run.until("AgentEvent_Hold"))[-1].call_id == call_id
        await gw.unhold(call_id)
        agent = await asyncio.to_thread(sim.control.agent, "101")
        assert agent["call"]["held"] is False

        await gw.release()
        released = await run.until("AgentState_Ready")
        assert "AgentEvent_Call_Release" in types(released)
        with pytest.raises(ServiceError):
            await gw.mute()  # no call any more
        await gw.sign_out()
        assert isinstance(await run.ended(), SignedOutByServer)


async def test_transfer_hands_the_call_to_another_agent_through_the_client(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory)
    async with gateway_client(sim.url) as gw, gateway_client(sim.url, "102") as other:
        await gw.sign_in("demo", "88880101", auto_answer=True)
        await other.sign_in("demo", "88880102")
        run, other_run = PumpRun(gw), PumpRun(other)
        await run.until("AgentState_Ready")
        await other_run.until("AgentState_Ready")
        call_id = await control(sim.control.call, "101", "13811112222")
        assert (await run.until("AgentEvent_Talking"))[-1].call_id == call_id

        await gw.transfer(2, "102", mode=0)
        assert "AgentEvent_Call_Release" in types(await run.until("AgentState_Ready"))
        ringing = (await other_run.until("AgentEvent_Ringing"))[-1].call
        assert ringing is not None
        assert ringing.transfer is True
        assert ringing.transferred_from == "101"
        assert ringing.caller == "13811112222"
        assert ringing.call_id  # the simulator gives the transferred leg its own call ID

        with pytest.raises(ServiceError):
            await gw.transfer(2, "102")  # nothing left to transfer
        await gw.sign_out()
        await other.sign_out(force=True)  # 102's phone is ringing: only a forced sign-out
        assert isinstance(await other_run.ended(), SignedOutByServer)


async def test_auto_answer_switch_and_forced_sign_out_with_reason_during_a_call(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory)
    async with gateway_client(sim.url) as gw:
        await gw.sign_in("demo", "88880101", auto_answer=False)
        run = PumpRun(gw)
        await run.until("AgentState_Ready")
        await gw.set_auto_answer(True)
        await control(sim.control.call, "101")
        answered = await run.until("AgentEvent_Talking")
        assert "AgentEvent_Auto_Answer" in types(answered)
        assert "AgentEvent_Ringing" not in types(answered)

        with pytest.raises(ServiceError) as refused:
            await gw.sign_out()  # refused while talking
        assert refused.value.code == "100-010"
        await gw.sign_out(reason=7)
        ended = await run.until("AgentOther_ShutdownService")
        assert "AgentEvent_Call_Release" in types(ended)
        assert isinstance(await run.ended(), SignedOutByServer)


# -- faults on commands --------------------------------------------------------------------------

SAYBUSY_PATH = "/agentgateway/resource/onlineagent/101/saybusy"


@pytest.mark.parametrize(
    ("kind", "error_class"),
    [
        ("drop", TransportError),
        ("http5xx", ProtocolError),
        ("html", ProtocolError),
        ("malformed", ProtocolError),
    ],
)
async def test_a_faulty_answer_to_a_command_is_a_clear_error_and_the_next_call_works(
    sim_factory: Callable[..., RunningSim], kind: str, error_class: type[CecError]
) -> None:
    sim = fast_sim(sim_factory)
    async with gateway_client(sim.url) as gw:
        await gw.sign_in("demo", "88880101")
        await asyncio.to_thread(sim.control.add_fault, kind=kind, path=SAYBUSY_PATH, count=1)
        with pytest.raises(error_class) as caught:
            await gw.say_busy(201)
        assert caught.value.message
        assert caught.value.endpoint.endswith("saybusy")
        assert (await gw.status()).state is AgentState.IDLE  # refused before it took effect
        await gw.say_busy(201)
        assert (await gw.status()).state is AgentState.BUSY
        await gw.sign_out()


async def test_a_command_whose_answer_is_lost_still_shows_in_the_events(
    sim_factory: Callable[..., RunningSim],
) -> None:
    sim = fast_sim(sim_factory)
    async with gateway_client(sim.url) as gw:
        await gw.sign_in("demo", "88880101")
        run = PumpRun(gw)
        await run.until("AgentState_Ready")
        await asyncio.to_thread(
            sim.control.add_fault, kind="drop", when="after", path=SAYBUSY_PATH, count=1
        )
        with pytest.raises(TransportError):
            await gw.say_busy(202)
        # The gateway did it; the pump's event is what tells the agent so.
        (busy,) = await run.take(1)
        assert busy.event_type == "AgentState_SetNotReady_Success"
        assert busy.reason == 202
        await gw.sign_out()
        assert isinstance(await run.ended(), SignedOutByServer)
