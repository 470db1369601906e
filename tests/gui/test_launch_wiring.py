"""The running app's safety nets: the file log, one instance per profile, crashes shown not fatal.

Each test runs ``agentbar --demo`` in a child process (see ``launch_script.py``) with its own
HOME, temp dir (where the instance lock lives) and log dir.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from agentbar.startup.instance import HANDED_OVER_MESSAGE
from tests.gui.launch_script import ROOT, isolated_env, run_scenario, scenario_command

SENTINEL = "S3ntinel-Secret-7f1c9e"

# A secret enters the store the way the keyring would hand it over (not through set()), the app
# reads it, and it then turns up in a log line and in a crash's message and traceback.
LEAKY_SCENARIO = f"""
from agentbar.secrets import FAQ_APP_SECRET
from agentbar.ui.asyncslot import spawn

await wait_ready(running)
store = running.services.secrets
store._values[FAQ_APP_SECRET] = "{SENTINEL}"
value = await asyncio.to_thread(store.get, FAQ_APP_SECRET)
logging.getLogger("agentbar.test").warning("the server echoed %s back", value)

async def leak():
    raise RuntimeError(f"refused body {{value!r}}")

spawn(leak())
await asyncio.sleep(0.3)
"""


def test_gui_run_writes_the_log_file_without_the_secrets_it_read(tmp_path: Path) -> None:
    outcome = run_scenario(tmp_path, LEAKY_SCENARIO)

    assert outcome.returncode == 0, outcome.stderr
    assert "scenario_error" not in outcome.results
    text = outcome.log_text()
    assert "starting (demo)" in text
    assert "the server echoed *** back" in text
    assert "RuntimeError: refused body '***'" in text  # the crash's traceback, redacted
    assert SENTINEL not in text
    assert SENTINEL not in outcome.stderr
    assert SENTINEL not in outcome.stdout


CRASH_SCENARIO = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox
from agentbar.ui.asyncslot import spawn

await wait_ready(running)
window = running.window

def notice():
    box = window.findChild(QMessageBox, "crashNotice")
    return box if box is not None and box.isVisible() else None

async def broken_task():
    raise ValueError("task went wrong")

spawn(broken_task())
await wait_until(lambda: notice() is not None)
results["task_notice"] = notice().text()
notice().close()
await wait_until(lambda: notice() is None)

def broken_slot(checked=False):
    raise KeyError("slot went wrong")

window.bar.expand_button.clicked.connect(broken_slot)
window.bar.expand_button.click()
await wait_until(lambda: notice() is not None)
results["slot_notice"] = notice().text()
results["window_visible"] = window.isVisible()

# The loop and Qt keep going: a timer fires, the session still answers.
fired = asyncio.get_running_loop().create_future()
QTimer.singleShot(50, lambda: fired.set_result(True))
results["timer_fired"] = await asyncio.wait_for(fired, 5)
await running.session.say_busy()
await wait_until(lambda: running.session.snapshot.pending is None)
results["state_after"] = running.session.snapshot.state.name

# "Save diagnostics" on the notice writes the bundle (the file dialog is answered here).
from PySide6.QtWidgets import QApplication, QFileDialog
save = next(b for b in notice().buttons() if "diagnostics" in b.text().lower())
save.click()
def file_dialog():
    for found in QApplication.topLevelWidgets():
        if isinstance(found, QFileDialog) and found.isVisible():
            return found
    return None
await wait_until(lambda: file_dialog() is not None)
folder = Path(sys.argv[1])
file_dialog().setDirectory(str(folder))
file_dialog().selectFile("bundle.zip")
file_dialog().accept()
await wait_until(lambda: any(folder.glob("*.zip")), 30)
results["bundle"] = str(next(folder.glob("*.zip")))
"""


