"""The event pump's loop logic on a virtual clock: pacing of every failure loop, order, its end.

The gateway here is a scripted stand-in (each poll or GUID renewal answers the next scripted
outcome and takes a scripted time), so hours of failures run in milliseconds and every request's
start time is exact. The pump against the real simulator is tested in
tests/integration/test_event_pump.py.
"""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentbar.cec.errors import (
    AuthError,
    CecError,
    NotSignedInError,
    ProtocolError,
    ServiceError,
    SignedOutByServer,
    TransportError,
)
from agentbar.cec.event_pump import EventPump, PumpState, PumpStatus
from agentbar.cec.events import AgentEvent

BASE = 0.5
MAX = 30.0
EPSILON = 1e-9


def error(kind: str) -> CecError:
    if kind == "transport":
        return TransportError("Cannot reach the server.", endpoint="agentevent/101")
    if kind == "protocol":
        return ProtocolError("Unexpected answer.", endpoint="agentevent/101")
    if kind == "service":
        return ServiceError("Internal error.", endpoint="agentevent/101", code="100-007")
    if kind == "expired":
        return AuthError("Session expired.", endpoint="agentevent/101", code="000-003")
    if kind == "failover":
        return AuthError("Failover.", endpoint="agentevent/101", code="105-006")
    if kind == "not_signed_in":
        return NotSignedInError("Not signed in.", endpoint="agentevent/101", code="100-006")
    raise AssertionError(kind)


@dataclass
class Outcome:
    """What one request answers: an event (``seq``), nothing, or an error; after ``seconds``."""

    kind: str
    seconds: float = 0.0
    seq: int = -1


@dataclass
class Clock:
    now: float = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


@dataclass
class ScriptedGateway:
    clock: Clock
    polls: list[Outcome]
    renewals: list[Outcome] = field(default_factory=list)
    # (what, start time, whether it brought an event)
    requests: list[tuple[str, float, bool]] = field(default_factory=list)

    async def poll_event(self) -> AgentEvent | None:
        outcome = self.polls.pop(0) if self.polls else Outcome("shutdown")
        return await self._answer("poll", outcome)

    async def update_guid(self) -> str:
        outcome = self.renewals.pop(0) if self.renewals else Outcome("ok")
        await self._answer("renewal", outcome)
        return "new-guid"

    async def _answer(self, what: str, outcome: Outcome) -> AgentEvent | None:
        self.requests.append((what, self.clock.now, outcome.kind in ("event", "shutdown")))
        await self.clock.sleep(outcome.seconds)
        if outcome.kind in ("empty", "ok"):
            return None
        now = datetime.now().astimezone()
        if outcome.kind == "event":
            return AgentEvent("AgentEvent_Hold", "101", f"call-{outcome.seq}", now)
        if outcome.kind == "shutdown":
            return AgentEvent("AgentOther_ShutdownService", "101", None, now)
        raise error(outcome.kind)


@dataclass
class Result:
    events: list[AgentEvent]
    ended: BaseException | None
    statuses: list[PumpStatus]
    gateway: ScriptedGateway


def run_pump(polls: list[Outcome], renewals: list[Outcome] | None = None, **kw: Any) -> Result:
    clock = Clock()
    gateway = ScriptedGateway(clock, list(polls), list(renewals or []))
    statuses: list[PumpStatus] = []
    pump = EventPump(
        gateway,  # type: ignore[arg-type]  # duck-typed: poll_event, update_guid
        on_status=statuses.append,
        backoff_base=BASE,
        backoff_max=MAX,
        sleep=clock.sleep,
        clock=clock,
        **kw,
    )
    events: list[AgentEvent] = []

    async def consume() -> BaseException | None:
        try:
            async for event in pump:
                events.append(event)
        except Exception as exc:  # noqa: BLE001 -- whatever ends the pump is the subject
            return exc
        return None

    ended = asyncio.run(consume())
    return Result(events, ended, statuses, gateway)


