"""Settings → Download folder, accepted in the running app, moves the downloads not yet written.

Runs ``agentbar --demo`` in a child process (``launch_script.py``): a download queued in the old
folder before it wrote anything points at the new folder once Settings is accepted, in memory and
in the saved queue, so the next start does not go back to the old folder.
"""

from __future__ import annotations

from pathlib import Path

from tests.gui.launch_script import run_scenario

SCENARIO = """
from pathlib import Path
from PySide6.QtWidgets import QApplication
from agentbar.app.recordings.download_queue import DownloadJob

await wait_ready(running)
await wait_until(lambda: running.services.features is not None)
downloads = running.services.features.downloads
old, new = Path({old!r}), Path({new!r})
downloads.jobs["waiting"] = DownloadJob(
    "waiting", "ccfs", str(old / "a.V3"), call_id="1-1", status="paused"
)

def shown(name):
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == name and widget.isVisible():
            return widget
    return None

running.window.settings_requested.emit()
await wait_until(lambda: shown("settingsDialog") is not None)
dialog = shown("settingsDialog")
dialog.download_dir.setText(str(new))
dialog.accept()
await wait_until(lambda: downloads.jobs["waiting"].dest != str(old / "a.V3"))
await downloads.save()
results["dest"] = downloads.jobs["waiting"].dest
results["saved"] = json.loads(downloads._queue.path.read_text("utf-8"))["jobs"][0]["dest"]
results["status"] = downloads.jobs["waiting"].status
"""


def test_accepting_a_new_download_folder_moves_the_downloads_not_yet_written(
    tmp_path: Path,
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    outcome = run_scenario(tmp_path, SCENARIO.format(old=str(old), new=str(new)))

    assert outcome.returncode == 0, outcome.stderr
    assert "scenario_error" not in outcome.results, outcome.results
    moved = str(new.resolve() / "a.V3")
    assert outcome.results == {"dest": moved, "saved": moved, "status": "paused"}
