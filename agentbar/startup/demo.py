"""Start-up step for ``--demo``: the demo tenant on a simulator of its own.

The simulator runs as a child process of this same program (``agentbar.startup.demo_sim``),
started before Qt loads so it boots while the window is built; the demo agent signs in with an
in-memory secret store. If the simulator fails or ends, the window says so and offers a restart.
This module loads nothing but the standard library until one of its steps runs.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agentbar.config import Profile
    from agentbar.secrets import SecretStore
    from agentbar.startup.demo_sim import DemoSimulator
    from agentbar.ui.window.banner import Banner
    from agentbar.ui.window.main_window import MainWindow

DEMO_PASSWORD = "demo"


def demo_secrets() -> dict[str, str]:
    """The simulator's demo tenant (README, "Demo tenant"): public, made-up credentials."""
    from agentbar.secrets import (
        CASES_CLIENT_SECRET,
        CCFS_SK,
        FAQ_APP_SECRET,
        PASSWORD,
        QUALITY_APP_SECRET,
    )

    return {
        PASSWORD: DEMO_PASSWORD,
        CCFS_SK: "demo-sk-0123456789abcdef",
        QUALITY_APP_SECRET: "demo-app-secret",
        FAQ_APP_SECRET: "demo-oifde-secret",
        CASES_CLIENT_SECRET: "demo-client-secret",
    }


def start_demo_simulator() -> DemoSimulator:
    """Start the demo's simulator process and say where it listens, as the first line on stdout:
    a trainer (or a desk test) drives it through its /sim/ control interface."""
    from agentbar.startup.demo_sim import DemoSimulator

    sim = DemoSimulator.start()
    print(f"demo simulator: {sim.url}", flush=True)
    return sim


def demo_profile_for(sim: DemoSimulator) -> Profile:
    """The demo tenant on the demo simulator's address (known before the child even runs)."""
    from agentbar.config import demo_profile

    return demo_profile(sim.url)


async def start_demo(sim: DemoSimulator, window: MainWindow) -> SecretStore:
    """Wait for the demo's simulator to answer; report on the window if it fails or ends later.

    Returns the demo tenant's in-memory secret store.
    """
    from agentbar.secrets import MemoryStore

    loop = asyncio.get_running_loop()
    banner = window.add_banner()
    banner.setObjectName("demoSimulatorBanner")

    def ended(code: int, tail: list[str]) -> None:  # on the simulator's watcher thread
        with contextlib.suppress(RuntimeError):  # the loop closed: agentbar is ending anyway
            loop.call_soon_threadsafe(_report_demo_sim_ended, window, banner, sim, code, tail)

    sim.watch(ended)
    if not await asyncio.to_thread(sim.wait_ready) and sim.running():
        _report_demo_sim_ended(window, banner, sim, None, sim.tail())
    return MemoryStore(demo_secrets())


def _report_demo_sim_ended(
    window: MainWindow, banner: Banner, sim: DemoSimulator, code: int | None, tail: list[str]
) -> None:
    """Say on the window that the demo's simulator is gone (or hangs), with its last lines, and
    offer to start it again."""
    from PySide6.QtCore import QCoreApplication

    from agentbar.ui.asyncslot import spawn

    def translate(text: str) -> str:
        return QCoreApplication.translate("Launch", text)

    if code is None:
        text = translate("The demo's simulator did not start in time.")
    else:
        text = translate("The demo's simulator stopped (exit code {0}).").format(code)
    last = "\n".join(line[:200] for line in tail[-3:])
    if last:
        text = f"{text}\n{last}"

    async def restart() -> None:
        sim.stop()
        sim.spawn()
        if await asyncio.to_thread(sim.wait_ready):
            banner.dismiss()
            await window.sign_in()

    banner.show_message("error", text, translate("Restart the simulator"), lambda: spawn(restart()))
