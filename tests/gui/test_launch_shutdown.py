"""Shut-down order: spawned tasks end before the HTTP client closes; the exit is clean."""

from __future__ import annotations

from pathlib import Path

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
