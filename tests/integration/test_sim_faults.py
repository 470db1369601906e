"""Injected faults, each seen by a real HTTP client over loopback."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

import httpx2
import pytest

from tests.conftest import RunningSim
from tests.simulator import RawAgent, SimControlError

SimFactory = Callable[..., RunningSim]


@pytest.fixture
def quick(sim_factory: SimFactory) -> RunningSim:
    return sim_factory(poll_hold=0.05)


def signed_in(sim: RunningSim) -> RawAgent:
    agent = RawAgent(sim.url, "101", timeout=5)
    assert agent.sign_in()["retcode"] == "0"
    return agent


def status(agent: RawAgent) -> httpx2.Response:
    return agent.send("GET", "/onlineagent/101/agentstatus")


def test_delay_holds_the_answer(quick: RunningSim) -> None:
    agent = signed_in(quick)
    quick.control.add_fault(kind="delay", seconds=0.4, path="/agentgateway/resource/onlineagent")
    started = time.monotonic()
    assert status(agent).json()["retcode"] == "0"
    assert time.monotonic() - started >= 0.4
    started = time.monotonic()
    status(agent)
    assert time.monotonic() - started < 0.3  # count defaults to 1
    agent.close()


def test_drop_closes_the_connection_without_an_answer(quick: RunningSim) -> None:
    agent = signed_in(quick)
    quick.control.add_fault(kind="drop", method="GET")
    with pytest.raises(httpx2.TransportError):
        status(agent)
    assert status(agent).json()["retcode"] == "0"
    agent.close()


def test_drop_after_applies_the_request_but_loses_the_answer(quick: RunningSim) -> None:
    agent = RawAgent(quick.url, "102", timeout=5)
    quick.control.add_fault(kind="drop", when="after", pattern="/onlineagent/102$")
    with pytest.raises(httpx2.TransportError):
        agent.sign_in()
    assert agent.sign_in()["retcode"] == "100-002"
    agent.close()


def test_http5xx_answers_plain_text(quick: RunningSim) -> None:
    agent = signed_in(quick)
    quick.control.add_fault(kind="http5xx", count=2)
    for _ in range(2):
        response = status(agent)
        assert response.status_code == 503
        assert response.headers["Content-Type"].startswith("text/plain")
    quick.control.add_fault(kind="http5xx", status=500)
    assert status(agent).status_code == 500
    assert status(agent).status_code == 200
    agent.close()


def test_html_answers_an_error_page(quick: RunningSim) -> None:
    agent = signed_in(quick)
    quick.control.add_fault(kind="html")
    response = status(agent)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    assert "<html>" in response.text
    agent.close()


def test_malformed_json_applies_to_the_long_poll(quick: RunningSim) -> None:
    agent = signed_in(quick)
    quick.control.add_fault(kind="malformed", pattern=r"/agentevent/\d+$")
    assert status(agent).json()["retcode"] == "0"  # other paths are not affected
    response = agent.send("GET", "/agentevent/101")
    assert response.headers["Content-Type"].startswith("application/json")
    with pytest.raises(json.JSONDecodeError):
        response.json()
    # The fault swallowed no event: the next poll gets the first one.
    assert agent.poll()["event"]["eventType"] == "AgentOther_InService"
    agent.close()


def test_unlimited_fault_lasts_until_cleared(quick: RunningSim) -> None:
    agent = signed_in(quick)
    quick.control.add_fault(kind="http5xx", count=None)
    assert [status(agent).status_code for _ in range(3)] == [503, 503, 503]
    assert quick.control.faults()[0]["hits"] == 3
    # The control interface itself is never faulted by a default rule.
    quick.control.clear_faults()
    assert quick.control.faults() == []
    assert status(agent).status_code == 200
    agent.close()


def test_unknown_fault_kind_is_rejected(quick: RunningSim) -> None:
    with pytest.raises(SimControlError) as caught:
        quick.control.add_fault(kind="gremlins")
    assert caught.value.status == 400
