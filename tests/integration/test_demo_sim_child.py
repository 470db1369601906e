"""The demo's simulator as a child process: it serves on the parent's address, reports when it
dies or fails to start (with its last words), restarts on the same URL, and never outlives the
GUI, even one killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import httpx2
import pytest

from agentbar.startup import demo_sim
from agentbar.startup.demo_sim import DemoSimulator

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="signals and fd hand-over are POSIX")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill 0; it has ended all the same.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture
def sim() -> DemoSimulator:
    started = DemoSimulator.start(ring_every=None)
    yield started
    started.close()


def test_the_child_serves_the_demo_url_and_stops_when_asked(sim: DemoSimulator) -> None:
    assert sim.wait_ready()
    agents = httpx2.get(f"{sim.url}/sim/agents", timeout=5).json()
    assert any(agent["agentId"] == "101" for agent in agents)
    pid = sim.pid
    assert pid is not None
    sim.stop()
    assert wait_gone(pid)


def test_a_child_that_dies_is_reported_and_restarts_on_the_same_url(sim: DemoSimulator) -> None:
    assert sim.wait_ready()
    ended: list[tuple[int, list[str]]] = []
    told = threading.Event()
    sim.watch(lambda code, tail: (ended.append((code, tail)), told.set()))
    url, pid = sim.url, sim.pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    assert told.wait(10)
    assert ended[0][0] == -signal.SIGKILL
    sim.spawn()
    assert sim.wait_ready()
    assert sim.url == url
    assert httpx2.get(f"{url}/sim/settings", timeout=5).status_code == 200


def test_a_child_that_fails_to_start_reports_its_last_error_lines(monkeypatch) -> None:
    failing = textwrap.dedent(
        """
        import sys
        sys.stderr.write("agentbar sim: cannot listen: [Errno 98] Address already in use\\n")
        sys.exit(1)
        """
    )
    monkeypatch.setattr(demo_sim, "sim_command", lambda extra: [sys.executable, "-c", failing])
    sim = DemoSimulator.start(ring_every=None)
    try:
        assert not sim.wait_ready(10)
        ended: list[tuple[int, list[str]]] = []
        sim.watch(lambda code, tail: ended.append((code, tail)))  # after the fact: told at once
        assert ended == [(1, ["agentbar sim: cannot listen: [Errno 98] Address already in use"])]
    finally:
        sim.close()


def test_a_program_that_cannot_be_started_is_reported(monkeypatch) -> None:
    monkeypatch.setattr(demo_sim, "sim_command", lambda extra: ["/nonexistent/agentbar", *extra])
    sim = DemoSimulator.start(ring_every=None)
    try:
        assert not sim.wait_ready(5)
        told = threading.Event()
        ended: list[tuple[int, list[str]]] = []
        sim.watch(lambda code, tail: (ended.append((code, tail)), told.set()))
        assert told.wait(5)
        assert "/nonexistent/agentbar" in ended[0][1][0]
    finally:
        sim.close()


PARENT = """
import sys, time
from agentbar.startup.demo_sim import DemoSimulator
sim = DemoSimulator.start(ring_every=None)
assert sim.wait_ready()
print(sim.pid, sim.url, flush=True)
time.sleep(60)
"""


def test_the_child_never_outlives_a_parent_killed_with_sigkill() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert parent.stdout is not None
        child_pid_text, url = parent.stdout.readline().split()
        child_pid = int(child_pid_text)
        assert httpx2.get(f"{url}/sim/agents", timeout=5).status_code == 200
        parent.kill()
        parent.wait(5)
        assert wait_gone(child_pid), "the simulator outlived the GUI"
    finally:
        if parent.poll() is None:
            parent.kill()


def test_a_child_watching_its_parent_ends_cleanly_on_sigterm() -> None:
    # A thread blocked in the buffered stdin reader made the interpreter abort at exit (-6).
    child = subprocess.Popen(
        [sys.executable, "-m", "agentbar", "sim", "--port", "0", "--exit-with-parent"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert child.stdout is not None
    child.stdout.readline()
    time.sleep(0.3)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=10)
    assert child.returncode == 0, err.decode()[-500:]
