"""What one start of the GUI is asked to do (:class:`LaunchOptions`), and what a scenario gets to
drive once the window is up (:class:`Running`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agentbar.app.agent.session import AgentSession
    from agentbar.app.services import Services
    from agentbar.startup.demo_sim import DemoSimulator
    from agentbar.ui.window.main_window import MainWindow


@dataclass(frozen=True)
class LaunchOptions:
    config_path: Path | None
    demo: bool
    language: str | None
    probe: bool = False
    # Run after the window is shown; agentbar quits when it returns.
    scenario: Callable[[Running], Awaitable[None]] | None = None


@dataclass(frozen=True)
class Running:
    """What a scenario (screenshot script, tests) can drive once the window is up."""

    window: MainWindow
    session: AgentSession
    services: Services
    sim: DemoSimulator | None  # the demo's simulator process