def test_crash_in_a_task_and_in_a_slot_is_shown_and_the_window_stays_up(tmp_path: Path) -> None:
    body = "from pathlib import Path\n" + CRASH_SCENARIO
    command = [*scenario_command(body), str(tmp_path)]
    done = subprocess.run(
        command, env=isolated_env(tmp_path), capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    results = _results(done.stdout)

    assert done.returncode == 0, done.stderr
    assert "scenario_error" not in results, results
    assert "ValueError: task went wrong" in results["task_notice"]
    assert "Save diagnostics" not in results["task_notice"]  # that is the button, not the text
    assert "KeyError" in results["slot_notice"]
    assert results["window_visible"] is True
    assert results["timer_fired"] is True
    assert results["state_after"] == "BUSY"
    log = (tmp_path / "logs" / "agentbar-demo.log").read_text(encoding="utf-8")
    # Logged once, by the task runner, with the traceback; the notice adds no second copy.
    assert log.count("ValueError: task went wrong") == 1
    assert "unhandled exception in slot: KeyError: 'slot went wrong'" in log
    assert "Traceback (most recent call last)" in log
    with zipfile.ZipFile(results["bundle"]) as bundle:
        names = bundle.namelist()
        crashes = "".join(bundle.read(n).decode() for n in names if "crash" in n)
    assert "task went wrong" in crashes
    assert any(name.endswith("agentbar-demo.log") for name in names)


def _results(stdout: str) -> dict[str, Any]:
    for line in stdout.splitlines():
        if line.startswith("RESULT "):
            loaded = json.loads(line[len("RESULT ") :])
            assert isinstance(loaded, dict)
            return loaded
    return {}


WAIT_FOR_HAND_OVER = """
await wait_ready(running)
running.window.hide()
print("HIDDEN", flush=True)
await wait_until(running.window.isVisible, 60)
results["brought_forward"] = True
"""


def test_second_launch_brings_the_first_forward_and_exits_0(tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    first = subprocess.Popen(
        scenario_command(WAIT_FOR_HAND_OVER),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert first.stdout is not None
        for line in first.stdout:
            if line.strip() == "HIDDEN":
                break
        else:
            raise AssertionError(f"the first instance ended early: {first.wait()}")

        started = time.monotonic()
        second = subprocess.run(
            [sys.executable, "-m", "agentbar", "--demo"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            cwd=ROOT,
        )
        took = time.monotonic() - started

        assert second.returncode == 0, second.stderr
        assert HANDED_OVER_MESSAGE in second.stdout
        assert took < 10, f"the hand-over took {took:.1f} s"
        rest, errors = first.communicate(timeout=60)
        assert first.returncode == 0, errors
        assert json.loads(rest.split("RESULT ", 1)[1]) == {"brought_forward": True}
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()


CRASH_WITH_THE_LOCK = """
import os, signal
from PySide6.QtCore import QCoreApplication
from agentbar.desktop.single_instance import SingleInstance, instance_key

app = QCoreApplication([])
guard = SingleInstance(instance_key(None, True))
assert guard.acquire()
print(guard.lock_path, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_lock_left_by_a_crashed_agentbar_does_not_block_the_next_launch(tmp_path: Path) -> None:
    env = isolated_env(tmp_path)
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH_WITH_THE_LOCK],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert crashed.returncode == -signal.SIGKILL
    lock = Path(crashed.stdout.strip())
    assert lock.exists()
    assert lock.is_relative_to(tmp_path)  # the test's own temp dir, not the machine's

    outcome = run_scenario(tmp_path, "await wait_ready(running)\nresults['ready'] = True\n")

    assert outcome.returncode == 0, outcome.stderr
    assert outcome.results == {"ready": True}


SETTINGS_SCENARIO = """
from PySide6.QtWidgets import QApplication

await wait_ready(running)

def shown(name):
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == name and widget.isVisible():
            return widget
    return None

running.window.settings_requested.emit()
await wait_until(lambda: shown("settingsDialog") is not None)
dialog = shown("settingsDialog")
await wait_until(lambda: dialog.autostart_was is not None)
results["autostart_enabled"] = dialog.start_at_login.isEnabled()
results["autostart_tooltip"] = dialog.start_at_login.toolTip()
dialog.check_button.click()
await wait_until(
    lambda: shown("doctorDialog") is not None and shown("doctorDialog").model.rowCount() > 0, 30
)
model = shown("doctorDialog").model
results["rows"] = [model.index(row, 1).data() for row in range(model.rowCount())]
shown("doctorDialog").close()
dialog.reject()
"""


def test_settings_of_the_running_demo_check_against_its_simulator_and_keep_autostart_off(
    tmp_path: Path,
) -> None:
    outcome = run_scenario(tmp_path, SETTINGS_SCENARIO)

    assert outcome.returncode == 0, outcome.stderr
    assert "scenario_error" not in outcome.results, outcome.results
    assert outcome.results["autostart_enabled"] is False
    assert "demo" in outcome.results["autostart_tooltip"]
    rows = outcome.results["rows"]
    assert {"config", "clock", "keyring", "secret password"} <= set(rows)
    assert any(row.endswith(": reachable") for row in rows)
    assert not (tmp_path / "config" / "autostart").exists()
