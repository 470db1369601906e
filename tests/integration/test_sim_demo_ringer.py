"""The simulator's demo ringer (``--demo-ring``) routes like an ACD: only to Ready agents.

Against a real simulator over loopback, driven by a raw CC-Gateway agent (tests/simulator.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import RunningSim
from tests.simulator import RawAgent, SimControlError

SimFactory = Callable[..., RunningSim]

BUSY = 3
IDLE = 4
WORK = 5
TALKING = 7
REST = 8

# The ringer rings after 0.7..1.3 intervals and looks every 0.25 s: an agent left alone for this
# long would have been rung several times over.
RING_EVERY = 0.2
UNRUNG_FOR = 1.5


def ringing_sim(sim_factory: SimFactory, **settings: Any) -> RunningSim:
    return sim_factory(
        poll_hold=0.05, demo_ring_every=RING_EVERY, demo_talk_time=(30.0, 30.0), **settings
    )


def signed_in(sim: RunningSim, agent_id: str = "101") -> RawAgent:
    agent = RawAgent(sim.url, agent_id)
    assert agent.sign_in()["retcode"] == "0"
    return agent


def types(agent: RawAgent) -> list[str]:
    return [e["eventType"] for e in agent.drain()]


def wait_for_ring(agent: RawAgent, within: float = 3.0) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and "AgentEvent_Incoming_CallInfo" not in seen:
        seen.extend(types(agent))
    return seen


@pytest.mark.parametrize(
    ("command", "state"),
    [("saybusy", BUSY), ("rest/600/1", REST), ("work", WORK)],
    ids=["busy", "rest", "wrap-up"],
)
def test_ringer_leaves_an_agent_who_is_not_ready_alone_and_rings_once_ready(
    sim_factory: SimFactory, command: str, state: int
) -> None:
    sim = ringing_sim(sim_factory)
    agent = signed_in(sim)
    assert agent.agent("POST", command)["retcode"] == "0"
    time.sleep(UNRUNG_FOR)
    assert "AgentEvent_Incoming_CallInfo" not in types(agent)
    row = sim.control.agent("101")
    assert (row["state"], row["call"]) == (state, None)

    assert agent.agent("POST", "sayfree")["retcode"] == "0"
    seen = wait_for_ring(agent)
    assert "AgentState_Ready" in seen
    assert "AgentEvent_Incoming_CallInfo" in seen
    assert seen.index("AgentState_Ready") < seen.index("AgentEvent_Incoming_CallInfo")
    agent.close()


def test_ringer_does_not_ring_an_agent_who_is_talking(sim_factory: SimFactory) -> None:
    sim = ringing_sim(sim_factory)
    agent = signed_in(sim)
    call_id = sim.control.call("101")
    time.sleep(UNRUNG_FOR)
    assert types(agent).count("AgentEvent_Incoming_CallInfo") == 1
    row = sim.control.agent("101")
    assert (row["state"], row["call"]["callId"]) == (TALKING, call_id)
    agent.close()


def test_ringer_rings_only_the_ready_one_of_two_agents(sim_factory: SimFactory) -> None:
    sim = ringing_sim(sim_factory)
    ready = signed_in(sim, "101")
    busy = signed_in(sim, "102")
    assert busy.agent("POST", "saybusy")["retcode"] == "0"
    assert "AgentEvent_Incoming_CallInfo" in wait_for_ring(ready)
    time.sleep(UNRUNG_FOR)
    assert "AgentEvent_Incoming_CallInfo" not in types(busy)
    ready.close()
    busy.close()


def test_busy_asked_for_during_a_failing_call_out_is_kept(sim_factory: SimFactory) -> None:
    # The failed dial used to make the agent Ready whatever they had asked for meanwhile, and
    # the ringer then rang an agent who had said Busy.
    sim = ringing_sim(sim_factory, callout_answer_after=0.3)
    agent = signed_in(sim)
    assert agent.call("PUT", "callout", json={"called": "999000"})["retcode"] == "0"
    assert agent.agent("POST", "saybusy")["retcode"] == "0"
    time.sleep(UNRUNG_FOR)
    seen = types(agent)
    assert "AgentEvent_Call_Out_Fail" in seen
    assert seen[-1] == "AgentState_SetNotReady_Success"
    assert "AgentEvent_Incoming_CallInfo" not in seen
    assert sim.control.agent("101")["state"] == BUSY
    agent.close()


def test_control_call_rings_now_but_not_an_agent_who_is_busy(sim_factory: SimFactory) -> None:
    # The control call does not wait for the ringer's interval; like the ringer it routes only to
    # a Ready agent (409, 100-009 otherwise) and leaves the Busy agent as they were.
    sim = sim_factory(poll_hold=0.05)
    agent = signed_in(sim)
    assert agent.agent("POST", "saybusy")["retcode"] == "0"
    with pytest.raises(SimControlError) as caught:
        sim.control.call("101")
    assert (caught.value.status, caught.value.body["retcode"]) == (409, "100-009")
    assert sim.control.agent("101")["state"] == BUSY
    assert agent.agent("POST", "sayfree")["retcode"] == "0"
    call_id = sim.control.call("101")
    assert sim.control.agent("101")["call"]["callId"] == call_id
    agent.close()
