"""The rotating logs in the user log dir, and the filter that keeps secrets out of every log line.

Each profile logs to its own file, ``agentbar-<key>.log`` with the key of the profile's data
folder (the demo ``agentbar-demo.log``, the simulator ``agentbar-sim.log``): two profiles open at
once never rotate each other's file. :func:`setup_file_logging` adds the size-rotated file (the
diagnostics bundle packs it) and puts :class:`RedactingFilter` on every root handler. The filter
rewrites each record before any handler formats it: values under secret-looking keys
(``password``, ``*secret*``, ``*token*``, ``Authorization``, ``Guid``…) in JSON, ``repr`` and
header or query form, ``Bearer`` tokens, auth-v2 signatures and ``JSESSIONID`` values become
``***``, and so does every secret value that was registered with :func:`remember_secret` wherever
it appears — tracebacks included.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import threading
from collections.abc import Iterable
from pathlib import Path

import platformdirs

APP_NAME = "agentbar"
# A process that names no profile (and the files of versions before one log per profile).
LOG_FILE_NAME = "agentbar.log"
DEMO_LOG_KEY = "demo"
SIM_LOG_KEY = "sim"
FAULTS_SUFFIX = "-faults.log"
LOG_LEVELS: dict[str, int] = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warning": logging.WARNING,
    "error": logging.ERROR,
}
LOG_DIR_ENV = "AGENTBAR_LOG_DIR"
MAX_BYTES = 1024 * 1024
BACKUP_COUNT = 5
MASK = "***"
# Shorter values would mask ordinary words (the demo password is "demo"); the key patterns still
# catch short secrets where they are labelled.
MIN_SECRET_LENGTH = 6
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"

_KEY = (
    r"(?:[\w.-]*(?:password|passwd|secret|token|authorization|cookie|guid|signature)[\w.-]*"
    r"|sk|pwd)"
)
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # "key": "value" (JSON) — keeps the quotes so the line still reads as JSON.
    (re.compile(rf'("{_KEY}"\s*:\s*")(?:[^"\\]|\\.)*(")', re.IGNORECASE), rf"\g<1>{MASK}\g<2>"),
    # 'key': 'value' and 'key': b'value' (Python repr of dicts and header lists).
    (
        re.compile(rf"('{_KEY}'\s*[:,]\s*b?')(?:[^'\\]|\\.)*(')", re.IGNORECASE),
        rf"\g<1>{MASK}\g<2>",
    ),
    (re.compile(r"(\bBearer\s+)[^\s,;\"'}\]]+", re.IGNORECASE), rf"\g<1>{MASK}"),
    (re.compile(r"(\bauth-v2/)[^\s,;\"'}\]]+", re.IGNORECASE), rf"\g<1>{MASK}"),
    (re.compile(r"(\bJSESSIONID=)[^\s,;\"'}\]&]+", re.IGNORECASE), rf"\g<1>{MASK}"),
    # key: value, key=value (headers, query strings, keyword reprs).
    (
        re.compile(
            rf"(\b{_KEY}\s*[:=]\s*)(?!\*\*\*)(?![\"'])(?!(?:Bearer|Basic)\s)(?!auth-v2/)"
            rf"[^\s,;&\"'}}\])]+",
            re.IGNORECASE,
        ),
        rf"\g<1>{MASK}",
    ),
    # key='value' / key="value" (dataclass and keyword reprs).
    (re.compile(rf"(\b{_KEY}\s*=\s*')(?:[^'\\]|\\.)*(')", re.IGNORECASE), rf"\g<1>{MASK}\g<2>"),
    (re.compile(rf'(\b{_KEY}\s*=\s*")(?:[^"\\]|\\.)*(")', re.IGNORECASE), rf"\g<1>{MASK}\g<2>"),
)

_known_lock = threading.Lock()
_known_values: set[str] = set()


def remember_secret(value: str | None) -> None:
    """Mask ``value`` wherever it appears in a log line from now on (for this process)."""
    if value and len(value) >= MIN_SECRET_LENGTH:
        with _known_lock:
            _known_values.add(value)


def forget_secrets() -> None:
    """Drop every remembered value (tests)."""
    with _known_lock:
        _known_values.clear()


def redact(text: str) -> str:
    """``text`` with every secret it visibly carries replaced by ``***``."""
    with _known_lock:
        known = sorted(_known_values, key=len, reverse=True)
    for value in known:
        if value in text:
            text = text.replace(value, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites a record's message, traceback and stack into their redacted text, once.

    The record is changed in place (message formatted, args dropped, ``exc_text`` filled), so every
    handler after this one — file, stderr, a crash dialog's — sees only the redacted text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_agentbar_redacted", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 -- a bad format string must not lose the line
            message = f"{record.msg!r} (args could not be formatted)"
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        # The formatter would format exc_info again only when exc_text is empty.
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        setattr(record, "_agentbar_redacted", True)  # noqa: B010 -- LogRecord has no such field
        return True


def log_dir() -> Path:
    """``$AGENTBAR_LOG_DIR`` when set, else the platform's user log dir for agentbar."""
    from_env = os.environ.get(LOG_DIR_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def log_file_name(key: str) -> str:
    """The log file of ``key``: a profile's data-folder key, :data:`DEMO_LOG_KEY` or another."""
    return f"{APP_NAME}-{key}.log"


def profile_log_name(config_path: Path | None, *, demo: bool = False) -> str:
    """The log file of the profile at ``config_path`` (default: the configured one), or the demo's.

    Keyed like the profile's data folder, so the two are easy to match up.
    """
    if demo:
        return log_file_name(DEMO_LOG_KEY)
    from agentbar.config import profile_data_dir, resolve_config_path

    return log_file_name(profile_data_dir(resolve_config_path(config_path)).name)


def fault_file_name(log_name: str) -> str:
    """Where :mod:`faulthandler` writes native crashes of a process that logs to ``log_name``."""
    return log_name.removesuffix(".log") + FAULTS_SUFFIX


def level_named(name: str) -> int:
    """The :mod:`logging` level of a profile's ``log_level`` ("info" for anything unknown)."""
    return LOG_LEVELS.get(name.strip().lower(), logging.INFO)


_current_lock = threading.Lock()
_current_file: Path | None = None


def current_log_file() -> Path | None:
    """The file this process logs to (:func:`setup_file_logging`), or None."""
    with _current_lock:
        return _current_file


def log_files(directory: Path | None = None, name: str | None = None) -> list[Path]:
    """The log ``name`` in ``directory`` and its rotated predecessors, newest first.

    ``name`` defaults to the file this process logs to, else :data:`LOG_FILE_NAME`.
    """
    directory = directory or log_dir()
    if name is None:
        current = current_log_file()
        name = current.name if current is not None else LOG_FILE_NAME
    newest = directory / name
    found = [newest] if newest.is_file() else []
    for number in range(1, BACKUP_COUNT + 1):
        rotated = directory / f"{name}.{number}"
        if rotated.is_file():
            found.append(rotated)
    return found


class SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file handler whose failed rollover is retried after a while, not on every line.

    Renaming a file another process holds open fails on Windows (an ``agentbar events`` beside
    the window on one profile, two simulators): the base class then reports a logging error on
    every following line. Here the line is appended to the file as it is and the rollover is
    tried again once the file has grown by another quarter of ``maxBytes``.
    """

    def __init__(self, filename: Path, max_bytes: int, backup_count: int) -> None:
        super().__init__(filename, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8")
        self._retry_at = 0

    def shouldRollover(self, record: logging.LogRecord) -> bool:
        if self._retry_at and self.stream is not None and self.stream.tell() < self._retry_at:
            return False
        return bool(super().shouldRollover(record))

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:
                self.stream = self._open()
            self.stream.seek(0, os.SEEK_END)
            self._retry_at = self.stream.tell() + max(self.maxBytes // 4, 1)
        else:
            self._retry_at = 0


def install_redaction(handlers: Iterable[logging.Handler] | None = None) -> None:
    """Put a :class:`RedactingFilter` on ``handlers`` (default: the root logger's), once each."""
    for handler in list(handlers if handlers is not None else logging.getLogger().handlers):
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def setup_file_logging(
    directory: Path | None = None,
    *,
    name: str = LOG_FILE_NAME,
    level: int = logging.INFO,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
) -> logging.Handler | None:
    """Log to ``name`` in ``directory`` (rotated at 1 MiB, 5 kept) and redact everywhere.

    Returns the handler, or None when the directory cannot be created (logging then goes only to
    the handlers already present — agentbar still runs).
    """
    global _current_file
    directory = directory or log_dir()
    root = logging.getLogger()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handler = SharedRotatingFileHandler(directory / name, max_bytes, backup_count)
    except OSError as exc:
        install_redaction()
        root.warning("cannot write the log file in %s: %s", directory, exc)
        return None
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    previous = root.getEffectiveLevel()
    if previous > level:
        # The file wants more detail than stderr was given: keep stderr where it was.
        for other in root.handlers:
            if other.level == logging.NOTSET:
                other.setLevel(previous)
        root.setLevel(level)
    root.addHandler(handler)
    install_redaction()
    with _current_lock:
        _current_file = directory / name
    return handler


def remove_handler(handler: logging.Handler | None) -> None:
    """Detach and close a handler made by :func:`setup_file_logging` (tests, shut-down)."""
    global _current_file
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
        if isinstance(handler, logging.FileHandler):
            with _current_lock:
                if _current_file is not None and str(_current_file) == handler.baseFilename:
                    _current_file = None


_qt_handler: object = None


def route_qt_messages() -> None:
    """Send Qt's own messages (a platform plugin's or a font's complaint) to the log as ``qt``.

    Qt calls the handler for every message it would print, from any thread; it only asks whether
    the level is wanted before formatting anything, so a chatty plugin costs little.
    """
    global _qt_handler
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    qt_log = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        level = levels.get(kind, logging.WARNING)
        if qt_log.isEnabledFor(level):
            qt_log.log(level, "%s: %s", context.category or "default", message)

    # Kept referenced: Qt holds only a pointer to it.
    _qt_handler = handler
    qInstallMessageHandler(handler)
