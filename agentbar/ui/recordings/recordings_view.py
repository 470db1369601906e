"""The Recordings tab: this shift's recorded calls and the agent's inspected calls, with
Download (progress, cancel, resume), Open folder, Play and the transcript of the selected call.

The tab renders what :class:`~agentbar.app.recordings.downloads.Downloads` and the CCSQM client
report; the download logic lives in ``app/recordings/downloads.py``. Play converts the A-law file to
a PCM WAV and hands it to the system's player (``QDesktopServices``): QtMultimedia is not in
PySide6-Essentials.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentbar.app.recordings.download_queue import DownloadJob
from agentbar.app.recordings.downloads import Downloads, RecordingRef
from agentbar.app.recordings.recording_folder import FolderProblem
from agentbar.cec import CecError, InspectedCall, QualityClient, RecordDone
from agentbar.ui.asyncslot import spawn
from agentbar.ui.error_text import error_message
from agentbar.ui.i18n import Retranslating
from agentbar.ui.recordings.transcript_view import TranscriptView, clock

_Index = QModelIndex | QPersistentModelIndex

TIME, CALLER, DURATION, SOURCE, STATUS = range(5)


@dataclass(frozen=True, slots=True)
class RecordingRow:
    """One call in the list; ``call_uuid`` is set for calls CCSQM has inspected."""

    call_id: str
    file_name: str = ""
    agent_id: str = ""
    when: datetime | None = None
    caller: str = ""
    duration: float | None = None
    location_id: str = ""
    from_event: bool = False
    call_uuid: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return self.call_id, self.file_name

    def ref(self) -> RecordingRef:
        return RecordingRef(
            call_id=self.call_id,
            file_name=self.file_name,
            agent_id=self.agent_id,
            when=self.when,
            location_id=self.location_id,
            from_event=self.from_event,
            title=self.caller or self.call_id,
        )


def row_of_job(job: DownloadJob) -> RecordingRow:
    """A row for a download restored from the queue (what the job remembers of its call)."""
    return RecordingRow(
        call_id=job.call_id,
        file_name=job.file_name,
        agent_id=job.agent_id,
        # The job's title is the caller when the call had one (RecordingRow.ref), else its ID.
        caller=job.title if job.title != job.call_id else "",
        location_id=job.location_id,
        from_event=job.route == "gateway",
    )


class RecordingsModel(QAbstractTableModel):
    """The rows of the tab, newest first, with each row's download status."""

    def __init__(self, downloads: Downloads, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._downloads = downloads
        self._rows: list[RecordingRow] = []

    def rows(self) -> list[RecordingRow]:
        return list(self._rows)

    def row_at(self, row: int) -> RecordingRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def upsert(self, new: RecordingRow) -> None:
        """Add a row, or complete the one with the same call (an event row learns its uuid)."""
        for n, old in enumerate(self._rows):
            same_call = old.call_id == new.call_id and (
                old.key == new.key or not old.file_name or not new.file_name
            )
            if same_call:
                merged = replace(
                    old,
                    file_name=old.file_name or new.file_name,
                    call_uuid=old.call_uuid or new.call_uuid,
                    duration=old.duration if old.duration is not None else new.duration,
                    caller=old.caller or new.caller,
                    when=old.when or new.when,
                )
                self._rows[n] = merged
                self.dataChanged.emit(self.index(n, 0), self.index(n, STATUS))
                return
        self.beginResetModel()
        self._rows.append(new)
        self._sort()
        self.endResetModel()

    def _sort(self) -> None:
        never = datetime.min.replace(tzinfo=UTC)
        self._rows.sort(key=lambda r: r.when or never, reverse=True)

    def complete_call(self, call_id: str, *, when: datetime, duration: float | None) -> None:
        """Give this shift's rows of ``call_id`` the recording's start time and duration."""
        changed = False
        for n, old in enumerate(self._rows):
            if old.call_id == call_id and old.from_event:
                self._rows[n] = replace(
                    old, when=when, duration=duration if duration is not None else old.duration
                )
                changed = True
        if changed:
            # The start time can move a row: keep the list newest first.
            self.beginResetModel()
            self._sort()
            self.endResetModel()

    def job_changed(self, job_id: str) -> None:
        job = self._downloads.jobs.get(job_id)
        if job is not None and job.unfinished and job.call_id and self.job_row(job) < 0:
            # An unfinished download of an earlier run: its call may be in no list this time
            # (the events of that shift are gone), so it gets a row of its own to resume from.
            self.upsert(row_of_job(job))
            return
        for n, row in enumerate(self._rows):
            if job is None or (row.call_id == job.call_id and row.file_name == job.file_name):
                self.dataChanged.emit(self.index(n, STATUS), self.index(n, STATUS))

    def job_row(self, job: DownloadJob) -> int:
        """The row of ``job``'s call, or -1."""
        return next(
            (n for n, r in enumerate(self._rows) if r.key == (job.call_id, job.file_name)), -1
        )

    def job_of(self, row: RecordingRow) -> DownloadJob | None:
        found = None
        for job in self._downloads.jobs.values():
            if job.call_id == row.call_id and job.file_name == row.file_name:
                found = job
        return found

    def retranslate(self) -> None:
        """Have the views ask again for the headers, sources and statuses (a new language)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, TIME, STATUS)
        if self._rows:
            self.dataChanged.emit(self.index(0, SOURCE), self.index(len(self._rows) - 1, STATUS))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == STATUS:
            # A folder problem is a long sentence: whole in the tooltip when the column is narrow.
            return self.status_text(self.job_of(row)) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == TIME:
            return row.when.astimezone().strftime("%Y-%m-%d %H:%M") if row.when else ""
        if column == CALLER:
            return row.caller
        if column == DURATION:
            return clock(row.duration) if row.duration is not None else ""
        if column == SOURCE:
            return self.tr("This shift") if row.from_event else self.tr("Inspected")
        return self.status_text(self.job_of(row))

    def status_text(self, job: DownloadJob | None) -> str:
        if job is None:
            return ""
        if job.status == "running":
            if job.total:
                return self.tr("{0}%").format(int(100 * job.received / job.total))
            return self.tr("Downloading")
        problem = job.folder_problem
        if job.status == "failed" and problem is not None:
            return self.folder_problem_text(problem)
        return {
            "queued": self.tr("Queued"),
            "paused": self.tr("Paused"),
            "failed": self.tr("Failed"),
            "done": self.tr("Saved"),
        }[job.status]

    def folder_problem_text(self, problem: FolderProblem) -> str:
        """A failed row's state when its download folder could not be used."""
        if problem.issue == "full":
            return self.tr(
                "Failed — the disk of the download folder {0} is full. Free some space and "
                "press Resume, or choose another folder in Settings."
            ).format(problem.folder)
        reason = {
            "not-a-folder": self.tr("{0} is a file, not a folder"),
            "cannot-create": self.tr("it does not exist and cannot be created ({0})"),
            "not-writable": self.tr("agentbar may not write there (read-only or no permission)"),
            "unusable": "{0}",  # the system's own words
        }[problem.issue].format(problem.detail)
        return self.tr(
            "Failed — the download folder {0} cannot be used: {1}. Choose another folder in "
            "Settings, or fix this one and press Resume."
        ).format(problem.folder, reason)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Time"),
            self.tr("Caller"),
            self.tr("Duration"),
            self.tr("Source"),
            self.tr("Download"),
        )[section]


