"""Start agentbar at login: an XDG autostart entry, the Windows Run key, or a macOS LaunchAgent.

Each platform's writer takes its root (config dir, registry key, home) from the caller, so tests
run every writer here: Linux for real in a temporary ``XDG_CONFIG_HOME``, Windows against a
file-backed stand-in for the registry, macOS into a temporary home. The entry points at the
installed program: the frozen executable, else the ``agentbar`` console script, else
``python -m agentbar``.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import plistlib
import shutil
import subprocess
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

APP_NAME = "agentbar"
DESKTOP_FILE_NAME = "agentbar.desktop"
RUN_KEY_PATH = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE_NAME = "agentbar"
# GUESS: no reverse-DNS name is registered for agentbar; this label only has to be unique per user.
LAUNCH_AGENT_LABEL = "com.agentbar.agentbar"


class AutostartError(Exception):
    """The entry could not be written, read or removed; ``str()`` is written for a person."""


@dataclass(frozen=True, slots=True)
class AutostartStatus:
    """Whether an entry exists, where, and the command line it runs (empty when absent)."""

    enabled: bool
    location: str
    command: tuple[str, ...] = ()

    def describe(self, expected: Sequence[str] | None = None) -> str:
        if not self.enabled:
            return f"Start at login is off ({self.location} does not exist)."
        shown = " ".join(self.command)
        text = f"Start at login is on: {self.location} runs {shown}"
        if expected is not None and tuple(expected) != self.command:
            text += (
                f"\nIt does not point at this installation ({' '.join(expected)}); "
                "run `agentbar autostart enable` again to update it."
            )
        return text


# --- what to start -------------------------------------------------------------------------------


def launch_command(
    *,
    frozen: bool | None = None,
    executable: str | None = None,
    platform: str | None = None,
    which: Callable[[str], str | None] = shutil.which,
) -> list[str]:
    """The command line that starts this installation of agentbar (absolute paths)."""
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    executable = executable or sys.executable
    platform = platform or sys.platform
    if frozen:
        return [executable]
    # A venv or pip install puts the console script next to the interpreter (bin/ or Scripts\).
    script_name = "agentbar.exe" if platform == "win32" else "agentbar"
    beside = Path(executable).parent / script_name
    if beside.is_file():
        return [str(beside)]
    found = which("agentbar")
    if found:
        return [str(Path(found).absolute())]
    return [executable, "-m", "agentbar"]


# --- the three writers ---------------------------------------------------------------------------


class AutostartEntry(ABC):
    """One platform's start-at-login entry. Every method does blocking file or registry I/O."""

    @property
    @abstractmethod
    def location(self) -> str:
        """Where the entry lives, for people."""

    @abstractmethod
    def enable(self, command: Sequence[str]) -> None:
        """Create or replace the entry so that ``command`` runs at login."""

    @abstractmethod
    def disable(self) -> bool:
        """Remove the entry; True if there was one."""

    @abstractmethod
    def status(self) -> AutostartStatus: ...


class XdgAutostart(AutostartEntry):
    """``$XDG_CONFIG_HOME/autostart/agentbar.desktop`` (freedesktop autostart spec)."""

    def __init__(self, config_home: Path) -> None:
        self.path = config_home / "autostart" / DESKTOP_FILE_NAME

    @property
    def location(self) -> str:
        return str(self.path)

    def enable(self, command: Sequence[str]) -> None:
        text = "\n".join(
            [
                "[Desktop Entry]",
                "Type=Application",
                "Name=agentbar",
                "Comment=Contact-center agent toolbar",
                f"Exec={desktop_exec(command)}",
                "Icon=agentbar",
                "Terminal=false",
                "Categories=Office;Telephony;",
                "X-GNOME-Autostart-enabled=true",
                "",
            ]
        )
        _write_atomically(self.path, text.encode("utf-8"))

    def disable(self) -> bool:
        return _remove(self.path)

    def status(self) -> AutostartStatus:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return AutostartStatus(False, self.location)
        except OSError as exc:
            raise AutostartError(f"Cannot read {self.path}: {exc.strerror or exc}.") from None
        command: tuple[str, ...] = ()
        for line in text.splitlines():
            if line.startswith("Exec="):
                command = tuple(parse_desktop_exec(line[len("Exec=") :]))
            # An entry switched off in the desktop's settings still exists but does not run.
            if line.strip() in ("Hidden=true", "X-GNOME-Autostart-enabled=false"):
                return AutostartStatus(False, self.location, command)
        return AutostartStatus(True, self.location, command)


