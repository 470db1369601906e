"""Start-up without a display: a clear message instead of Qt's abort."""

from __future__ import annotations

import subprocess
import sys

from agentbar.startup.early import NO_DISPLAY_MESSAGE, display_problem


def test_no_display_on_linux_is_reported():
    assert display_problem({}, "linux") == NO_DISPLAY_MESSAGE
    assert "xvfb-run agentbar --demo" in NO_DISPLAY_MESSAGE
    assert "QT_QPA_PLATFORM=offscreen" in NO_DISPLAY_MESSAGE


def test_any_display_hint_lets_qt_start():
    assert display_problem({"DISPLAY": ":0"}, "linux") == ""
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") == ""
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""
    assert display_problem({}, "win32") == ""


def test_run_gui_without_display_prints_message_and_exits_2(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    code = (
        "import sys; from agentbar.startup.launch import run_gui; "
        "sys.exit(run_gui(None, demo=True, language=None))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "agentbar needs a display" in done.stderr
    assert "Aborted" not in done.stderr
