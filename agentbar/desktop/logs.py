"""The rotating log in the user log dir, and the filter that keeps secrets out of every log line.

:func:`setup_file_logging` adds a size-rotated ``agentbar.log`` (the diagnostics bundle packs it)
and puts :class:`RedactingFilter` on every root handler. The filter rewrites each record before
any handler formats it: values under secret-looking keys (``password``, ``*secret*``, ``*token*``,
``Authorization``, ``Guid``…) in JSON, ``repr`` and header or query form, ``Bearer`` tokens,
auth-v2 signatures and ``JSESSIONID`` values become ``***``, and so does every secret value that
was registered with :func:`remember_secret` wherever it appears — tracebacks included.
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
LOG_FILE_NAME = "agentbar.log"
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


def log_files(directory: Path | None = None) -> list[Path]:
    """The current log and its rotated predecessors, newest first."""
    directory = directory or log_dir()
    current = directory / LOG_FILE_NAME
    found = [current] if current.is_file() else []
    for number in range(1, BACKUP_COUNT + 1):
        rotated = directory / f"{LOG_FILE_NAME}.{number}"
        if rotated.is_file():
            found.append(rotated)
    return found


def install_redaction(handlers: Iterable[logging.Handler] | None = None) -> None:
    """Put a :class:`RedactingFilter` on ``handlers`` (default: the root logger's), once each."""
    for handler in list(handlers if handlers is not None else logging.getLogger().handlers):
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


def setup_file_logging(
    directory: Path | None = None,
    *,
    level: int = logging.INFO,
    max_bytes: int = MAX_BYTES,
    backup_count: int = BACKUP_COUNT,
) -> logging.Handler | None:
    """Log to ``agentbar.log`` in ``directory`` (rotated at 1 MiB, 5 kept) and redact everywhere.

    Returns the handler, or None when the directory cannot be created (logging then goes only to
    the handlers already present — agentbar still runs).
    """
    directory = directory or log_dir()
    root = logging.getLogger()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            directory / LOG_FILE_NAME,
            maxBytes=max_bytes,
            backupCount=backup_count,
            encoding="utf-8",
        )
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
    return handler


def remove_handler(handler: logging.Handler | None) -> None:
    """Detach and close a handler made by :func:`setup_file_logging` (tests, shut-down)."""
    if handler is not None:
        logging.getLogger().removeHandler(handler)
        handler.close()
