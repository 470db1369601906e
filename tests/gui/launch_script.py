"""Runs ``agentbar --demo`` in a child process with a scenario, for the launch tests.

Each test gives the body of ``async def scenario(running, results)``; the child runs
:func:`agentbar.startup.launch.launch` with it, prints ``RESULT <json of results>`` and exits with
the app's exit code. A child process keeps the app's hooks, loop and log handlers out of the test
process, and gives each run its own HOME, temp and log dir.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

PRELUDE = """
import asyncio, json, logging, sys
from agentbar.cli.command import configure_logging
from agentbar.startup.launch import launch
from agentbar.startup.options import LaunchOptions

configure_logging(False, quiet=True)
results = {}


async def wait_until(condition, within=20.0):
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.02)


async def wait_ready(running):
    from agentbar.cec.models import AgentState

    session = running.session
    await wait_until(
        lambda: session.signed_in
        and session.snapshot.pending is None
        and session.snapshot.state == AgentState.IDLE
    )


async def scenario(running):
{body}


async def guarded(running):
    try:
        await scenario(running)
    except BaseException as exc:
        results["scenario_error"] = repr(exc)
        raise


code = launch(LaunchOptions(None, True, "{language}", scenario=guarded))
print("RESULT " + json.dumps(results), flush=True)
sys.exit(code)
"""


@dataclass(frozen=True)
class Outcome:
    returncode: int
    results: dict[str, Any]
    stdout: str
    stderr: str
    log_dir: Path

    def log_text(self) -> str:
        path = self.log_dir / "agentbar-demo.log"
        return path.read_text(encoding="utf-8") if path.exists() else ""


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "AGENTBAR_")) and key not in ("HOME", "TMPDIR")
    }
    for name in ("config", "data", "cache", "state", "logs", "tmp"):
        (home / name).mkdir(parents=True, exist_ok=True)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
        AGENTBAR_LOG_DIR=str(home / "logs"),
        TMPDIR=str(home / "tmp"),
        QT_QPA_PLATFORM="offscreen",
        QT_API="pyside6",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def scenario_command(body: str, language: str = "en") -> list[str]:
    indented = textwrap.indent(textwrap.dedent(body), "    ")
    source = PRELUDE.replace("{body}", indented).replace("{language}", language)
    return [sys.executable, "-c", source]


def run_scenario(home: Path, body: str, *, timeout: float = 90.0, **env: str) -> Outcome:
    """Run the demo with ``body`` as its scenario, to the end."""
    done = subprocess.run(
        scenario_command(body),
        env=isolated_env(home, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    results: dict[str, Any] = {}
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            results = json.loads(line[len("RESULT ") :])
    return Outcome(done.returncode, results, done.stdout, done.stderr, home / "logs")
