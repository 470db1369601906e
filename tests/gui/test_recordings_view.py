"""The Recordings tab on real widgets against the simulator (its own thread), via qasync.

Scenarios are coroutines run with ``qloop.run_until_complete``; they wait for signals by awaiting
futures (``wait_for_signal``), never with ``qtbot.wait*`` (see conftest.py).
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from agentbar.app.recordings.download_queue import DownloadQueue
from agentbar.app.recordings.downloads import Downloads
from agentbar.cec import AsyncClient, build_client
from agentbar.cec.quality import QualityClient
from agentbar.cec.recordings import RecordingsClient
from agentbar.cec.signing import AuthV2
from agentbar.cec.tokens import TokenByAkSk
from agentbar.sim.audio import AlawAudio
from agentbar.sim.server import SimThread
from agentbar.ui.recordings.recordings_view import DURATION, STATUS, TIME, RecordingsView
from agentbar.ui.recordings.transcript_view import SPEAKER, TEXT
from tests.gui.conftest import wait_for_signal, wait_until

ONE_FILE_CALL = "1704191400-1001"
ONE_FILE = "Y:/1/0/20240102/101/1030001.V3"


@dataclass
class RecordEvent:
    """Shaped like the session's typed AgentEvent for AgentMediaEvent_Record."""

    content: dict[str, Any]
    event_type: str = "AgentMediaEvent_Record"
    agent_id: str = "101"


@dataclass
class Opened:
    urls: list[QUrl] = field(default_factory=list)

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return True


@pytest.fixture
def sim() -> Iterator[SimThread]:
    thread = SimThread()
    thread.start()
    yield thread
    thread.stop()


@pytest.fixture
def http(qloop: qasync.QEventLoop) -> Iterator[AsyncClient]:
    client = build_client()
    yield client
    qloop.run_until_complete(client.aclose())
    gc.collect()


@pytest.fixture
def downloads(
    qloop: qasync.QEventLoop, sim: SimThread, http: AsyncClient, tmp_path: Path
) -> Iterator[Downloads]:
    client = RecordingsClient(
        http, ccfs_url=sim.url, ccfs_auth=AuthV2("demo-ak", "demo-sk-0123456789abcdef")
    )
    service = Downloads(
        client, DownloadQueue(tmp_path / "queue.json"), lambda: tmp_path / "rec", attempts=1
    )
    yield service
    qloop.run_until_complete(service.aclose())


@pytest.fixture
def opened() -> Opened:
    return Opened()