def assert_paced(result: Result) -> None:
    """After any request that brought no event, the next one starts ≥ BASE later."""
    requests = result.gateway.requests
    for (what, start, productive), (next_what, next_start, _) in itertools.pairwise(requests):
        if not productive:
            gap = next_start - start
            assert gap >= BASE - EPSILON, f"{what} at {start} → {next_what} after {gap:.3f} s"


def rate_over(result: Result) -> float:
    requests = result.gateway.requests
    span = requests[-1][1] - requests[0][1]
    return (len(requests) - 1) / span


# -- each failure loop, forever ------------------------------------------------------------------


LOOPS = {
    "transport errors": ([Outcome("transport")] * 400, []),
    "5xx / HTML / bad JSON": ([Outcome("protocol")] * 400, []),
    "a business error on the poll": ([Outcome("service")] * 400, []),
    "instant empty answers": ([Outcome("empty")] * 400, []),
    "expired GUID, renewed, empty answer, again": (
        [Outcome("expired"), Outcome("empty")] * 200,
        [Outcome("ok")] * 200,
    ),
    "expired GUID, renewal cannot get through": (
        [Outcome("expired")] * 400,
        [Outcome("transport")] * 400,
    ),
    "expired GUID, renewal refused with a business error": (
        [Outcome("expired")] * 400,
        [Outcome("service")] * 400,
    ),
}


@pytest.mark.parametrize("loop", sorted(LOOPS))
def test_every_failure_loop_stays_under_two_requests_per_second(loop: str) -> None:
    polls, renewals = LOOPS[loop]
    result = run_pump(polls, renewals)
    assert len(result.gateway.requests) >= 200
    assert_paced(result)
    assert rate_over(result) <= 1 / BASE + EPSILON
    assert isinstance(result.ended, SignedOutByServer)  # the script ends with a shutdown


def test_backoff_grows_to_its_cap_with_jitter_never_below_the_floor() -> None:
    result = run_pump([Outcome("transport")] * 30, jitter=lambda: 0.0)
    delays = [s.retry_in for s in result.statuses if s.state is PumpState.RETRYING]
    assert delays[:5] == [0.5, 0.5, 1.0, 2.0, 4.0]  # base·2^(n-1) × (0.5 + 0.5·jitter)
    assert max(delays) == MAX / 2
    full = run_pump([Outcome("transport")] * 30, jitter=lambda: 1.0)
    retry = [s.retry_in for s in full.statuses if s.state is PumpState.RETRYING]
    assert retry[:5] == [0.5, 1.0, 2.0, 4.0, 8.0]
    assert max(retry) == MAX


def test_events_are_polled_again_at_once() -> None:
    polls = [Outcome("event", seq=n) for n in range(50)]
    result = run_pump(polls)
    assert [e.content for e in result.events[:-1]] == [f"call-{n}" for n in range(50)]
    starts = [start for _, start, _ in result.gateway.requests]
    assert starts[-1] == 0.0  # no wait anywhere


def test_a_held_empty_poll_is_followed_at_once() -> None:
    result = run_pump([Outcome("empty", seconds=10.0)] * 3 + [Outcome("event", seq=1)])
    starts = [start for _, start, _ in result.gateway.requests]
    assert starts[:4] == [0.0, 10.0, 20.0, 30.0]


def test_an_expired_guid_is_renewed_once_then_the_second_refusal_ends_the_pump() -> None:
    result = run_pump([Outcome("expired"), Outcome("expired")], [Outcome("ok")])
    assert [what for what, _, _ in result.gateway.requests] == ["poll", "renewal", "poll"]
    assert isinstance(result.ended, AuthError)
    assert result.ended.code == "000-003"


def test_a_renewal_refused_as_not_signed_in_is_a_server_sign_out() -> None:
    result = run_pump([Outcome("expired")], [Outcome("not_signed_in")])
    assert isinstance(result.ended, SignedOutByServer)
    assert result.ended.code == "100-006"


def test_a_failover_guid_mismatch_ends_the_pump_without_a_renewal() -> None:
    result = run_pump([Outcome("failover")])
    assert isinstance(result.ended, AuthError)
    assert result.ended.code == "105-006"
    assert [what for what, _, _ in result.gateway.requests] == ["poll"]


