"""The diagnostics bundle: one zip an agent can send to IT ("Save diagnostics…", doctor --bundle).

It holds the rotating logs (the running process's, else the profile's), a native crash's stacks
when one was recorded, the doctor report, versions (agentbar, Python, Qt, OS), the last
events, recent crash reports and the profile — rebuilt from the parsed profile, so a key someone
typed into ``config.toml`` by hand (a password, say) is not copied. Every text member passes
through :func:`agentbar.desktop.logs.redact` once more on the way in. Writing is blocking file
I/O: the UI calls :func:`write_bundle` through ``asyncio.to_thread``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import json
import os
import platform
import sys
import time
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agentbar import __version__
from agentbar.desktop.logs import (
    current_log_file,
    fault_file_name,
    log_dir,
    log_files,
    profile_log_name,
    redact,
)

if TYPE_CHECKING:
    from agentbar.desktop.crash import CrashReport
    from agentbar.doctor.report import DoctorReport

MAX_EVENTS = 200


class DiagnosticsError(Exception):
    """The bundle could not be written; ``str()`` is written for a person."""


def default_bundle_name(now: float | None = None) -> str:
    stamp = datetime.fromtimestamp(now if now is not None else time.time())
    return f"agentbar-diagnostics-{stamp:%Y%m%d-%H%M%S}.zip"


def versions() -> dict[str, str]:
    """agentbar, Python, Qt and OS versions, without importing Qt when it is not loaded yet."""
    found = {
        "agentbar": __version__,
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
        "os": platform.platform(),
        "machine": platform.machine(),
        "frozen": str(bool(getattr(sys, "frozen", False))),
    }
    for package in ("PySide6-Essentials", "PySide6", "qasync", "httpx2", "keyring", "aiohttp"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        found["qt"] = str(qtcore.qVersion())
    return found


def event_record(event: object) -> Any:
    """A JSON-ready form of one agent event (a dataclass, a dict, or anything with ``str``)."""
    if dataclasses.is_dataclass(event) and not isinstance(event, type):
        return dataclasses.asdict(event)
    if isinstance(event, Mapping):
        return dict(event)
    return str(event)


def write_bundle(
    dest: Path,
    *,
    report: DoctorReport | None = None,
    config_path: Path | None = None,
    events: Iterable[object] = (),
    crashes: Sequence[CrashReport] = (),
    log_directory: Path | None = None,
    notes: Mapping[str, str] | None = None,
) -> Path:
    """Write the zip to ``dest`` (a folder gets a dated file name); return the file written."""
    if dest.is_dir():
        dest = dest / default_bundle_name()
    members: dict[str, str] = {}
    members["versions.json"] = json.dumps(versions(), indent=2)
    if report is not None:
        members["doctor.txt"] = report.to_table()
        members["doctor.json"] = report.to_json_text()
    members.update(_profile_members(config_path))
    recent = list(events)[-MAX_EVENTS:]
    if recent:
        members["events.jsonl"] = "".join(
            json.dumps(event_record(e), ensure_ascii=False, default=_json_default) + "\n"
            for e in recent
        )
    if crashes:
        members["crashes.txt"] = "\n\n".join(
            f"{c.where}: {c.summary}\n{c.traceback}" for c in crashes
        )
    for name, text in (notes or {}).items():
        members[f"notes/{name}"] = text
    directory = log_directory or log_dir()
    name = bundle_log_name(config_path, directory)
    for path in log_files(directory, name):
        try:
            members[f"logs/{path.name}"] = path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            members[f"logs/{path.name}.unreadable"] = f"{exc}"
    members.update(_fault_member(directory / fault_file_name(name)))
    members["README.txt"] = _readme(members, directory)
    _write_zip(dest, members)
    return dest


def bundle_log_name(config_path: Path | None, directory: Path) -> str:
    """The log to pack: the one this process writes in ``directory``, else the profile's.

    So "Save diagnostics…" packs the window's log (the demo's too), and ``doctor --bundle`` after
    a failed ``agentbar events`` packs that profile's log, which both commands write.
    """
    current = current_log_file()
    if current is not None and current.parent == directory:
        return current.name
    return profile_log_name(config_path)


def _fault_member(path: Path) -> dict[str, str]:
    """The native-crash stacks faulthandler wrote, headed by when; nothing when there are none."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
        written = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    except OSError:
        return {}
    if not text.strip():
        return {}
    header = f"# native crash stacks (faulthandler), last written {written:%Y-%m-%d %H:%M:%S %z}\n"
    return {f"logs/{path.name}": header + text}


def _profile_members(config_path: Path | None) -> dict[str, str]:
    from agentbar.config import ConfigError, load_profile, profile_to_dict, resolve_config_path

    path = resolve_config_path(config_path)
    try:
        profile = load_profile(path)
    except ConfigError as exc:
        return {"config-error.txt": f"{path}\n{exc.message}\n"}
    import tomli_w

    text = f"# {path}, as agentbar read it (unknown keys dropped; secrets are never here)\n"
    return {"config.toml": text + tomli_w.dumps(profile_to_dict(profile))}


def _json_default(value: object) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _readme(members: Mapping[str, str], directory: Path) -> str:
    listing = "\n".join(f"  {name}" for name in sorted(members))
    return (
        f"agentbar diagnostics, {datetime.now().astimezone():%Y-%m-%d %H:%M:%S %z}\n"
        f"Logs from {directory}. Secrets (passwords, keys, tokens) are never included.\n\n"
        f"Files:\n{listing}\n  README.txt\n"
    )


def _write_zip(dest: Path, members: Mapping[str, str]) -> None:
    tmp = dest.with_name(f".{dest.name}.tmp")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for name, text in members.items():
                bundle.writestr(name, redact(text))
        os.replace(tmp, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise DiagnosticsError(
            f"Cannot save the diagnostics to {dest}: {exc.strerror or exc}. "
            "Choose a folder you can write to."
        ) from None
