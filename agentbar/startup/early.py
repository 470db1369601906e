"""Start-up's first steps, before Qt loads: is there a display, the log file and the crash hooks,
the choice of Qt binding that must precede the bulk of the imports, and Qt's messages to the log.

Each step says why it comes where it does; ``agentbar.startup.launch`` runs them in order.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agentbar.desktop.crash import CrashHandler

log = logging.getLogger(__name__)

NO_DISPLAY_MESSAGE = (
    "agentbar needs a display, and none was found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
    "Run it in a desktop session, or without a screen:\n"
    "  QT_QPA_PLATFORM=offscreen agentbar --demo     (no window is visible)\n"
    "  xvfb-run agentbar --demo                      (a virtual X display; apt install xvfb)"
)


def display_problem(environ: dict[str, str] | None = None, platform: str = sys.platform) -> str:
    """Why Qt could not open a window here, or "" when it can (checked before Qt would abort)."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return ""
    if env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return ""
    return NO_DISPLAY_MESSAGE


@contextmanager
def file_log_and_crash_hooks(
    *, demo: bool, config_path: Path | None = None
) -> Iterator[CrashHandler]:
    """Log to the profile's file and catch crashes for the ``with`` block; the crash handler.

    The file's level is the profile's ``[ui] log_level``, read here because the log starts before
    the profile is loaded. Native crashes go to a file beside the log.

    Imported here, not at the top: the demo's simulator has already been started and boots while
    these load."""
    from agentbar import __version__
    from agentbar.desktop.crash import CrashHandler, enable_fault_log
    from agentbar.desktop.logs import (
        fault_file_name,
        level_named,
        log_dir,
        profile_log_name,
        remove_handler,
        setup_file_logging,
    )

    name = profile_log_name(config_path, demo=demo)
    level = logging.INFO
    if not demo:
        from agentbar.config import read_log_level

        level = level_named(read_log_level(config_path))
    log_handler = setup_file_logging(name=name, level=level)
    if log_handler is not None:
        enable_fault_log(log_dir() / fault_file_name(name))
    log.info("agentbar %s starting%s", __version__, " (demo)" if demo else "")
    crash = CrashHandler()
    crash.install()
    try:
        yield crash
    finally:
        crash.uninstall()
        remove_handler(log_handler)


def route_qt_messages() -> None:
    """Qt's own warnings into the log; called once QtCore may load (after the binding is chosen)."""
    from agentbar.desktop.logs import route_qt_messages as install

    install()


def prepare_qt_imports() -> None:
    """Pick PySide6 for qasync, before anything imports Qt."""
    os.environ.setdefault("QT_API", "pyside6")
    import PySide6  # noqa: F401  -- must precede qasync, which picks the first binding
