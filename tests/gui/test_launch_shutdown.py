"""Shut-down order: spawned tasks end before the HTTP client closes; the exit is clean."""

from __future__ import annotations

import logging
import socket
import time
from pathlib import Path

import pytest

from agentbar.sim.server import SimThread
from tests.gui.launch_script import run_scenario

# A widget-like task that keeps using the services until it is cancelled; it also records
# whether it saw the client closed under it (what the CI flake was).
BUSY_TASK = """
from agentbar.cec.errors import CecError
from agentbar.ui.asyncslot import spawn

await wait_ready(running)
results["calls"] = 0

async def keep_asking():
    try:
        while True:
            try:
                await running.services.gateway.skills()
            except CecError:
                pass  # signed out by the shut-down: expected, the client is still open
            except RuntimeError as exc:
                results["closed_client"] = str(exc)
                raise
            results["calls"] += 1
            await asyncio.sleep(0.005)
    except asyncio.CancelledError:
        results["cancelled"] = True
        raise

spawn(keep_asking())
await wait_until(lambda: results["calls"] >= 3)
"""


def test_spawned_task_is_cancelled_before_the_client_closes_and_exit_is_clean(
    tmp_path: Path,
) -> None:
    outcome = run_scenario(tmp_path, BUSY_TASK)

    assert outcome.returncode == 0, outcome.stderr
    assert outcome.results.get("cancelled") is True
    assert "closed_client" not in outcome.results
    assert "scenario_error" not in outcome.results
    assert "Traceback" not in outcome.stderr
    assert " ERROR " not in outcome.stderr


def test_stopping_the_simulator_twice_is_harmless() -> None:
    sim = SimThread()
    sim.start("127.0.0.1", 0)
    sim.stop()
    sim.stop()  # raised "Event loop is closed" before


def test_stopping_a_simulator_that_never_started_is_harmless() -> None:
    SimThread().stop()


def test_client_hanging_up_mid_request_is_no_simulator_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # What a quitting app does to a request in flight: headers sent, body not, connection gone.
    caplog.set_level(logging.DEBUG)
    sim = SimThread()
    sim.start("127.0.0.1", 0)
    try:
        with socket.create_connection(("127.0.0.1", sim.port), timeout=5) as raw:
            raw.sendall(
                b"POST /oifde/rest/api/faqGroup/query HTTP/1.1\r\nHost: x\r\n"
                b'Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"a"'
            )
            time.sleep(0.3)  # the handler is now waiting for the rest of the body
        deadline = time.monotonic() + 5
        while "went away" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        sim.stop()

    assert "the client went away during POST /oifde/rest/api/faqGroup/query" in caplog.text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
