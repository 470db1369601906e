"""The demo's simulator runs as a child process: when it dies (or fails to start) the window says
so with its last lines and offers to restart it; the restart brings the demo back signed in."""

from __future__ import annotations

import asyncio
import os
import signal
from typing import Any

import pytest

from agentbar.startup import demo, demo_sim
from agentbar.startup.demo_sim import DemoSimulator
from agentbar.ui.window.banner import Banner
from tests.gui.conftest import wait_until
from tests.gui.test_agent_window import Rig

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the child is killed with a signal")


@pytest.fixture
def sim() -> Any:
    started = DemoSimulator.start(ring_every=None)
    yield started
    started.close()


def test_a_dead_simulator_is_reported_and_the_restart_signs_in_again(qloop, sim):
    rig = Rig(sim.url)

    async def scenario() -> None:
        await rig.open()
        await demo.start_demo(sim, rig.window)
        await rig.signed_in_ready()
        (banner,) = [b for b in rig.window.findChildren(Banner) if "demo" in b.objectName()]
        assert not banner.isVisible()
        assert sim.pid is not None
        os.kill(sim.pid, signal.SIGKILL)
        await wait_until(banner.isVisible)
        assert "stopped" in banner.text
        assert banner.action_button.text() == "Restart the simulator"
        banner.action_button.click()
        await wait_until(lambda: sim.running() and not banner.isVisible(), within=20)
        await wait_until(rig.ready, within=20)

    try:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        qloop.run_until_complete(rig.close())


def test_a_simulator_that_fails_to_start_shows_its_last_lines(qloop, monkeypatch):
    failing = "import sys; sys.stderr.write('agentbar sim: cannot listen: boom\\n'); sys.exit(2)"
    monkeypatch.setattr(demo_sim, "sim_command", lambda extra: ["python3", "-c", failing])
    sim = DemoSimulator.start(ring_every=None)
    rig = Rig(sim.url)

    async def scenario() -> None:
        await rig.open()
        await demo.start_demo(sim, rig.window)
        (banner,) = [b for b in rig.window.findChildren(Banner) if "demo" in b.objectName()]
        await wait_until(banner.isVisible)
        assert "exit code 2" in banner.text
        assert "cannot listen: boom" in banner.text

    try:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    finally:
        qloop.run_until_complete(rig.close())
        sim.close()
