"""The simulator's C4 auth: static and dynamic GUIDs, rotation on polls, grace for old GUIDs."""

from __future__ import annotations

import time
from collections.abc import Callable

from tests.conftest import RunningSim
from tests.simulator import RawAgent

SimFactory = Callable[..., RunningSim]


def signed_in(sim: RunningSim, agent_id: str = "101") -> RawAgent:
    agent = RawAgent(sim.url, agent_id)
    assert agent.sign_in()["retcode"] == "0"
    return agent


def test_static_guid_never_changes(sim_factory: SimFactory) -> None:
    sim = sim_factory(guid_mode="static", guid_interval=0.1, guid_timeout=0.2, poll_hold=0.05)
    agent = signed_in(sim)
    try:
        first = agent.guid
        for _ in range(4):
            time.sleep(0.1)
            response = agent.send("GET", "/agentevent/101")
            assert "Set-GUID" not in response.headers
            assert agent.send("POST", "/onlineagent/101/handshake").headers.get("Set-GUID") is None
        assert agent.guid == first
        assert agent.agent("GET", "agentstatus")["retcode"] == "0"
    finally:
        agent.close()


def test_dynamic_guid_rotates_on_poll_once_the_interval_passed(sim_factory: SimFactory) -> None:
    sim = sim_factory(guid_interval=0.3, guid_timeout=0.6, poll_hold=0.05)
    agent = signed_in(sim)
    try:
        first = agent.guid
        assert "Set-GUID" not in agent.send("GET", "/agentevent/101").headers
        time.sleep(0.35)
        response = agent.send("GET", "/agentevent/101")
        assert response.headers["Set-GUID"].startswith("JSESSIONID=")
        assert agent.guid != first
        # The superseded GUID stays valid for guid_timeout, then 000-003.
        old = {"Guid": first}
        assert agent.agent("GET", "agentstatus", headers=old)["retcode"] == "0"
        time.sleep(0.65)
        assert agent.agent("GET", "agentstatus", headers=old)["retcode"] == "000-003"
        assert agent.agent("GET", "agentstatus")["retcode"] == "0"
    finally:
        agent.close()


def test_dynamic_guid_rotates_on_handshake(sim_factory: SimFactory) -> None:
    sim = sim_factory(guid_interval=0.2, guid_timeout=1.0, poll_hold=0.05)
    agent = signed_in(sim)
    try:
        first = agent.guid
        time.sleep(0.25)
        response = agent.send("POST", "/onlineagent/101/handshake")
        assert response.json() == {"message": "success", "retcode": "0"}
        assert "Set-GUID" in response.headers
        assert agent.guid != first
    finally:
        agent.close()


def test_rotated_guid_is_delivered_by_the_next_poll(sim_factory: SimFactory) -> None:
    sim = sim_factory(guid_mode="static", guid_timeout=0.5, poll_hold=0.05)
    agent = signed_in(sim)
    try:
        first = agent.guid
        new = sim.control.rotate_guid("101")
        response = agent.send("GET", "/agentevent/101")
        assert response.headers["Set-GUID"] == f"JSESSIONID={new}"
        assert agent.guid == new
        assert agent.agent("GET", "agentstatus", headers={"Guid": first})["retcode"] == "0"
        time.sleep(0.55)
        assert agent.agent("GET", "agentstatus", headers={"Guid": first})["retcode"] == "000-003"
    finally:
        agent.close()


def test_update_guid_returns_the_new_guid_in_body_and_header(sim: RunningSim) -> None:
    agent = signed_in(sim)
    try:
        old = agent.guid
        response = agent.send("PUT", "/onlineagent/101/updateGuid")
        body = response.json()
        assert body["retcode"] == "0"
        assert body["message"] == "success"
        assert body["result"]["guid"] != old
        assert response.headers["Set-GUID"] == f"JSESSIONID={body['result']['guid']}"
        assert agent.agent("GET", "agentstatus")["retcode"] == "0"
    finally:
        agent.close()


def test_forced_sign_in_invalidates_every_old_guid(sim_factory: SimFactory) -> None:
    sim = sim_factory(guid_interval=0.1, guid_timeout=10, poll_hold=0.05)
    old = signed_in(sim)
    try:
        first = old.guid
        time.sleep(0.15)
        old.poll()  # rotates: now two GUIDs are valid
        assert old.guid != first
        new = RawAgent(sim.url, "101")
        assert new.sign_in(force=True)["retcode"] == "0"
        for guid in (first, old.guid):
            assert old.agent("GET", "agentstatus", headers={"Guid": guid})["retcode"] == "000-003"
        assert new.agent("GET", "agentstatus")["retcode"] == "0"
        new.close()
    finally:
        old.close()
