"""Start at login: the XDG entry for real, the Run key and LaunchAgent against temporary roots."""

from __future__ import annotations

import configparser
import plistlib
import subprocess
import sys
from pathlib import Path

import pytest

from agentbar import cli
from agentbar.desktop.autostart import (
    LAUNCH_AGENT_LABEL,
    RUN_KEY_PATH,
    FileRunKey,
    MacLaunchAgent,
    WindowsRunKey,
    WinregRunKey,
    XdgAutostart,
    desktop_exec,
    entry_for_platform,
    launch_command,
    parse_desktop_exec,
    parse_windows_command_line,
    windows_command_line,
)

WINDOWS_EXE = r"C:\Program Files\agentbar\agentbar.exe"
MAC_EXE = "/Applications/agentbar.app/Contents/MacOS/agentbar"


# --- what is started -----------------------------------------------------------------------------


def test_frozen_build_starts_its_own_executable() -> None:
    assert launch_command(frozen=True, executable=WINDOWS_EXE, platform="win32") == [WINDOWS_EXE]
    assert launch_command(frozen=True, executable=MAC_EXE, platform="darwin") == [MAC_EXE]


def test_source_install_starts_the_console_script_next_to_the_interpreter(tmp_path: Path) -> None:
    (tmp_path / "bin").mkdir()
    python = tmp_path / "bin" / "python"
    script = tmp_path / "bin" / "agentbar"
    script.write_text("#!/bin/sh\n")
    assert launch_command(frozen=False, executable=str(python), platform="linux") == [str(script)]


def test_windows_source_install_looks_for_agentbar_exe_in_scripts(tmp_path: Path) -> None:
    python = tmp_path / "Scripts" / "python.exe"
    python.parent.mkdir()
    (tmp_path / "Scripts" / "agentbar.exe").write_bytes(b"MZ")
    assert launch_command(frozen=False, executable=str(python), platform="win32") == [
        str(tmp_path / "Scripts" / "agentbar.exe")
    ]


def test_without_a_console_script_the_module_is_run(tmp_path: Path) -> None:
    python = str(tmp_path / "python3")
    assert launch_command(
        frozen=False, executable=python, platform="linux", which=lambda _: None
    ) == [python, "-m", "agentbar"]


def test_console_script_on_path_is_used_when_none_is_beside_python(tmp_path: Path) -> None:
    found = str(tmp_path / "agentbar")
    assert launch_command(
        frozen=False, executable=str(tmp_path / "py"), platform="linux", which=lambda _: found
    ) == [found]


# --- Linux: for real -----------------------------------------------------------------------------


