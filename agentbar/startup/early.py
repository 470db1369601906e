"""Start-up's first steps, before Qt loads: is there a display, the log file and the crash hooks,
and the choice of Qt binding that must precede the bulk of the imports.

Each step says why it comes where it does; ``agentbar.startup.launch`` runs them in order.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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
def file_log_and_crash_hooks(*, demo: bool) -> Iterator[CrashHandler]:
    """Log to the file and catch crashes for the ``with`` block; the crash handler.

    Imported here, not at the top: the demo's simulator has already been started and boots while
    these load."""
    from agentbar import __version__
    from agentbar.desktop.crash import CrashHandler
    from agentbar.desktop.logs import remove_handler, setup_file_logging

    log_handler = setup_file_logging()
    log.info("agentbar %s starting%s", __version__, " (demo)" if demo else "")
    crash = CrashHandler()
    crash.install()
    try:
        yield crash
    finally:
        crash.uninstall()
        remove_handler(log_handler)


def prepare_qt_imports() -> None:
    """Pick PySide6 for qasync, before anything imports Qt."""
    os.environ.setdefault("QT_API", "pyside6")
    import PySide6  # noqa: F401  -- must precede qasync, which picks the first binding
