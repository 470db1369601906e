"""Takes the README's screenshot: ``agentbar --demo`` on a real X server (Xvfb), during a call.

    python packaging/screenshot.py [--out resources/screenshot.png] [--language en]

Starts Xvfb when no display is set (``apt-get install xvfb libxcb-icccm4 libxcb-keysyms1
libxcb-cursor0``), runs the demo window, waits for the demo agent to be signed in and ready, has
the simulator ring it, answers, lets the call timer run a few seconds and grabs the window.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agentbar.startup.launch import launch  # noqa: E402
from agentbar.startup.options import LaunchOptions, Running  # noqa: E402

CALLER = "13800138000"


def start_xvfb() -> subprocess.Popen[bytes] | None:
    """An Xvfb on a free display number, or None when a display is already set."""
    if os.environ.get("DISPLAY"):
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        raise SystemExit("Xvfb is not installed: apt-get install -y xvfb")
    for number in range(99, 120):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        process = subprocess.Popen(
            [xvfb, f":{number}", "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                os.environ["DISPLAY"] = f":{number}"
                return process
            time.sleep(0.1)
        process.terminate()
    raise SystemExit("could not start Xvfb")


def ring(base_url: str, agent_id: str) -> None:
    request = urllib.request.Request(
        f"{base_url}/sim/agents/{agent_id}/call",
        data=json.dumps({"caller": CALLER}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # loopback only
        response.read()


async def wait_until(condition: object, within: float = 20.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the demo did not get there in time")
        await asyncio.sleep(0.05)


def scenario_for(out: Path) -> object:
    async def scenario(running: Running) -> None:
        from agentbar.app.agent.session import CallPhase
        from agentbar.cec import AgentState

        session, window = running.session, running.window
        await wait_until(
            lambda: (
                session.signed_in
                and session.snapshot.pending is None
                and session.snapshot.state == AgentState.IDLE
                and bool(session.skills)
            )
        )
        await wait_until(lambda: window.feature_tabs is not None)  # all five tabs
        await asyncio.to_thread(ring, running.sim.url, running.services.profile.gateway.agent_id)
        await wait_until(lambda: session.call is not None)
        await asyncio.sleep(1.0)
        await session.answer()
        await wait_until(
            lambda: session.call is not None and session.call.phase == CallPhase.TALKING
        )
        window.tabs.setCurrentWidget(window.events_view)
        window.resize(1280, 520)  # the width of a small laptop screen
        await asyncio.sleep(4.2)  # let the call timer show a few seconds
        window.events_view.table.scrollToBottom()
        await asyncio.sleep(0.3)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise RuntimeError(f"could not save {out}")
        print(f"saved {out}")

    return scenario


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshot.png")
    parser.add_argument("--language", default="en")
    args = parser.parse_args(argv)
    xvfb = start_xvfb()
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    try:
        options = LaunchOptions(
            None,
            demo=True,
            language=args.language,
            scenario=scenario_for(args.out),  # type: ignore[arg-type]
        )
        return launch(options)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(5)


if __name__ == "__main__":
    sys.exit(main())