class RunKey(Protocol):
    """The values of one registry key (REG_SZ only): what :class:`WindowsRunKey` needs."""

    location: str

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> bool: ...


class WinregRunKey:
    """``HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` (Windows only)."""

    location = "HKEY_CURRENT_USER\\" + RUN_KEY_PATH

    def __init__(self) -> None:
        # Imported by name: winreg exists only on Windows, and mypy checks this file on Linux.
        self._winreg: Any = importlib.import_module("winreg")

    def get(self, name: str) -> str | None:
        reg = self._winreg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY_PATH) as key:
                value, _kind = reg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return str(value)

    def set(self, name: str, value: str) -> None:
        reg = self._winreg
        with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY_PATH, 0, reg.KEY_SET_VALUE) as key:
            reg.SetValueEx(key, name, 0, reg.REG_SZ, value)

    def delete(self, name: str) -> bool:
        reg = self._winreg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY_PATH, 0, reg.KEY_SET_VALUE) as key:
                reg.DeleteValue(key, name)
        except FileNotFoundError:
            return False
        return True


class FileRunKey:
    """A registry key mirrored as a folder under ``root``, one file per value (tests, dry runs)."""

    def __init__(self, root: Path) -> None:
        self.folder = root.joinpath("HKEY_CURRENT_USER", *RUN_KEY_PATH.split("\\"))
        self.location = str(self.folder)

    def get(self, name: str) -> str | None:
        try:
            return (self.folder / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def set(self, name: str, value: str) -> None:
        _write_atomically(self.folder / name, value.encode("utf-8"))

    def delete(self, name: str) -> bool:
        return _remove(self.folder / name)


class WindowsRunKey(AutostartEntry):
    """The per-user Run key: value ``agentbar`` holds the quoted command line."""

    def __init__(self, key: RunKey) -> None:
        self.key = key

    @property
    def location(self) -> str:
        return f"{self.key.location}\\{RUN_VALUE_NAME}"

    def enable(self, command: Sequence[str]) -> None:
        try:
            self.key.set(RUN_VALUE_NAME, windows_command_line(command))
        except OSError as exc:
            raise AutostartError(f"Cannot write {self.location}: {exc}.") from None

    def disable(self) -> bool:
        try:
            return self.key.delete(RUN_VALUE_NAME)
        except OSError as exc:
            raise AutostartError(f"Cannot remove {self.location}: {exc}.") from None

    def status(self) -> AutostartStatus:
        try:
            value = self.key.get(RUN_VALUE_NAME)
        except OSError as exc:
            raise AutostartError(f"Cannot read {self.location}: {exc}.") from None
        if value is None:
            return AutostartStatus(False, self.location)
        return AutostartStatus(True, self.location, tuple(parse_windows_command_line(value)))


class MacLaunchAgent(AutostartEntry):
    """``~/Library/LaunchAgents/com.agentbar.agentbar.plist``, loaded by launchd at login."""

    def __init__(self, home: Path) -> None:
        self.path = home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"

    @property
    def location(self) -> str:
        return str(self.path)

    def enable(self, command: Sequence[str]) -> None:
        plist = {
            "Label": LAUNCH_AGENT_LABEL,
            "ProgramArguments": list(command),
            "RunAtLoad": True,
            # Only in a graphical login session, and scheduled like an app the person started.
            "LimitLoadToSessionType": "Aqua",
            "ProcessType": "Interactive",
        }
        _write_atomically(self.path, plistlib.dumps(plist))

    def disable(self) -> bool:
        return _remove(self.path)

    def status(self) -> AutostartStatus:
        try:
            data = plistlib.loads(self.path.read_bytes())
        except FileNotFoundError:
            return AutostartStatus(False, self.location)
        except (OSError, plistlib.InvalidFileException, ValueError) as exc:
            raise AutostartError(f"Cannot read {self.path}: {exc}.") from None
        arguments = data.get("ProgramArguments") if isinstance(data, dict) else None
        command = tuple(str(a) for a in arguments) if isinstance(arguments, list) else ()
        return AutostartStatus(True, self.location, command)


def entry_for_platform(
    platform: str | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    home: Path | None = None,
    run_key: RunKey | None = None,
) -> AutostartEntry:
    """The writer for ``platform`` (default: this one), rooted where that platform looks."""
    platform = platform or sys.platform
    env = os.environ if environ is None else environ
    home = home or Path.home()
    if platform == "win32":
        return WindowsRunKey(run_key or WinregRunKey())
    if platform == "darwin":
        return MacLaunchAgent(home)
    config_home = env.get("XDG_CONFIG_HOME", "").strip()
    # The spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
    if not config_home or not Path(config_home).is_absolute():
        return XdgAutostart(home / ".config")
    return XdgAutostart(Path(config_home))


# --- command-line quoting ------------------------------------------------------------------------

_DESKTOP_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def desktop_exec(command: Sequence[str]) -> str:
    """``command`` as a desktop entry ``Exec`` value (quoting rules of the Desktop Entry spec)."""
    parts = []
    for arg in command:
        arg = arg.replace("%", "%%")
        if arg and not (_DESKTOP_RESERVED & set(arg)):
            parts.append(arg)
            continue
        inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        parts.append(f'"{inner}"')
    # Exec is also a string value, whose own escape rules double every backslash once more.
    return " ".join(parts).replace("\\", "\\\\")


def parse_desktop_exec(value: str) -> list[str]:
    """The arguments of an ``Exec`` value written by :func:`desktop_exec` (or by hand)."""
    text = _unescape_string_value(value)
    args: list[str] = []
    current: list[str] = []
    in_arg = quoted = False
    i = 0
    while i < len(text):
        c = text[i]
        if quoted:
            if c == "\\" and i + 1 < len(text):
                current.append(text[i + 1])
                i += 1
            elif c == '"':
                quoted = False
            else:
                current.append(c)
        elif c == '"':
            quoted = in_arg = True
        elif c in " \t":
            if in_arg:
                args.append("".join(current))
                current, in_arg = [], False
        else:
            current.append(c)
            in_arg = True
        i += 1
    if in_arg:
        args.append("".join(current))
    return [a.replace("%%", "%") for a in args]


def _unescape_string_value(value: str) -> str:
    out: list[str] = []
    i = 0
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value) and value[i + 1] in escapes:
            out.append(escapes[value[i + 1]])
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def windows_command_line(command: Sequence[str]) -> str:
    """``command`` quoted for the Run key; the program path always quoted (it may hold spaces)."""
    if not command:
        raise AutostartError("There is no command to start at login.")
    program, *rest = command
    return " ".join([f'"{program}"', *([subprocess.list2cmdline(rest)] if rest else [])])


def parse_windows_command_line(value: str) -> list[str]:
    """Split a Run-key command line (MSVC runtime rules, enough for what agentbar writes)."""
    args: list[str] = []
    current: list[str] = []
    in_arg = quoted = False
    backslashes = 0
    for c in value:
        if c == "\\":
            backslashes += 1
            in_arg = True
            continue
        if c == '"':
            current.append("\\" * (backslashes // 2))
            if backslashes % 2:
                current.append('"')
            else:
                quoted = not quoted
            backslashes = 0
            in_arg = True
            continue
        current.append("\\" * backslashes)
        backslashes = 0
        if c in " \t" and not quoted:
            if in_arg:
                args.append("".join(current))
                current, in_arg = [], False
        else:
            current.append(c)
            in_arg = True
    current.append("\\" * backslashes)
    if in_arg:
        args.append("".join(current))
    return args


# --- files ---------------------------------------------------------------------------------------


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise AutostartError(f"Cannot write {path}: {exc.strerror or exc}.") from None


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise AutostartError(f"Cannot remove {path}: {exc.strerror or exc}.") from None
    return True
