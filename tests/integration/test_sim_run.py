"""``agentbar.sim.run.serve``: the simulator prints its URL first and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest

SCRIPT = """
from agentbar.sim.run import Listen, serve
from agentbar.sim.server import SimSettings
serve(Listen("", 0), SimSettings(), None, None, on_listening=lambda url: print(url, flush=True))
print("stopped", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM to a child is POSIX-only")
def test_serve_reports_its_url_and_stops_on_sigterm() -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    child = subprocess.Popen(
        [sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True, env=env, cwd=root
    )
    try:
        assert child.stdout is not None
        url = child.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        reply = httpx2.get(f"{url}/sim/agents", timeout=5).json()
        assert [a["agentId"] for a in reply][:1] == ["101"]
        started = time.monotonic()
        child.send_signal(signal.SIGTERM)
        assert child.wait(5) == 0
        assert time.monotonic() - started < 2
        assert child.stdout.read().strip() == "stopped"
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
