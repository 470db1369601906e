"""The Recordings tab when the download folder cannot be used, on real widgets via qasync.

The row says what is wrong with the folder and what to do (no crash notice, no row stuck at
"Downloading"), the partial file stays, and the download finishes once the folder is changed or
fixed. Scenarios wait on signals (``wait_for_signal``), never with ``qtbot.wait*``.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt

from agentbar.app.recordings.download_queue import DownloadJob, DownloadQueue
from agentbar.app.recordings.downloads import Downloads
from agentbar.app.recordings.recording_folder import FolderProblem
from agentbar.cec import AsyncClient
from agentbar.cec.recordings import RecordingsClient, part_path
from agentbar.cec.signing import AuthV2
from agentbar.sim.audio import AlawAudio
from agentbar.sim.server import SimThread
from agentbar.ui.recordings.recordings_view import STATUS, RecordingsView
from tests.disk_full import FullDisk
from tests.gui.conftest import wait_for_signal

# The same simulator thread and HTTP client as the Recordings tab's own tests.
from tests.gui.test_recordings_view import http, sim

__all__ = ["http", "sim"]  # fixtures, re-used

ONE_FILE_CALL = "1704191400-1001"
ONE_FILE = "Y:/1/0/20240102/101/1030001.V3"
EXPECTED = hashlib.sha256(AlawAudio(ONE_FILE, 185 * 8000).read()).digest()


@dataclass
class Setting:
    """The download folder setting, as Settings would change it."""

    folder: Path

    def __call__(self) -> Path:
        return self.folder


@dataclass
class RecordEvent:
    content: dict[str, Any]
    event_type: str = "AgentMediaEvent_Record"
    agent_id: str = "101"


@pytest.fixture
def loop_errors(qloop: qasync.QEventLoop) -> list[dict[str, Any]]:
    """What would reach the crash notice: the loop's unhandled exceptions."""
    seen: list[dict[str, Any]] = []
    qloop.set_exception_handler(lambda _loop, context: seen.append(context))
    return seen


@pytest.fixture
def setting(tmp_path: Path) -> Setting:
    return Setting(tmp_path / "rec")


@pytest.fixture
def downloads(
    qloop: qasync.QEventLoop, sim: SimThread, http: AsyncClient, tmp_path: Path, setting: Setting
) -> Iterator[Downloads]:
    client = RecordingsClient(
        http, ccfs_url=sim.url, ccfs_auth=AuthV2("demo-ak", "demo-sk-0123456789abcdef")
    )
    service = Downloads(client, DownloadQueue(tmp_path / "queue.json"), setting, attempts=1)
    yield service
    qloop.run_until_complete(service.aclose())


@pytest.fixture
def view(qtbot: Any, downloads: Downloads, setting: Setting) -> RecordingsView:
    widget = RecordingsView(downloads, None, "101", setting, open_url=lambda _url: True)
    qtbot.addWidget(widget)
    widget.show()
    widget.on_agent_event(RecordEvent({"callId": ONE_FILE_CALL, "fileName": ONE_FILE}))
    widget.table.selectRow(0)
    return widget


async def collected() -> None:
    """Collect garbage with the loop running, so a task whose exception nobody read reports it
    (and an aborted HTTP stream closes on the loop)."""
    gc.collect()
    await asyncio.sleep(0.05)


def status_cell(view: RecordingsView, role: int = Qt.ItemDataRole.DisplayRole) -> str:
    return str(view.model.data(view.model.index(0, STATUS), role))