class RecordingsView(Retranslating, QWidget):
    """The Recordings tab. ``quality`` may be None when CCSQM is not configured."""

    transcript_loaded = Signal(str)  # call_uuid
    inspected_loaded = Signal(int)  # number of calls

    def __init__(
        self,
        downloads: Downloads,
        quality: QualityClient | None,
        staff_id: str,
        folder: Callable[[], Path],
        parent: QWidget | None = None,
        *,
        open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self._downloads = downloads
        self._quality = quality
        self._staff_id = staff_id
        self._folder = folder
        self._open_url = open_url
        self._shown_uuid = ""

        self.model = RecordingsModel(downloads, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.refresh_button = QPushButton(self)
        self.download_button = QPushButton(self)
        self.cancel_button = QPushButton(self)
        self.folder_button = QPushButton(self)
        self.play_button = QPushButton(self)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.transcript = TranscriptView(self)

        buttons = QHBoxLayout()
        for button in (
            self.refresh_button,
            self.download_button,
            self.cancel_button,
            self.folder_button,
            self.play_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table)
        top_layout.addWidget(self.progress)
        top_layout.addWidget(self.status)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(self.transcript)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.refresh_button.clicked.connect(lambda: spawn(self.refresh_inspected()))
        self.download_button.clicked.connect(lambda: spawn(self.download_selected()))
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.folder_button.clicked.connect(self.open_folder)
        self.play_button.clicked.connect(lambda: spawn(self.play_selected()))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # Enter on a row downloads (or resumes) it, as the Download button does; Tab leaves.
        self.table.setTabKeyNavigation(False)
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.download_button.click)
        downloads.job_changed.connect(self._job_changed)
        downloads.progress.connect(self._progress)
        downloads.failed.connect(self._failed)
        self.refresh_button.setEnabled(quality is not None)
        for job_id in list(downloads.jobs):  # restored before this view existed
            self.model.job_changed(job_id)
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the interface language; texts that render state are redrawn.

        The status line is not: it reports what just happened (progress, a file saved, an
        error), and stays in the language it was shown in until the next report replaces it.
        """
        self.refresh_button.setText(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("Load your inspected calls from quality inspection"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.folder_button.setText(self.tr("Open folder"))
        self.play_button.setText(self.tr("Play"))
        self.download_button.setToolTip(
            self.tr("Download the selected recording (Enter in the list)")
        )
        self.play_button.setToolTip(self.tr("Converts the recording to WAV and opens your player"))
        self.table.setAccessibleName(self.tr("Recorded calls"))
        self.model.retranslate()
        self._update_controls()  # Download or Resume
        row = self.selected_row()
        if row is None or not row.call_uuid:
            # A loaded transcript (or its loading or error message) is the transcript's own.
            self._show_no_transcript(row)

    # ---- rows ----------------------------------------------------------------------------

    def add_shift_recording(
        self,
        *,
        call_id: str,
        file_name: str,
        caller: str = "",
        agent_id: str = "",
        location_id: str = "",
        when: datetime | None = None,
    ) -> None:
        """A recording announced by ``AgentMediaEvent_Record`` during this shift."""
        self.model.upsert(
            RecordingRow(
                call_id=call_id,
                file_name=file_name,
                agent_id=agent_id,
                when=when or datetime.now(UTC),
                caller=caller,
                location_id=location_id,
                from_event=True,
            )
        )

    def on_agent_event(self, event: object) -> None:
        """Slot for the session's events: ``AgentMediaEvent_Record`` adds the call's row,
        ``AgentMediaEvent_StopRecordDone`` gives it its start time and duration."""
        event_type = getattr(event, "event_type", None)
        content = getattr(event, "content", None)
        if event_type == "AgentMediaEvent_StopRecordDone":
            self._recording_stopped(content)
            return
        if event_type != "AgentMediaEvent_Record":
            return
        field = _field_reader(content)
        call_id, file_name = field("call_id", "callId"), field("file_name", "fileName")
        if not call_id or not file_name:
            return
        self.add_shift_recording(
            call_id=call_id,
            file_name=file_name,
            caller=field("caller", "caller"),
            agent_id=field("agent_id", "workNo") or str(getattr(event, "agent_id", "") or ""),
            location_id=field("location_id", "locationId"),
        )

    def _recording_stopped(self, content: object) -> None:
        done = content if isinstance(content, RecordDone) else RecordDone.parse(content)
        if done is None or not done.call_id or done.begin is None:
            return
        if done.end is not None and done.end >= done.begin:
            duration: float | None = (done.end - done.begin).total_seconds()
        else:
            duration = None
        # Only a call whose recording was announced has a file to download: no row otherwise.
        self.model.complete_call(done.call_id, when=done.begin, duration=duration)

    def add_inspected(self, calls: list[InspectedCall]) -> None:
        for call in calls:
            self.model.upsert(
                RecordingRow(
                    call_id=call.call_id,
                    file_name=call.file_name,
                    agent_id=self._staff_id,
                    when=call.call_time,
                    duration=call.duration,
                    call_uuid=call.call_uuid,
                )
            )

    async def refresh_inspected(self) -> None:
        if self._quality is None:
            return
        self.status.setText(self.tr("Loading your inspected calls…"))
        try:
            calls = await self._quality.all_inspected_calls(self._staff_id)
        except CecError as exc:
            self.status.setText(error_message(exc))
            return
        self.add_inspected(calls)
        self.status.setText(self.tr("{0} inspected calls.").format(len(calls)))
        self.inspected_loaded.emit(len(calls))

    # ---- selection -----------------------------------------------------------------------

    def selected_row(self) -> RecordingRow | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def select_call(self, call_id: str) -> None:
        for n, row in enumerate(self.model.rows()):
            if row.call_id == call_id:
                self.table.selectRow(n)
                return

    def _selection_changed(self, *_args: object) -> None:
        self._update_controls()
        row = self.selected_row()
        if row is None or not row.call_uuid:
            self._shown_uuid = ""
            self._show_no_transcript(row)
            return
        if row.call_uuid != self._shown_uuid:
            spawn(self.show_transcript(row.call_uuid))

    def _show_no_transcript(self, row: RecordingRow | None) -> None:
        self.transcript.set_message(
            self.tr("No transcript: this call has not been inspected yet.")
            if row is not None
            else self.tr("Select an inspected call to see its transcript.")
        )

    async def show_transcript(self, call_uuid: str) -> None:
        if self._quality is None:
            return
        self._shown_uuid = call_uuid
        self.transcript.set_message(self.tr("Loading the transcript…"))
        try:
            detail = await self._quality.call_detail(call_uuid)
        except CecError as exc:
            if self._shown_uuid == call_uuid:
                self.transcript.set_message(error_message(exc))
            return
        if self._shown_uuid == call_uuid:  # the user may have moved on meanwhile
            self.transcript.set_detail(detail)
            self.transcript_loaded.emit(call_uuid)

    # ---- downloads -----------------------------------------------------------------------

    async def download_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        job = self.model.job_of(row)
        try:
            if job is not None and job.status in ("paused", "failed"):
                self._downloads.resume(job.job_id)
            elif job is None or job.status == "done":
                await self._downloads.start(row.ref())
        except CecError as exc:
            self.status.setText(error_message(exc))
        self._update_controls()

    def cancel_selected(self) -> None:
        row = self.selected_row()
        job = self.model.job_of(row) if row is not None else None
        if job is not None:
            self._downloads.cancel(job.job_id)

    def open_folder(self) -> None:
        row = self.selected_row()
        job = self.model.job_of(row) if row is not None else None
        folder = Path(job.saved_as).parent if job is not None and job.saved_as else self._folder()
        self._open_url(QUrl.fromLocalFile(str(folder)))

    async def play_selected(self) -> None:
        row = self.selected_row()
        job = self.model.job_of(row) if row is not None else None
        if job is None or job.status != "done":
            return
        try:
            wav = await self._downloads.playable_wav(Path(job.saved_as))
        except (OSError, ValueError) as exc:
            self.status.setText(self.tr("Cannot play this recording: {0}").format(exc))
            return
        if not self._open_url(QUrl.fromLocalFile(str(wav))):
            self.status.setText(
                self.tr("No player is set up for WAV files. Saved as {0}").format(wav)
            )

    def _job_changed(self, job_id: str) -> None:
        self.model.job_changed(job_id)
        job = self._downloads.jobs.get(job_id)
        if job is not None and self._is_selected(job):
            if job.status == "done":
                self.progress.setRange(0, 100)
                self.progress.setValue(100)
                self.status.setText(self.tr("Saved as {0}").format(job.saved_as))
            elif job.status == "paused":
                self.status.setText(self.tr("Paused. Press Download to resume."))
        self._update_controls()

    def _progress(self, job_id: str, received: int, total: int, rate: float) -> None:
        job = self._downloads.jobs.get(job_id)
        self.model.job_changed(job_id)
        if job is None or not self._is_selected(job):
            return
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * received / total))
        else:
            self.progress.setRange(0, 0)  # busy indicator: size unknown
        self.status.setText(
            self.tr("{0:.1f} MB at {1:.1f} MB/s").format(received / 1e6, rate / 1e6)
        )

    def _failed(self, job_id: str, message: str) -> None:
        job = self._downloads.jobs.get(job_id)
        if job is not None and self._is_selected(job):
            problem = job.folder_problem
            if problem is not None:
                self.status.setText(self.model.folder_problem_text(problem))
                return
            translated = error_message(CecError(message))
            self.status.setText(self.tr("{0} Press Download to resume.").format(translated))

    def _is_selected(self, job: DownloadJob) -> bool:
        row = self.selected_row()
        return row is not None and (row.call_id, row.file_name) == (job.call_id, job.file_name)

    def _update_controls(self) -> None:
        row = self.selected_row()
        job = self.model.job_of(row) if row is not None else None
        running = job is not None and job.status == "running"
        self.download_button.setEnabled(row is not None and not running)
        self.download_button.setText(
            self.tr("Resume")
            if job is not None and job.status in ("paused", "failed")
            else self.tr("Download")
        )
        self.cancel_button.setEnabled(running)
        self.play_button.setEnabled(job is not None and job.status == "done")
        if job is None:
            self.progress.setRange(0, 100)
            self.progress.setValue(0)
        elif job.total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * job.received / job.total))


def _field_reader(content: object) -> Callable[[str, str], str]:
    """Read a field of a typed event content (attribute) or a raw one (JSON key)."""

    def read(attribute: str, key: str) -> str:
        value: Any = getattr(content, attribute, None)
        if value is None and isinstance(content, Mapping):
            value = content.get(key)
        return "" if value is None else str(value)

    return read