@pytest.fixture
def view(
    qtbot: Any,
    sim: SimThread,
    http: AsyncClient,
    downloads: Downloads,
    tmp_path: Path,
    opened: Opened,
) -> RecordingsView:
    tokens = TokenByAkSk(http, sim.url, "demo-app", "demo-app-secret")
    quality = QualityClient(http, sim.url, tokens, app_key="demo-app", user_id="101")
    widget = RecordingsView(downloads, quality, "101", lambda: tmp_path / "rec", open_url=opened)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def control(sim: SimThread, path: str, **body: Any) -> Any:
    request = urllib.request.Request(
        f"{sim.url}/sim/{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def cell(view: RecordingsView, row: int, column: int) -> str:
    return str(view.model.data(view.model.index(row, column)))


def test_selecting_an_inspected_call_shows_its_transcript(
    qloop: qasync.QEventLoop, qtbot: Any, view: RecordingsView
) -> None:
    async def scenario() -> None:
        loaded = asyncio.ensure_future(wait_for_signal(view.inspected_loaded))
        qtbot.mouseClick(view.refresh_button, Qt.MouseButton.LeftButton)
        assert (await loaded) == (25,)
        assert view.model.rowCount() == 25
        shown = asyncio.ensure_future(wait_for_signal(view.transcript_loaded))
        view.table.selectRow(0)
        await shown

    qloop.run_until_complete(scenario())
    transcript = view.transcript.model
    assert transcript.rowCount() > 3
    first_text = transcript.data(transcript.index(0, TEXT))
    assert first_text == "Hello, I would like to ask about my last bill."
    assert transcript.data(transcript.index(0, SPEAKER)) == "Customer"
    assert transcript.data(transcript.index(1, SPEAKER)) == "Agent"
    assert "Agent" in view.transcript.summary.text()


def test_recording_stopped_gives_the_shift_row_its_start_time_and_duration(
    view: RecordingsView,
) -> None:
    view.on_agent_event(RecordEvent({"callId": "9-1", "fileName": "Y:/1/0/20240102/101/9.V3"}))
    view.on_agent_event(RecordEvent({"callId": "9-2", "fileName": "Y:/1/0/20240102/101/8.V3"}))
    assert [cell(view, n, DURATION) for n in range(2)] == ["", ""]
    begin = datetime(2024, 1, 2, 10, 30, tzinfo=UTC)
    begin_ms = int(begin.timestamp() * 1000)

    def stopped(call_id: str, begin: object, end: object) -> RecordEvent:
        content = {"callId": call_id, "beginTime": begin, "endTime": end, "recordFormat": 3}
        return RecordEvent(content, event_type="AgentMediaEvent_StopRecordDone")

    view.on_agent_event(stopped("9-1", str(begin_ms), str(begin_ms + 125_000)))
    # The row moved below 9-2 (announced now), by the recording's real start.
    assert view.model.row_at(0).call_id == "9-2"  # type: ignore[union-attr]
    assert view.model.row_at(1).call_id == "9-1"  # type: ignore[union-attr]
    assert cell(view, 1, DURATION) == "2:05"
    assert cell(view, 1, TIME) == begin.astimezone().strftime("%Y-%m-%d %H:%M")
    # A call with no announced recording gets no row; an end before the start, no duration;
    # a body that is not an object changes nothing.
    view.on_agent_event(stopped("9-3", str(begin_ms), str(begin_ms + 1000)))
    view.on_agent_event(stopped("9-2", str(begin_ms), str(begin_ms - 1000)))
    view.on_agent_event(RecordEvent(["x"], event_type="AgentMediaEvent_StopRecordDone"))  # type: ignore[arg-type]
    assert view.model.rowCount() == 2
    durations = {
        view.model.row_at(n).call_id: cell(view, n, DURATION)  # type: ignore[union-attr]
        for n in range(2)
    }
    assert durations == {"9-1": "2:05", "9-2": ""}


def test_shift_recording_downloads_with_progress_then_plays_and_opens_folder(
    qloop: qasync.QEventLoop, qtbot: Any, view: RecordingsView, opened: Opened, tmp_path: Path
) -> None:
    view.on_agent_event(
        RecordEvent({"callId": ONE_FILE_CALL, "fileName": ONE_FILE, "caller": "13800000001"})
    )
    view.on_agent_event(RecordEvent({"callId": "x"}, event_type="AgentEvent_Talking"))
    assert view.model.rowCount() == 1
    assert cell(view, 0, 1) == "13800000001"
    view.table.selectRow(0)
    assert "No transcript" in view.transcript.summary.text()

    async def scenario() -> None:
        done = asyncio.ensure_future(wait_for_signal(view._downloads.finished))
        qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
        await done
        await wait_until(lambda: view.play_button.isEnabled())
        qtbot.mouseClick(view.play_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: len(opened.urls) == 1)

    qloop.run_until_complete(scenario())
    assert cell(view, 0, STATUS) == "Saved"
    assert view.progress.value() == view.progress.maximum()
    saved = next(iter(view._downloads.jobs.values())).saved_as
    assert Path(saved).read_bytes() == AlawAudio(ONE_FILE, 185 * 8000).read()
    played = Path(opened.urls[0].toLocalFile())
    assert played.suffix == ".wav"
    assert played.read_bytes()[20:22] == b"\x01\x00"
    qtbot.mouseClick(view.folder_button, Qt.MouseButton.LeftButton)
    assert Path(opened.urls[1].toLocalFile()) == (tmp_path / "rec").resolve()


def test_failed_download_offers_resume_and_finishes_identical(
    qloop: qasync.QEventLoop, qtbot: Any, view: RecordingsView, sim: SimThread
) -> None:
    control(sim, "recordings/cut", after=400_000, times=1)
    view.on_agent_event(RecordEvent({"callId": ONE_FILE_CALL, "fileName": ONE_FILE}))
    view.table.selectRow(0)

    async def scenario() -> None:
        failed = asyncio.ensure_future(wait_for_signal(view._downloads.failed))
        qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
        await failed
        await wait_until(lambda: view.download_button.text() == "Resume")
        assert cell(view, 0, STATUS) == "Failed"
        assert "resume" in view.status.text().lower()
        done = asyncio.ensure_future(wait_for_signal(view._downloads.finished))
        qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
        await done

    qloop.run_until_complete(scenario())
    job = next(iter(view._downloads.jobs.values()))
    data = Path(job.saved_as).read_bytes()
    expected = AlawAudio(ONE_FILE, 185 * 8000).read()
    assert hashlib.sha256(data).digest() == hashlib.sha256(expected).digest()


def test_cancel_pauses_the_download(
    qloop: qasync.QEventLoop, qtbot: Any, view: RecordingsView, sim: SimThread
) -> None:
    added = control(sim, "recordings", callId="7-7", agentId="101", bytes=20_000_000)
    view.on_agent_event(RecordEvent({"callId": "7-7", "fileName": added["fileName"]}))
    view.table.selectRow(0)

    async def scenario() -> None:
        started = asyncio.ensure_future(wait_for_signal(view._downloads.progress))
        qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
        await started
        assert view.cancel_button.isEnabled()
        qtbot.mouseClick(view.cancel_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: cell(view, 0, STATUS) == "Paused")

    qloop.run_until_complete(scenario())
    assert view.download_button.text() == "Resume"
    assert not view.cancel_button.isEnabled()
    assert not view.play_button.isEnabled()


def test_unfinished_download_of_an_earlier_run_is_listed_and_resumes(
    qloop: qasync.QEventLoop,
    qtbot: Any,
    view: RecordingsView,
    sim: SimThread,
    http: AsyncClient,
    tmp_path: Path,
    opened: Opened,
) -> None:
    control(sim, "recordings/cut", after=400_000, times=1)
    view.on_agent_event(
        RecordEvent({"callId": ONE_FILE_CALL, "fileName": ONE_FILE, "caller": "13800000000"})
    )
    view.table.selectRow(0)

    async def first_run() -> None:
        failed = asyncio.ensure_future(wait_for_signal(view._downloads.failed))
        qtbot.mouseClick(view.download_button, Qt.MouseButton.LeftButton)
        await failed
        await view._downloads.save()

    qloop.run_until_complete(first_run())
    view.close()

    # The next start: a new Downloads on the same queue file, and no events of that shift.
    client = RecordingsClient(
        http, ccfs_url=sim.url, ccfs_auth=AuthV2("demo-ak", "demo-sk-0123456789abcdef")
    )
    again = Downloads(client, DownloadQueue(tmp_path / "queue.json"), lambda: tmp_path / "rec")
    restored = qloop.run_until_complete(again.restore())
    assert len(restored) == 1
    later = RecordingsView(again, None, "101", lambda: tmp_path / "rec", open_url=opened)
    qtbot.addWidget(later)
    later.show()
    assert later.model.rowCount() == 1
    assert cell(later, 0, STATUS) == "Failed"
    assert later.model.row_at(0) is not None
    assert later.model.row_at(0).caller == "13800000000"  # type: ignore[union-attr]
    later.table.selectRow(0)
    assert later.download_button.text() == "Resume"

    async def second_run() -> None:
        done = asyncio.ensure_future(wait_for_signal(again.finished))
        qtbot.mouseClick(later.download_button, Qt.MouseButton.LeftButton)
        await done

    qloop.run_until_complete(second_run())
    job = next(iter(again.jobs.values()))
    assert job.status == "done"
    data = Path(job.saved_as).read_bytes()
    expected = AlawAudio(ONE_FILE, 185 * 8000).read()
    assert hashlib.sha256(data).digest() == hashlib.sha256(expected).digest()
    qloop.run_until_complete(again.aclose())


def test_enter_on_a_row_downloads_its_recording(
    qloop: qasync.QEventLoop, qtbot: Any, view: RecordingsView
) -> None:
    view.on_agent_event(RecordEvent({"callId": ONE_FILE_CALL, "fileName": ONE_FILE}))
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=2000)
    view.table.setFocus()
    view.table.selectRow(0)
    assert "Enter" in view.download_button.toolTip()

    async def scenario() -> None:
        done = asyncio.ensure_future(wait_for_signal(view._downloads.finished))
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
        await done

    qloop.run_until_complete(scenario())
    assert cell(view, 0, STATUS) == "Saved"


def test_tab_leaves_the_recordings_and_the_transcript_tables(
    qloop: qasync.QEventLoop, qtbot: Any, view: RecordingsView
) -> None:
    async def scenario() -> None:
        loaded = asyncio.ensure_future(wait_for_signal(view.inspected_loaded))
        shown = asyncio.ensure_future(wait_for_signal(view.transcript_loaded))
        await view.refresh_inspected()
        await loaded
        view.table.selectRow(0)
        await shown

    qloop.run_until_complete(scenario())
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=2000)
    for table in (view.table, view.transcript.table):
        table.setFocus()
        table.setCurrentIndex(table.model().index(0, 0))
        qtbot.keyClick(table, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is not table
