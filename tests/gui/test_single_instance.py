"""One instance per profile: a second launch hands over and exits; a crashed holder never blocks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from agentbar.desktop.single_instance import SingleInstance, instance_key
from agentbar.ui.window.bring_forward import bring_forward

ROOT = Path(__file__).resolve().parents[2]

# A first instance in its own process: it prints "first", then "activated" when a later launch
# hands over, and quits.
FIRST_INSTANCE = """
import os, signal, sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from agentbar.desktop.single_instance import SingleInstance

app = QCoreApplication([])
guard = SingleInstance(sys.argv[1], Path(sys.argv[2]))
late = sys.argv[3] == "late"
if not guard.acquire(2000, listen=not late):
    print("second", guard.answered, flush=True)
    sys.exit(3)
print("first", flush=True)
if sys.argv[3] == "crash":
    os.kill(os.getpid(), signal.SIGKILL)
if late:  # as agentbar/startup/window.py does: listen only once the window is up
    QTimer.singleShot(int(sys.argv[4]), guard.listen)
def activated():
    print("activated", flush=True)
    QTimer.singleShot(50, app.quit)
guard.activation_requested.connect(activated)
QTimer.singleShot(15000, app.quit)
sys.exit(app.exec())
"""


def _start(
    key: str, folder: Path, mode: str = "serve", listen_after_ms: int = 0
) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", FIRST_INSTANCE, key, str(folder), mode, str(listen_after_ms)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.fixture
def key() -> str:
    return f"agentbar-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def guards() -> Iterator[list[SingleInstance]]:
    made: list[SingleInstance] = []
    yield made
    for guard in made:
        guard.release()


def test_second_launch_hands_over_to_the_running_instance_and_exits(
    qapp: object, key: str, tmp_path: Path, guards: list[SingleInstance]
) -> None:
    first = _start(key, tmp_path)
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "first"

        second = SingleInstance(key, tmp_path)
        guards.append(second)
        assert second.acquire() is False
        assert second.answered is True
        assert second.holder_pid() == first.pid

        assert first.stdout.readline().strip() == "activated"
        assert first.wait(10) == 0
    finally:
        first.kill()
        first.wait()


def test_a_launch_while_the_first_is_not_listening_yet_waits_and_hands_over(
    key: str, tmp_path: Path
) -> None:
    first = _start(key, tmp_path, "late", listen_after_ms=800)
    try:
        assert first.stdout is not None
        assert first.stdout.readline().strip() == "first"
        second = SingleInstance(key, tmp_path)
        assert second.acquire(3000) is False
        assert second.answered, "the hand-over gave up before the first instance listened"
        assert first.stdout.readline().strip() == "activated"
        assert first.wait(10) == 0
    finally:
        if first.poll() is None:
            first.kill()


def test_lock_left_by_a_crashed_instance_does_not_block_the_next_start(
    qapp: object, qtbot: QtBot, key: str, tmp_path: Path, guards: list[SingleInstance]
) -> None:
    crashed = _start(key, tmp_path, "crash")
    assert crashed.stdout is not None
    assert crashed.stdout.readline().strip() == "first"
    assert crashed.wait(10) == -signal.SIGKILL
    assert (tmp_path / f"{key}.lock").exists()  # the crash left its lock (and socket) behind

    survivor = SingleInstance(key, tmp_path)
    guards.append(survivor)
    assert survivor.acquire() is True

    # ...and it really serves: a later launch hands over to it.
    with qtbot.waitSignal(survivor.activation_requested, timeout=10000):
        later = _start(key, tmp_path)
    assert later.stdout is not None
    assert later.stdout.readline().split() == ["second", "True"]
    assert later.wait(10) == 3


def test_released_instance_lets_the_next_one_start(
    qapp: object, key: str, tmp_path: Path, guards: list[SingleInstance]
) -> None:
    first = SingleInstance(key, tmp_path)
    assert first.acquire() is True
    first.release()
    second = SingleInstance(key, tmp_path)
    guards.append(second)
    assert second.acquire() is True


def test_instance_key_depends_on_the_profile(tmp_path: Path) -> None:
    a = instance_key(tmp_path / "a.toml", demo=False)
    assert a == instance_key(tmp_path / "a.toml", demo=False)
    assert a != instance_key(tmp_path / "b.toml", demo=False)
    assert instance_key(None, demo=True) != a
    assert len(a) <= 30


def test_bring_forward_restores_a_minimized_window(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    window.hide()
    bring_forward(window)
    assert window.isVisible()
    assert not window.windowState() & Qt.WindowState.WindowMinimized