def test_xdg_entry_is_created_read_back_and_removed(tmp_path: Path) -> None:
    entry = entry_for_platform("linux", environ={"XDG_CONFIG_HOME": str(tmp_path)})
    command = ["/opt/agent bar/agentbar", "--config", "/home/a/100%.toml"]
    assert not entry.status().enabled

    entry.enable(command)

    path = tmp_path / "autostart" / "agentbar.desktop"
    assert entry.location == str(path)
    parsed = configparser.RawConfigParser(interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read(path, encoding="utf-8")
    desktop = parsed["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"] == '"/opt/agent bar/agentbar" --config /home/a/100%%.toml'
    status = entry.status()
    assert status.enabled
    assert status.command == tuple(command)

    assert entry.disable() is True
    assert not path.exists()
    assert not entry.status().enabled
    assert entry.disable() is False


def test_xdg_entry_switched_off_in_desktop_settings_counts_as_off(tmp_path: Path) -> None:
    entry = XdgAutostart(tmp_path)
    entry.enable(["/usr/bin/agentbar"])
    path = Path(entry.location)
    path.write_text(path.read_text() + "Hidden=true\n")
    assert not entry.status().enabled


def test_relative_xdg_config_home_is_ignored(tmp_path: Path) -> None:
    entry = entry_for_platform("linux", environ={"XDG_CONFIG_HOME": "rel"}, home=tmp_path)
    assert entry.location == str(tmp_path / ".config" / "autostart" / "agentbar.desktop")


@pytest.mark.parametrize(
    "command",
    [
        ["/usr/bin/agentbar"],
        ["/home/a b/.venv/bin/python", "-m", "agentbar"],
        ['/tmp/we"ird$/x`y\\z', "100%", ""],
    ],
)
def test_desktop_exec_quoting_round_trips(command: list[str]) -> None:
    assert parse_desktop_exec(desktop_exec(command)) == command


def test_desktop_exec_escapes_backslashes_twice() -> None:
    # Quoting rule (\\ inside quotes) and then the string-value rule double it again.
    assert desktop_exec(["/a\\b"]) == '"/a\\\\\\\\b"'


# --- Windows: against a temporary root -----------------------------------------------------------


def test_run_key_value_holds_the_quoted_executable(tmp_path: Path) -> None:
    key = FileRunKey(tmp_path)
    entry = entry_for_platform("win32", run_key=key)
    assert isinstance(entry, WindowsRunKey)

    entry.enable([WINDOWS_EXE])

    stored = tmp_path.joinpath("HKEY_CURRENT_USER", *RUN_KEY_PATH.split("\\"), "agentbar")
    assert stored.read_text(encoding="utf-8") == '"C:\\Program Files\\agentbar\\agentbar.exe"'
    assert entry.status().enabled
    assert entry.status().command == (WINDOWS_EXE,)
    assert entry.location == key.location + "\\agentbar"
    assert WinregRunKey.location == (
        "HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run"
    )

    assert entry.disable() is True
    assert not stored.exists()
    assert not entry.status().enabled
    assert entry.disable() is False


def test_run_key_command_line_for_a_source_install_round_trips() -> None:
    command = [r"C:\Users\Li Wei\venv\Scripts\python.exe", "-m", "agentbar", "--config", "a b.toml"]
    line = windows_command_line(command)
    assert line == (
        '"C:\\Users\\Li Wei\\venv\\Scripts\\python.exe" -m agentbar --config "a b.toml"'
    )
    assert parse_windows_command_line(line) == command


def test_run_key_command_line_matches_what_windows_would_split() -> None:
    # subprocess.list2cmdline is the MSVC rule set; our parser must invert it.
    command = [r"C:\x\agentbar.exe", 'say "hi"', "trail\\", r"a\\b"]
    line = subprocess.list2cmdline(command)
    assert parse_windows_command_line(line) == command


def test_real_registry_writer_is_chosen_on_windows_only() -> None:
    if sys.platform == "win32":
        pytest.skip("covered by the FileRunKey tests; this asserts the Linux fallback")
    with pytest.raises(ModuleNotFoundError):
        entry_for_platform("win32")


# --- macOS: into a temporary home ----------------------------------------------------------------


def test_launch_agent_plist_runs_the_app_at_login(tmp_path: Path) -> None:
    entry = entry_for_platform("darwin", home=tmp_path)
    assert isinstance(entry, MacLaunchAgent)

    entry.enable([MAC_EXE])

    path = tmp_path / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"
    data = plistlib.loads(path.read_bytes())
    assert data["Label"] == LAUNCH_AGENT_LABEL
    assert data["ProgramArguments"] == [MAC_EXE]
    assert data["RunAtLoad"] is True
    assert data["LimitLoadToSessionType"] == "Aqua"
    assert entry.status().command == (MAC_EXE,)

    assert entry.disable() is True
    assert not path.exists()
    assert not entry.status().enabled


# --- the command ---------------------------------------------------------------------------------


def test_autostart_command_enables_reports_and_disables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    desktop = tmp_path / "autostart" / "agentbar.desktop"

    assert cli.main(["autostart", "enable"]) == 0
    assert desktop.is_file()
    assert cli.main(["autostart", "status"]) == 0
    out = capsys.readouterr().out
    assert "Start at login is on" in out
    assert "does not point at this installation" not in out

    assert cli.main(["autostart", "disable"]) == 0
    assert not desktop.exists()
    assert cli.main(["autostart", "status"]) == 0
    assert "Start at login is off" in capsys.readouterr().out


def test_status_says_when_the_entry_points_at_another_installation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    XdgAutostart(tmp_path).enable(["/old/place/agentbar"])
    assert cli.main(["autostart", "status"]) == 0
    assert "does not point at this installation" in capsys.readouterr().out


def test_unwritable_autostart_dir_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    blocker = tmp_path / "cfg"
    blocker.write_text("a file where a directory should be")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(blocker))
    assert cli.main(["autostart", "enable"]) == 1
    assert "Cannot write" in capsys.readouterr().err
