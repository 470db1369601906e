"""Local file names for downloaded recordings: made from the call, never from a server path.

A server path such as ``Y:/1/11/20200830/3408/0949218.V3`` only tells which recording to fetch;
where it lands is ``<download dir>/<date>_<time>_<call id>_agent<agent>.<ext>``, with every part
reduced to safe characters, and :func:`destination` refuses any name that could leave the folder.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path, PurePosixPath, PureWindowsPath

# Extensions a recording may keep; anything else from the server becomes .V3 (A-law).
KNOWN_EXTENSIONS = frozenset({".v3", ".wav", ".zip", ".vox", ".mp3"})
DEFAULT_EXTENSION = ".V3"
PART_MAX = 60
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# Names Windows reserves in every folder, with or without an extension.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)


class UnsafeNameError(ValueError):
    """A file name that is empty, has a path in it or would leave the download folder."""


def safe_part(text: str) -> str:
    """``text`` reduced to letters, digits, ``.``, ``_`` and ``-`` (no leading dots)."""
    cleaned = _UNSAFE.sub("_", text).strip("._")
    return cleaned[:PART_MAX]


def extension_of(server_name: str) -> str:
    """The extension of a server path (either slash), if it is a known recording type."""
    base = PureWindowsPath(server_name).name
    suffix = PurePosixPath(base).suffix
    return suffix if suffix.lower() in KNOWN_EXTENSIONS else DEFAULT_EXTENSION


def local_name(
    *, call_id: str, agent_id: str = "", when: datetime | None = None, server_name: str = ""
) -> str:
    """``20240102_103000_1704191400-1001_agent101.V3`` for a call's recording."""
    parts = []
    if when is not None:
        parts.append(when.strftime("%Y%m%d_%H%M%S"))
    parts.append(safe_part(call_id) or "recording")
    if agent_id and safe_part(agent_id):
        parts.append("agent" + safe_part(agent_id))
    name = "_".join(parts) + extension_of(server_name)
    return "call_" + name if _RESERVED.match(name) else name


def destination(folder: Path, name: str) -> Path:
    """``folder / name``, refusing a name with a directory, a drive, ``..`` or a reserved word."""
    if not name or name in (".", "..") or name != name.strip():
        raise UnsafeNameError(f"not a usable file name: {name!r}")
    if "\x00" in name or any(sep in name for sep in ("/", "\\", ":")):
        raise UnsafeNameError(f"a file name must not contain a path: {name!r}")
    if name.startswith(".") or _RESERVED.match(name):
        raise UnsafeNameError(f"not a usable file name: {name!r}")
    root = folder.resolve()
    target = (root / name).resolve()
    if target.parent != root:
        raise UnsafeNameError(f"{name!r} would be saved outside the download folder")
    return target
