"""Starts the GUI, as a sequence of named steps (each in its own module of ``agentbar.startup``):

1. ``early``: is there a display; the demo's simulator starts (``demo``), before Qt loads, so it
   boots on the other core while this process builds the window; the log file and crash hooks;
   the Qt binding, and PySide6's per-import check made cheap (``pyside_import_hook``).
2. the QApplication and the interface language; ``instance``: claim the profile, or hand over to
   the agentbar that has it.
3. ``window``: for the demo, the window is shown at once, before the event loop; then, on the
   qasync loop, the profile or first run (``first_run``), the window, the services, sign-in, and
   an orderly quit that signs out while the loop still runs.

With ``AGENTBAR_STARTUP_PROBE=1`` start-up prints its marks on stdout (``probe``).
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from agentbar.startup.demo import demo_profile_for, start_demo_simulator
from agentbar.startup.early import (
    display_problem,
    file_log_and_crash_hooks,
    prepare_qt_imports,
    route_qt_messages,
)
from agentbar.startup.options import LaunchOptions
from agentbar.startup.probe import PROBE_ENV, print_mark

if TYPE_CHECKING:
    from agentbar.desktop.crash import CrashHandler
    from agentbar.startup.demo_sim import DemoSimulator
    from agentbar.startup.window import WindowParts


def run_gui(config_path: Path | None, *, demo: bool, language: str | None) -> int:
    """Run the window until the person quits; the process exit code."""
    probe = os.environ.get(PROBE_ENV) == "1"
    return launch(LaunchOptions(config_path, demo, language, probe))


def launch(options: LaunchOptions) -> int:
    """Check the display, log to the file, catch crashes, and run the application."""
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    # First of all, before Qt loads: the demo's simulator boots in its own process, on the other
    # core, while this one builds the window.
    demo_sim = start_demo_simulator() if options.demo else None
    with file_log_and_crash_hooks(demo=options.demo, config_path=options.config_path) as crash:
        try:
            return _launch(options, crash, demo_sim)
        finally:
            if demo_sim is not None:
                demo_sim.close()


def _launch(options: LaunchOptions, crash: CrashHandler, demo_sim: DemoSimulator | None) -> int:
    """Create the QApplication, claim the profile's instance and run ``run_app`` on qasync."""
    prepare_qt_imports()
    from agentbar.startup.pyside_import_hook import cheapen_feature_check

    # Before the bulk of the imports: ~150 ms and 12 MB at start-up. (A desk test that once
    # seemed to depend on where this runs was racing the FAQ tab's arrival; it now waits for it.)
    cheapen_feature_check()
    route_qt_messages()
    # The steps from here on load Qt: imported only now, after the work-arounds.
    from agentbar.startup.instance import claim_instance
    from agentbar.startup.window import build_window, run_app
    from agentbar.ui.application import create_application
    from agentbar.ui.i18n import install_language, resolve_language

    app = create_application()
    install_language(resolve_language(options.language))
    instance, exit_code = claim_instance(options)
    if instance is None:
        return exit_code
    early: WindowParts | None = None
    if options.demo:
        # The demo needs no profile from disk: show its window before the event loop, the HTTP
        # stack and the simulator are even loaded, so the person sees it at once.
        assert demo_sim is not None
        early = build_window(options, demo_profile_for(demo_sim))
        app.processEvents()  # paints it
        if options.probe:
            print_mark("window_shown")

    import qasync

    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        return runner.run(
            run_app(app, options, early, crash=crash, instance=instance, demo_sim=demo_sim)
        )
