"""Test-wide set-up: headless Qt, the PySide6 binding for qasync, and shared fixtures."""

from __future__ import annotations

import os

# Before anything creates a QApplication: without a display Qt would abort the process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import atexit
import shutil
import tempfile

# The logs of in-process and child agentbar runs go to a scratch folder, not the developer's.
if not os.environ.get("AGENTBAR_LOG_DIR"):
    _logs = tempfile.mkdtemp(prefix="agentbar-test-logs-")
    os.environ["AGENTBAR_LOG_DIR"] = _logs
    atexit.register(shutil.rmtree, _logs, ignore_errors=True)

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import PySide6  # noqa: F401  -- must be imported before qasync picks a binding
import pytest

from agentbar.sim.server import SimSettings, SimThread
from tests.simulator import SimControl

# -- the simulator ---------------------------------------------------------------------------------


@dataclass
class RunningSim:
    """A simulator on its own thread: base URL, the thread, its settings and its control client."""

    url: str
    thread: SimThread
    settings: SimSettings
    control: SimControl


@pytest.fixture
def sim_factory() -> Iterator[Callable[..., RunningSim]]:
    """Starts simulators with the given ``SimSettings`` fields on 127.0.0.1; stops them after."""
    started: list[RunningSim] = []

    def start(**settings: Any) -> RunningSim:
        sim_settings = SimSettings(**settings)
        thread = SimThread(sim_settings)
        url = thread.start("127.0.0.1", 0)
        running = RunningSim(url, thread, sim_settings, SimControl(url))
        started.append(running)
        return running

    yield start
    for running in started:
        running.control.close()
        running.thread.stop()


@pytest.fixture
def sim(sim_factory: Callable[..., RunningSim]) -> RunningSim:
    """A simulator with the documented defaults (dynamic GUIDs, 10 s poll hold)."""
    return sim_factory()