@pytest.mark.parametrize(
    ("script", "ended"),
    [
        ([Outcome("event", seq=1)], SignedOutByServer),  # then the scripted shutdown
        ([Outcome("not_signed_in")], SignedOutByServer),
        ([Outcome("failover")], AuthError),
    ],
)
def test_the_last_status_says_stopped_and_why(script: list[Outcome], ended: type[CecError]) -> None:
    result = run_pump(script)
    assert isinstance(result.ended, ended)
    last = result.statuses[-1]
    assert last.state is PumpState.STOPPED
    assert last.stopped is True
    assert last.connected is False
    assert last.error is result.ended
    assert [s.stopped for s in result.statuses].count(True) == 1


def test_statuses_distinguish_retrying_from_connected() -> None:
    result = run_pump([Outcome("transport"), Outcome("empty"), Outcome("transport")])
    assert [s.state for s in result.statuses] == [
        PumpState.RETRYING,
        PumpState.CONNECTED,
        PumpState.RETRYING,
        PumpState.CONNECTED,
        PumpState.STOPPED,
    ]


def test_a_stop_request_ends_quietly_with_a_stopped_status() -> None:
    async def scenario() -> tuple[list[PumpStatus], list[tuple[str, float, bool]]]:
        clock = Clock()
        gateway = ScriptedGateway(clock, [Outcome("transport")] * 1000)
        statuses: list[PumpStatus] = []
        pump = EventPump(
            gateway,  # type: ignore[arg-type]
            on_status=statuses.append,
            sleep=clock.sleep,
            clock=clock,
        )

        async def consume() -> None:
            async for _ in pump:
                pass

        task = asyncio.create_task(consume())
        for _ in range(20):
            await asyncio.sleep(0)
        pump.stop()
        await asyncio.wait_for(task, 1)
        return statuses, gateway.requests

    statuses, requests = asyncio.run(scenario())
    assert statuses[-1] == PumpStatus(connected=False, error=None, stopped=True)
    assert 1 <= len(requests) < 1000


# -- any script ----------------------------------------------------------------------------------

KINDS = [
    "event",
    "empty",
    "transport",
    "protocol",
    "service",
    "expired",
    "failover",
    "not_signed_in",
]
TERMINAL = {"failover", "not_signed_in"}

outcomes = st.builds(
    Outcome,
    kind=st.sampled_from(KINDS),
    seconds=st.sampled_from([0.0, 0.0, 0.01, 0.3, 10.0]),
)
renewal_outcomes = st.builds(
    Outcome,
    kind=st.sampled_from(["ok", "ok", "transport", "service", "expired", "not_signed_in"]),
    seconds=st.sampled_from([0.0, 0.05]),
)


@settings(max_examples=300, deadline=None)
@given(polls=st.lists(outcomes, max_size=40), renewals=st.lists(renewal_outcomes, max_size=10))
def test_any_sequence_of_answers_is_paced_ordered_and_ends_with_a_cec_error(
    polls: list[Outcome], renewals: list[Outcome]
) -> None:
    for seq, outcome in enumerate(polls):
        outcome.seq = seq
    result = run_pump(polls, renewals)

    # Only our error type ends the pump, and its owner is told it stopped.
    assert isinstance(result.ended, CecError)
    assert result.statuses[-1].stopped
    assert result.statuses[-1].error is result.ended
    assert sum(s.stopped for s in result.statuses) == 1
    assert all(BASE <= s.retry_in <= MAX for s in result.statuses if s.state == "retrying")

    # Every event a poll returned is yielded once, in order (the pump may end before later ones).
    answered = len([r for r in result.gateway.requests if r[0] == "poll"])
    polled = [o for o in (polls[:answered]) if o.kind == "event"]
    yielded = [e.content for e in result.events if e.event_type == "AgentEvent_Hold"]
    assert yielded == [f"call-{o.seq}" for o in polled]

    assert_paced(result)
    renewals_made = sum(1 for what, _, _ in result.gateway.requests if what == "renewal")
    assert renewals_made <= sum(1 for o in polls if o.kind == "expired")
