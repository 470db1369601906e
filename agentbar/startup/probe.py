"""The start-up probe, for benchmarks and the packaging smoke test: marks on stdout.

With ``AGENTBAR_STARTUP_PROBE=1`` agentbar prints a line ``AGENTBAR_PROBE <what> <time>`` when the
window is shown, when the agent is signed in and ready, and at the first event; then it quits
(``tests/perf/bench_startup.py`` and ``packaging/smoke.py`` read those lines).

The idle benchmark's hook (``tests/perf/bench_idle.py``): with ``AGENTBAR_PROBE_IDLE=1`` as well,
the probe still prints its marks but does not quit, so the benchmark can measure the signed-in,
Ready program at rest. ``SIGUSR1`` hides the window as closing it to the tray does, ``SIGUSR2``
brings it back as a second launch does; each prints an ``AGENTBAR_PROBE`` line so the benchmark
knows when it happened. Nothing runs between signals: the hook must not add wake-ups of its own to
what it measures.

This module loads nothing but the standard library until a probe is installed.
"""

from __future__ import annotations

import asyncio
import signal
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agentbar.app.agent.session import AgentSession, AgentSnapshot
    from agentbar.ui.window.main_window import MainWindow

PROBE_ENV = "AGENTBAR_STARTUP_PROBE"
IDLE_PROBE_ENV = "AGENTBAR_PROBE_IDLE"
PROBE_PREFIX = "AGENTBAR_PROBE"


def print_mark(name: str) -> None:
    """One ``AGENTBAR_PROBE <name> <time>`` line on stdout, at once."""
    print(f"{PROBE_PREFIX} {name} {time.time():.6f}", flush=True)


def install_probe(session: AgentSession, shutdown: asyncio.Event) -> None:
    """Print when the agent is ready and its first event; then set ``shutdown``."""
    # Not at the top: the window is shown before the event modules load (see print_mark's callers).
    from agentbar.cec import AgentEvent, AgentState

    # Quit once signed in AND an event arrived: the packaging smoke test checks that the agent
    # really receives events over the event channel, not only the sign-in reply.
    seen: set[str] = set()

    def done(what: str) -> None:
        seen.add(what)
        if seen == {"ready", "event"}:
            shutdown.set()

    def on_event(event: AgentEvent) -> None:
        session.event_received.disconnect(on_event)
        print_mark(f"event {event.event_type}")
        done("event")

    session.event_received.connect(on_event)

    def on_state(snapshot: AgentSnapshot) -> None:
        if snapshot.signed_in and snapshot.pending is None and snapshot.state == AgentState.IDLE:
            session.state_changed.disconnect(on_state)
            print_mark("ready")
            done("ready")

    session.state_changed.connect(on_state)


def install_idle_probe(window: MainWindow) -> asyncio.Event:
    """Handle the two signals on the running loop; an Event for the start-up probe to set.

    Nobody waits on the returned Event, so the start-up probe's "quit once ready" does nothing;
    the program ends on SIGTERM as usual.
    """
    from agentbar.ui.window.bring_forward import bring_forward

    def hide() -> None:
        window.save_placement()  # what MainWindow.closeEvent does before hiding to the tray
        window.hide()
        print_mark("window_hidden")

    def show() -> None:
        bring_forward(window)
        print_mark("window_shown_again")

    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, hide)
    loop.add_signal_handler(signal.SIGUSR2, show)
    return asyncio.Event()
