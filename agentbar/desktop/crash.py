"""Unhandled exceptions: logged with their traceback, handed to the UI, never fatal to the window.

:class:`CrashHandler` becomes ``sys.excepthook`` (where PySide6 and qasync send exceptions from
slots), ``threading.excepthook`` and the asyncio loop's exception handler (tasks nobody awaited).
Each exception is logged once with its traceback — redacted, so a secret in an exception message
never reaches the log or stderr — and becomes a :class:`CrashReport` for the ``on_crash``
callback, which the UI turns into a short message with "Save diagnostics…". The callback may be
called from any thread; the UI side marshals it to the main thread.

A native crash (a segfault in Qt, say) never reaches these hooks: :func:`enable_fault_log` has
:mod:`faulthandler` write the Python stacks of such a crash to a file beside the log.
"""

from __future__ import annotations

import asyncio
import faulthandler
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from agentbar.desktop.logs import redact

log = logging.getLogger("agentbar.desktop.crash")

MAX_SUMMARY = 300
# A fault file past this size starts again empty: old crashes are in earlier bundles.
MAX_FAULT_BYTES = 256 * 1024

_fault_file: IO[str] | None = None


@dataclass(frozen=True, slots=True)
class CrashReport:
    """One unhandled exception: a one-line summary for people and the full (redacted) traceback."""

    summary: str
    traceback: str
    where: str


CrashCallback = Callable[[CrashReport], None]
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def report_for(exc: BaseException, where: str) -> CrashReport:
    """The redacted report of ``exc``; ``where`` says how it arrived (slot, task, thread …)."""
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    summary = type(exc).__name__ + (f": {message}" if message else "")
    summary = redact(summary)
    if len(summary) > MAX_SUMMARY:
        summary = summary[: MAX_SUMMARY - 1] + "…"
    return CrashReport(summary=summary, traceback=redact(text), where=where)


class CrashHandler:
    """Routes every unhandled exception to the log and to ``on_crash``; ``install()`` to start."""

    def __init__(self, on_crash: CrashCallback | None = None) -> None:
        self.on_crash = on_crash
        self.reports: list[CrashReport] = []
        self._previous_hook: Callable[..., Any] | None = None
        self._previous_thread_hook: Callable[..., Any] | None = None
        self._lock = threading.Lock()
        self._in_callback = threading.local()

    def install(self) -> None:
        """Become ``sys.excepthook`` and ``threading.excepthook`` (undone by :meth:`uninstall`)."""
        if self._previous_hook is None:
            self._previous_hook = sys.excepthook
            self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            threading.excepthook = self._previous_thread_hook or threading.__excepthook__
            self._previous_hook = self._previous_thread_hook = None

    def install_on_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.set_exception_handler(self.loop_exception_handler)

    # --- the three entry points ------------------------------------------------------------------

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            (self._previous_hook or sys.__excepthook__)(exc_type, exc, tb)
            return
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        self.handle(exc, "slot")

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        name = args.thread.name if args.thread is not None else "?"
        self.handle(args.exc_value, f"thread {name}")

    def loop_exception_handler(
        self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]
    ) -> None:
        exc = context.get("exception")
        if isinstance(exc, BaseException):
            if isinstance(exc, asyncio.CancelledError):
                return
            self.handle(exc, "task")
            return
        # A loop complaint without an exception (a slow callback, an unclosed transport).
        log.error("event loop: %s", redact(str(context.get("message", "error"))))

    # --- common path -----------------------------------------------------------------------------

    def handle(self, exc: BaseException, where: str, *, logged: bool = False) -> CrashReport:
        """Log ``exc`` with its traceback (unless ``logged`` already) and tell ``on_crash``.

        Never raises.
        """
        report = report_for(exc, where)
        if not logged:
            # The text is redacted already, so even a handler without the filter leaks nothing.
            log.error("unhandled exception in %s: %s\n%s", where, report.summary, report.traceback)
        with self._lock:
            self.reports.append(report)
            del self.reports[:-20]
        callback = self.on_crash
        if callback is not None and not getattr(self._in_callback, "active", False):
            self._in_callback.active = True
            try:
                callback(report)
            except Exception:  # noqa: BLE001 -- a broken dialog must not hide the crash
                log.error("the crash callback failed:\n%s", redact(traceback.format_exc()))
            finally:
                self._in_callback.active = False
        return report


def enable_fault_log(path: Path) -> Path | None:
    """Have :mod:`faulthandler` append a native crash's Python stacks to ``path``; the path.

    The file stays open for the rest of the process: at the crash there is no opening it. Left
    alone (None) when faulthandler already writes somewhere (``PYTHONFAULTHANDLER``,
    ``-X faulthandler``, a test runner), or when the file cannot be opened.
    """
    global _fault_file
    if faulthandler.is_enabled() and _fault_file is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        too_big = path.is_file() and path.stat().st_size > MAX_FAULT_BYTES
        file = path.open("w" if too_big else "a", encoding="utf-8")
    except OSError as exc:
        log.warning("native crashes will not be recorded: cannot open %s: %s", path, exc)
        return None
    faulthandler.enable(file=file, all_threads=True)
    previous, _fault_file = _fault_file, file
    if previous is not None:
        previous.close()
    return path
