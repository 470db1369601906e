"""The idle benchmark's hook (``tests/perf/bench_idle.py``): keep running, hide or show on a signal.

Loaded only when ``AGENTBAR_STARTUP_PROBE=1`` and ``AGENTBAR_PROBE_IDLE=1`` are both set. The
start-up probe then still prints its marks (window shown, ready, first event) but does not quit, so
the benchmark can measure the signed-in, Ready program at rest. ``SIGUSR1`` hides the window as
closing it to the tray does, ``SIGUSR2`` brings it back as a second launch does; each prints an
``AGENTBAR_PROBE`` line so the benchmark knows when it happened. Nothing runs between signals: the
hook must not add wake-ups of its own to what it measures.
"""

from __future__ import annotations

import asyncio
import signal
import time
from typing import TYPE_CHECKING

from agentbar.ui.bring_forward import bring_forward

if TYPE_CHECKING:
    from agentbar.ui.main_window import MainWindow

IDLE_PROBE_ENV = "AGENTBAR_PROBE_IDLE"
# The start-up probe's line format (launch.py), repeated here so this module does not depend on
# where launch.py lives.
PROBE_PREFIX = "AGENTBAR_PROBE"


def _probe(name: str) -> None:
    print(f"{PROBE_PREFIX} {name} {time.time():.6f}", flush=True)


def install_idle_probe(window: MainWindow) -> asyncio.Event:
    """Handle the two signals on the running loop; an Event for the start-up probe to set.

    Nobody waits on the returned Event, so the start-up probe's "quit once ready" does nothing;
    the program ends on SIGTERM as usual.
    """

    def hide() -> None:
        window.save_placement()  # what MainWindow.closeEvent does before hiding to the tray
        window.hide()
        _probe("window_hidden")

    def show() -> None:
        bring_forward(window)
        _probe("window_shown_again")

    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGUSR1, hide)
    loop.add_signal_handler(signal.SIGUSR2, show)
    return asyncio.Event()
