"""The simulated CC-Gateway over a real loopback socket: envelopes, codes and event sequences."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.conftest import RunningSim
from tests.simulator import RawAgent

SimFactory = Callable[..., RunningSim]


@pytest.fixture
def quick(sim_factory: SimFactory) -> RunningSim:
    """A simulator whose empty polls come back after 0.05 s, so tests can drain queues."""
    return sim_factory(poll_hold=0.05, callout_answer_after=0.6)


@pytest.fixture
def agent(quick: RunningSim) -> Iterator[RawAgent]:
    raw = RawAgent(quick.url, "101")
    yield raw
    raw.close()


def signed_in(agent: RawAgent, **options: Any) -> RawAgent:
    reply = agent.sign_in(**options)
    assert reply["retcode"] == "0", reply
    agent.drain()
    return agent


def types(events: list[dict[str, object]]) -> list[object]:
    return [e["eventType"] for e in events]


# -- sign in ------------------------------------------------------------------------------------


def test_sign_in_returns_documented_result_and_set_guid(agent: RawAgent) -> None:
    response = agent.send(
        "PUT",
        "/onlineagent/101",
        json={"password": "demo", "phonenum": "88880101", "status": "4", "releasephone": "false"},
    )
    assert response.status_code == 200
    assert re.fullmatch(r"JSESSIONID=[0-9a-f-]{36}\.AgentGateway0", response.headers["Set-GUID"])
    body = response.json()
    assert body["retcode"] == "0"
    assert body["message"] == ""
    result = body["result"]
    assert result["workno"] == "101"
    assert result["vdnid"] == 1
    assert result["mediatype"] == "TTF"
    assert result["loginTime"].isdigit()
    assert set(result) >= {"isForceChange", "serverName", "timeRemaining"}


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (4, ["AgentOther_InService", "AgentState_Ready"]),
        ("3", ["AgentOther_InService", "AgentState_Ready", "AgentState_SetNotReady_Success"]),
        (5, ["AgentOther_InService", "AgentState_Ready", "AgentState_Work"]),
    ],
)
def test_sign_in_status_gives_documented_events(
    agent: RawAgent, status: Any, expected: list[str]
) -> None:
    agent.sign_in(status=status)
    events = agent.drain()
    assert types(events) == expected
    assert all(e["workNo"] == "101" and isinstance(e["eventGenTime"], int) for e in events)
    state = agent.agent("GET", "agentstatus")["result"]
    assert state == {"agentState": int(status), "isWorking": int(status) == 5}


def test_wrong_password_and_unknown_agent_get_100_004(quick: RunningSim) -> None:
    stranger = RawAgent(quick.url, "999")
    try:
        assert stranger.sign_in()["retcode"] == "100-004"
    finally:
        stranger.close()
    known = RawAgent(quick.url, "102")
    try:
        assert known.sign_in(password="nope")["retcode"] == "100-004"
        assert known.guid is None
    finally:
        known.close()


def test_bad_sign_in_parameters_are_refused(agent: RawAgent) -> None:
    assert agent.sign_in(status=7)["retcode"] == "100-011"
    assert agent.sign_in(autoanswer="maybe")["retcode"] == "100-011"
    assert agent.sign_in(phonenum="12ab")["retcode"] == "100-013"
    assert agent.body("PUT", "/onlineagent/101", content=b"not json")["retcode"] == "100-001"


def test_second_sign_in_gets_100_002_and_forced_one_takes_over(quick: RunningSim) -> None:
    first, second = RawAgent(quick.url, "101"), RawAgent(quick.url, "101")
    try:
        signed_in(first)
        old_guid = first.guid
        assert second.sign_in()["retcode"] == "100-002"
        assert second.sign_in(force=True)["retcode"] == "0"
        assert second.guid != old_guid
        # The old client's GUID is invalid now; the new one works.
        assert first.poll()["retcode"] == "000-003"
        assert first.agent("GET", "agentstatus")["retcode"] == "000-003"
        assert types(second.drain()) == ["AgentOther_InService", "AgentState_Ready"]
    finally:
        first.close()
        second.close()


def test_calls_without_guid_or_sign_in_are_refused(quick: RunningSim, agent: RawAgent) -> None:
    assert agent.agent("GET", "agentstatus")["retcode"] == "100-006"
    signed_in(agent)
    assert agent.agent("GET", "agentstatus", headers={"Guid": "bogus"})["retcode"] == "000-003"
    # The header name is case-insensitive.
    guid = agent.guid
    assert guid is not None
    reply = agent.agent("GET", "agentstatus", headers={"guid": guid})
    assert reply["retcode"] == "0"


# -- sign out -----------------------------------------------------------------------------------


def test_logout_queues_shutdown_then_polls_get_100_006(agent: RawAgent) -> None:
    signed_in(agent)
    assert agent.agent("DELETE", "logout") == {"message": "", "retcode": "0"}
    reply = agent.poll()
    assert reply["event"]["eventType"] == "AgentOther_ShutdownService"
    assert reply["event"]["content"]["loginTime"].isdigit()
    assert agent.poll()["retcode"] == "100-006"
    assert agent.agent("DELETE", "logout")["retcode"] == "100-008"
    assert agent.agent("POST", "sayfree")["retcode"] == "100-006"


def test_logout_is_refused_during_a_call_and_forcelogout_releases_it(
    quick: RunningSim, agent: RawAgent
) -> None:
    signed_in(agent)
    quick.control.call("101")
    agent.drain()
    assert agent.agent("DELETE", "logout")["retcode"] == "100-010"
    assert agent.agent("DELETE", "forcelogoutwithreason/300")["retcode"] == "100-005"
    assert agent.agent("DELETE", "forcelogout")["retcode"] == "0"
    assert types(agent.drain()) == [
        "AgentEvent_Call_Release",
        "AgentMediaEvent_StopRecordDone",
        "AgentOther_PhoneRelease",
        "AgentOther_ShutdownService",
    ]


def test_idle_agent_is_signed_out(sim_factory: SimFactory) -> None:
    sim = sim_factory(idle_signout=1.0, poll_hold=0.2)
    agent = RawAgent(sim.url, "103")
    try:
        signed_in(agent)
        time.sleep(1.6)
        assert sim.control.agent("103")["signedIn"] is False
        event = agent.poll()["event"]
        assert event["eventType"] == "AgentOther_ShutdownService"
        assert agent.poll()["retcode"] == "100-006"
    finally:
        agent.close()


def test_polling_agent_is_not_signed_out(sim_factory: SimFactory) -> None:
    sim = sim_factory(idle_signout=1.0, poll_hold=0.3)
    agent = RawAgent(sim.url, "104")
    try:
        signed_in(agent)
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            assert agent.poll()["retcode"] == "0"
        assert sim.control.agent("104")["signedIn"] is True
    finally:
        agent.close()


# -- skills and state ---------------------------------------------------------------------------


def test_resetskill_signs_in_to_configured_skills(agent: RawAgent) -> None:
    signed_in(agent)
    assert agent.agent("GET", "agentskills")["result"] == []
    assert agent.agent("POST", "resetskill/false", params={"skillid": "2;10;3"})["retcode"] == "0"
    skills = agent.agent("GET", "agentskills")["result"]
    assert [s["id"] for s in skills] == [2, 10]
    assert agent.agent("POST", "resetskill/true", params={"phonelinkage": "0"})["retcode"] == "0"
    skills = agent.agent("GET", "agentskills")["result"]
    assert {s["mediatype"] for s in skills} >= {5, 1}
    assert all(set(s) == {"name", "id", "mediatype"} for s in skills)
    assert agent.agent("POST", "resetskill/maybe")["retcode"] == "000-002"
    assert agent.agent("POST", "resetskill/false", params={"skillid": "x"})["retcode"] == "000-002"


def test_skills_by_workno_lists_another_agents_configuration(agent: RawAgent) -> None:
    signed_in(agent)
    ids = [s["id"] for s in agent.agent("GET", "agentskillsbyworkno/103")["result"]]
    assert ids == [2, 3, 11, 21]
    assert agent.agent("GET", "agentskillsbyworkno/4242")["result"] == []


def test_busy_rest_and_work_emit_documented_events(agent: RawAgent) -> None:
    signed_in(agent)
    assert agent.agent("POST", "saybusy", params={"reason": "201"})["retcode"] == "0"
    assert agent.drain()[0]["content"] == {"reason": "201"}
    assert agent.agent("GET", "agentstatus")["result"]["agentState"] == 3
    agent.agent("POST", "cancelbusy")
    assert types(agent.drain()) == ["AgentState_CancelNotReady_Success", "AgentState_Ready"]
    agent.agent("POST", "rest/600/1")
    events = agent.drain()
    assert types(events) == ["AgentState_SetRest_Success"]
    assert events[0]["content"] == {"reason": "1"}
    assert agent.agent("GET", "agentstatus")["result"]["agentState"] == 8
    agent.agent("POST", "cancelrest")
    assert types(agent.drain()) == ["AgentState_CancelRest_Success", "AgentState_Ready"]
    agent.agent("POST", "work")
    assert types(agent.drain()) == ["AgentState_SetWork_Success"]
    assert agent.agent("GET", "agentstatus")["result"] == {"agentState": 5, "isWorking": True}
    agent.agent("POST", "cancelwork")
    assert types(agent.drain()) == ["AgentState_CancelWork_Success", "AgentState_Ready"]


@pytest.mark.parametrize(
    "action",
    ["saybusy?reason=199", "saybusy?reason=x", "rest/0/1", "rest/86400/1", "rest/ten/1",
     "rest/60/256", "autoanswer/yes"],
)  # fmt: skip
def test_bad_state_parameters_get_000_002(agent: RawAgent, action: str) -> None:
    signed_in(agent)
    assert agent.agent("POST", action)["retcode"] == "000-002"


def test_rest_timeout_is_a_reminder_only(agent: RawAgent) -> None:
    signed_in(agent)
    agent.agent("POST", "rest/1/2")
    assert agent.poll()["event"]["eventType"] == "AgentState_SetRest_Success"
    time.sleep(1.1)
    assert agent.poll()["event"]["eventType"] == "AgentState_Rest_Timeout"
    assert agent.agent("GET", "agentstatus")["result"]["agentState"] == 8


def test_handshake_answers_success(agent: RawAgent) -> None:
    signed_in(agent)
    assert agent.agent("POST", "handshake") == {"message": "success", "retcode": "0"}


# -- calls --------------------------------------------------------------------------------------


def test_inbound_call_with_autoanswer(quick: RunningSim, agent: RawAgent) -> None:
    signed_in(agent)
    call_id = quick.control.call("101", caller="13912345678")
    events = agent.drain()
    assert types(events) == [
        "AgentEvent_Incoming_CallInfo",
        "AgentEvent_Auto_Answer",
        "AgentEvent_Talking",
        "AgentMediaEvent_Record",
    ]
    assert events[1]["content"]["callid"] == call_id
    assert events[1]["content"]["caller"] == "13912345678"
    record = events[3]["content"]
    assert re.fullmatch(r"Y:/1/0/\d{8}/101/\d{7}\.V3", record["fileName"])
    assert record["callId"] == call_id
    assert agent.agent("GET", "agentstatus")["result"]["agentState"] == 7


def test_inbound_call_without_autoanswer_rings_until_answered(
    quick: RunningSim, agent: RawAgent
) -> None:
    signed_in(agent, autoanswer="false")
    call_id = quick.control.call("101")
    events = agent.drain()
    assert types(events) == [
        "AgentEvent_Incoming_CallInfo",
        "AgentOther_PhoneAlerting",
        "AgentEvent_Ringing",
    ]
    assert events[2]["content"]["feature"] == "0"
    assert agent.call("PUT", "answer", params={"callid": call_id})["retcode"] == "0"
    assert types(agent.drain()) == [
        "AgentOther_PhoneOffhook",
        "AgentEvent_Talking",
        "AgentMediaEvent_Record",
    ]
    assert agent.call("PUT", "answer")["retcode"] != "0"


def test_autoanswer_switch_changes_the_inbound_sequence(quick: RunningSim, agent: RawAgent) -> None:
    signed_in(agent)
    assert agent.agent("POST", "autoanswer/false")["retcode"] == "0"
    quick.control.call("101")
    assert "AgentEvent_Ringing" in types(agent.drain())


@pytest.mark.parametrize(
    ("enter_idle", "last"), [("true", "AgentState_Ready"), (False, "AgentState_Work")]
)
def test_customer_hang_up_sequence(
    quick: RunningSim, agent: RawAgent, enter_idle: object, last: str
) -> None:
    signed_in(agent, autoenteridle=enter_idle)
    call_id = quick.control.call("101", caller="13800000001")
    agent.drain()
    quick.control.hangup("101")
    events = agent.drain()
    assert types(events) == [
        "AgentEvent_Customer_Release",
        "AgentEvent_Call_Release",
        "AgentMediaEvent_StopRecordDone",
        "AgentOther_PhoneRelease",
        last,
    ]
    assert events[0]["content"] == {"callid": call_id, "number": "13800000001"}
    assert events[1]["content"] == call_id
    assert events[2]["content"]["recordFormat"] == 3
    assert events[3]["content"] == {"phoneState": "3"}
    recordings = quick.control.recordings("101")
    assert len(recordings) == 1
    assert recordings[0]["callId"] == call_id
    assert recordings[0]["endTime"] >= recordings[0]["beginTime"]


def test_agent_release_and_release_without_call(quick: RunningSim, agent: RawAgent) -> None:
    signed_in(agent, releasephone=False)
    assert agent.call("DELETE", "release")["retcode"] == "200-025"
    quick.control.call("101")
    agent.drain()
    # The legacy path DELETE voicecall/{agentid} releases too.
    assert agent.call("DELETE", "")["retcode"] == "0"
    assert types(agent.drain()) == [
        "AgentEvent_Call_Release",
        "AgentMediaEvent_StopRecordDone",
        "AgentState_Ready",
    ]


def test_busy_during_a_call_takes_effect_after_it(quick: RunningSim, agent: RawAgent) -> None:
    signed_in(agent)
    quick.control.call("101")
    agent.drain()
    agent.agent("POST", "saybusy")
    assert agent.drain() == []
    quick.control.hangup("101")
    assert types(agent.drain())[-1] == "AgentState_SetNotReady_Success"
    assert agent.agent("GET", "agentstatus")["result"]["agentState"] == 3


def test_callout_sequence_and_callid_result(agent: RawAgent) -> None:
    signed_in(agent)
    reply = agent.call("PUT", "callout", json={"called": "13700000000", "skillid": 1})
    assert reply["retcode"] == "0"
    call_id = reply["result"]
    assert re.fullmatch(r"\d{10}-\d+", call_id)
    events = agent.drain()
    assert types(events) == ["AgentState_Busy", "AgentEvent_Customer_Alerting"]
    assert events[1]["content"]["callid"] == call_id
    time.sleep(0.6)
    events = agent.drain()
    assert types(events) == ["AgentEvent_Talking", "AgentMediaEvent_Record"]
    assert events[0]["content"]["feature"] == "7"
    assert agent.call("PUT", "callout", json={"called": "1"})["retcode"] == "100-009"


def test_callout_parameters_and_failure(agent: RawAgent) -> None:
    signed_in(agent)
    assert agent.call("PUT", "callout", json={"called": "12a"})["retcode"] == "000-002"
    assert agent.call("PUT", "callout", json={})["retcode"] == "000-002"
    agent.call("PUT", "callout", json={"called": "999000"})
    time.sleep(0.8)
    assert types(agent.drain()) == [
        "AgentState_Busy",
        "AgentEvent_Customer_Alerting",
        "AgentEvent_Call_Out_Fail",
        "AgentOther_PhoneRelease",
        "AgentState_Ready",
    ]


def test_hold_unhold_and_mute(quick: RunningSim, agent: RawAgent) -> None:
    signed_in(agent)
    assert agent.call("POST", "hold")["retcode"] == "100-009"
    call_id = quick.control.call("101")
    agent.drain()
    assert agent.call("POST", "hold")["retcode"] == "0"
    event = agent.poll()["event"]
    assert event["eventType"] == "AgentEvent_Hold"
    assert event["content"] == call_id
    assert agent.call("POST", "gethold", params={"callid": "nope"})["retcode"] == "000-002"
    assert agent.call("POST", "gethold", params={"callid": call_id})["retcode"] == "0"
    assert agent.call("POST", "beginmute")["retcode"] == "0"
    assert quick.control.agent("101")["call"]["muted"] is True
    assert agent.call("POST", "endmute")["retcode"] == "0"
    assert agent.call("POST", "hold")["retcode"] == "0"
    assert agent.call("POST", f"connecthold/{call_id}")["retcode"] == "0"
    assert quick.control.agent("101")["call"]["held"] is False


def test_transfer_to_an_idle_agent_rings_it(quick: RunningSim, agent: RawAgent) -> None:
    other = RawAgent(quick.url, "102")
    try:
        signed_in(agent)
        signed_in(other)
        quick.control.call("101", caller="13811112222")
        agent.drain()
        body = {"devicetype": 2, "mode": 0, "address": "102"}
        assert agent.call("POST", "transfer", json=body) == {
            "result": {},
            "message": "success",
            "retcode": "0",
        }
        assert "AgentEvent_Call_Release" in types(agent.drain())
        ringing = other.drain()
        assert ringing[1]["content"]["transfer"] == "yes"
        assert ringing[1]["content"]["transfrom"] == "101"
        assert ringing[1]["content"]["caller"] == "13811112222"
    finally:
        other.close()


def test_wrong_method_on_the_poll_gets_000_001(agent: RawAgent) -> None:
    signed_in(agent)
    assert agent.body("POST", "/agentevent/101")["retcode"] == "000-001"


def test_forcelogin_signs_in_an_agent_who_is_signed_out(agent: RawAgent) -> None:
    assert agent.sign_in(force=True)["retcode"] == "0"
    assert types(agent.drain()) == ["AgentOther_InService", "AgentState_Ready"]


def test_a_sign_in_or_out_during_a_pending_sign_in_gets_100_021(quick: RunningSim) -> None:
    """Sign-in and sign-out cannot overlap, and login is not called again before it
    answered; the simulator refuses the overlap with 100-021 ("Sign-in in progress")."""
    first, second, other = (
        RawAgent(quick.url, "101"),
        RawAgent(quick.url, "101"),
        RawAgent(quick.url, "102"),
    )
    login_path = "/agentgateway/resource/onlineagent/101"
    quick.control.add_fault(
        kind="delay", seconds=1.0, method="PUT", pattern=rf"^{login_path}$", count=1
    )
    try:
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(first.sign_in)
            deadline = time.monotonic() + 5
            while quick.control.stats()["requests"].get(login_path, 0) < 1:
                assert time.monotonic() < deadline, "the first sign-in never arrived"
                time.sleep(0.02)
            assert second.sign_in()["retcode"] == "100-021"
            assert second.sign_in(force=True)["retcode"] == "100-021"
            assert second.agent("DELETE", "logout")["retcode"] == "100-021"
            # Another agent is not held up by agent 101's sign-in.
            assert other.sign_in()["retcode"] == "0"
            assert pending.result(5)["retcode"] == "0"
        # Once it answered, the next request is judged as usual.
        assert second.sign_in()["retcode"] == "100-002"
        assert first.agent("DELETE", "logout")["retcode"] == "0"
    finally:
        for agent in (first, second, other):
            agent.close()