def test_folder_below_a_file_fails_the_row_clearly_and_a_new_folder_finishes_it(
    qloop: qasync.QEventLoop,
    qtbot: Any,
    view: RecordingsView,
    setting: Setting,
    tmp_path: Path,
    loop_errors: list[dict[str, Any]],
) -> None:
    (tmp_path / "notes.txt").write_text("not a folder")
    setting.folder = tmp_path / "notes.txt" / "rec"

    async def first_try() -> None:
        failed = asyncio.ensure_future(wait_for_signal(view._downloads.failed))
        qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
        await failed

    qloop.run_until_complete(first_try())
    expected = (
        f"Failed — the download folder {setting.folder} cannot be used: "
        f"{tmp_path / 'notes.txt'} is a file, not a folder. Choose another folder in Settings, "
        "or fix this one and press Resume."
    )
    assert status_cell(view) == expected
    assert status_cell(view, Qt.ItemDataRole.ToolTipRole) == expected
    assert view.status.text() == expected
    assert view.download_button.text() == "Resume"
    assert view.download_button.isEnabled()
    assert not view.cancel_button.isEnabled()

    async def new_folder() -> None:
        done = asyncio.ensure_future(wait_for_signal(view._downloads.finished))
        setting.folder = tmp_path / "good"
        await view._downloads.follow_folder()  # what accepting Settings does
        await done

    qloop.run_until_complete(new_folder())
    assert status_cell(view) == "Saved"
    job = next(iter(view._downloads.jobs.values()))
    assert Path(job.saved_as).parent == (tmp_path / "good").resolve()
    assert hashlib.sha256(Path(job.saved_as).read_bytes()).digest() == EXPECTED
    qloop.run_until_complete(collected())
    assert loop_errors == []


# A write that fails mid-body leaves httpcore2's body iterator suspended; qasync installs no
# asyncgen hooks, so the garbage collector finalizes it outside its task and anyio complains to
# stderr. Noise only (the connection is closed and the resume below reuses the pool), and not of
# this feature: the same happens to any download stopped by a local error under qasync.
@pytest.mark.filterwarnings(
    "ignore:Exception ignored in.*HTTP11ConnectionByteStream"
    ":pytest.PytestUnraisableExceptionWarning"
)
def test_full_disk_row_says_so_keeps_the_partial_file_and_resume_finishes(
    qloop: qasync.QEventLoop,
    qtbot: Any,
    view: RecordingsView,
    setting: Setting,
    loop_errors: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    disk = FullDisk(monkeypatch)

    async def fill_the_disk() -> None:
        failed = asyncio.ensure_future(wait_for_signal(view._downloads.failed))
        qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
        await failed

    qloop.run_until_complete(fill_the_disk())
    folder = setting.folder.resolve()
    assert status_cell(view) == (
        f"Failed — the disk of the download folder {folder} is full. Free some space and press "
        "Resume, or choose another folder in Settings."
    )
    job = next(iter(view._downloads.jobs.values()))
    assert part_path(Path(job.dest)).stat().st_size == disk.written[0]

    disk.free_space()

    async def resume() -> None:
        done = asyncio.ensure_future(wait_for_signal(view._downloads.finished))
        qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
        await done

    qloop.run_until_complete(resume())
    assert status_cell(view) == "Saved"
    assert hashlib.sha256(Path(job.saved_as).read_bytes()).digest() == EXPECTED
    assert loop_errors == []


def test_a_folder_failure_of_an_earlier_run_is_shown_after_a_restart(
    qloop: qasync.QEventLoop, qtbot: Any, sim: SimThread, http: AsyncClient, tmp_path: Path
) -> None:
    folder = tmp_path / "locked"
    job = DownloadJob("j1", "ccfs", str(folder / "a.V3"), call_id=ONE_FILE_CALL, file_name=ONE_FILE)
    job.status = "failed"
    job.set_folder_problem(FolderProblem(str(folder), "not-writable"))
    DownloadQueue(tmp_path / "queue.json").save([job])

    client = RecordingsClient(http, ccfs_url=sim.url)
    service = Downloads(client, DownloadQueue(tmp_path / "queue.json"), lambda: folder)
    qloop.run_until_complete(service.restore())
    view = RecordingsView(service, None, "101", lambda: folder, open_url=lambda _url: True)
    qtbot.addWidget(view)

    assert status_cell(view) == (
        f"Failed — the download folder {folder} cannot be used: agentbar may not write there "
        "(read-only or no permission). Choose another folder in Settings, or fix this one and "
        "press Resume."
    )
    view.table.selectRow(0)
    assert view.download_button.text() == "Resume"
    qloop.run_until_complete(service.aclose())
