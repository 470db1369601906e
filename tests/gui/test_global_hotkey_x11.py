"""The X11 global hotkey on a real X server (Xvfb), against another X client that has the focus.

Each scenario runs in a child process on the xcb platform (``global_hotkey_x11_script.py``), so
this process stays offscreen. Xvfb is required, not optional: without it these tests fail and
say which package to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("global_hotkey_x11_script.py")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def xvfb_display() -> Iterator[str]:
    """A fresh Xvfb on a free display number, stopped after the module."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("Xvfb is not installed: apt-get install xvfb (the X11 hotkey tests need it)")
    for number in range(140, 200):
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        process = subprocess.Popen(
            [xvfb, f":{number}", "-screen", "0", "800x600x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while process.poll() is None and time.monotonic() < deadline:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.05)
        if process.poll() is None and Path(f"/tmp/.X11-unix/X{number}").exists():
            try:
                yield f":{number}"
            finally:
                process.terminate()
                process.wait(10)
            return
        process.kill()
        process.wait(10)
    pytest.fail("could not start Xvfb on any display :140–:199")


def run_scenario(display: str, name: str) -> None:
    environment = {
        **os.environ,
        "DISPLAY": display,
        "QT_QPA_PLATFORM": "xcb",
        "PYTHONPATH": str(ROOT),
    }
    environment.pop("WAYLAND_DISPLAY", None)
    result = subprocess.run(
        [sys.executable, str(SCRIPT), name],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    report = f"{name} failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, report
    assert result.stdout.strip() == "OK", report


def test_hotkey_brings_the_window_forward_while_another_client_has_focus(
    xvfb_display: str,
) -> None:
    run_scenario(xvfb_display, "hotkey_fires_while_another_client_has_focus")


def test_hotkey_still_fires_with_caps_lock_on(xvfb_display: str) -> None:
    run_scenario(xvfb_display, "hotkey_fires_with_caps_lock_on")


def test_key_repeat_after_letting_go_of_shift_does_not_fire_again(xvfb_display: str) -> None:
    run_scenario(xvfb_display, "key_repeat_after_letting_go_of_shift_does_not_fire")


def test_second_grab_of_a_held_key_is_refused_as_taken_until_released(
    xvfb_display: str,
) -> None:
    run_scenario(xvfb_display, "second_grab_is_refused_as_taken")


def test_destroying_the_parent_gives_the_key_back(xvfb_display: str) -> None:
    run_scenario(xvfb_display, "destroying_the_parent_releases_the_key")


def test_answer_chord_answers_a_ringing_call_while_another_client_has_focus(
    xvfb_display: str,
) -> None:
    run_scenario(xvfb_display, "answer_chord_answers_a_ringing_call_from_another_client")
