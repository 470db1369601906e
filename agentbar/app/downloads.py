"""Recording downloads as an application service: a queue of jobs with Qt signals for the UI.

:class:`Downloads` turns "download this call's recording" into a :class:`DownloadJob`, picks the
route (CC-Gateway ``recordfile`` for a recording announced in this shift, else CC-FS), names the
file from the call, runs it as a task (cancel = cancel the task), and keeps the unfinished jobs in
a :class:`DownloadQueue` so they can be resumed after a failure or a restart.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from agentbar.app.alaw import to_wav
from agentbar.app.download_queue import DownloadJob, DownloadQueue, Route
from agentbar.app.recording_names import UnsafeNameError, destination, local_name
from agentbar.cec.errors import CecError
from agentbar.cec.recordings import (
    DownloadProgress,
    DownloadRequest,
    RecordingsClient,
    ResumeState,
    part_path,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RecordingRef:
    """A recording to fetch: from an ``AgentMediaEvent_Record`` of this shift or from CCSQM."""

    call_id: str
    file_name: str = ""
    agent_id: str = ""
    when: datetime | None = None
    location_id: str = ""
    from_event: bool = False
    title: str = ""


class Downloads(QObject):
    """Runs recording downloads; every change is announced by a signal carrying the job id."""

    job_changed = Signal(str)
    # job id, bytes received, total (-1 when unknown), bytes per second
    progress = Signal(str, int, int, float)
    finished = Signal(str, str)  # job id, saved path
    failed = Signal(str, str)  # job id, message for a person

    def __init__(
        self,
        client: RecordingsClient,
        queue: DownloadQueue,
        folder: Callable[[], Path],
        parent: QObject | None = None,
        *,
        attempts: int = 3,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._queue = queue
        self._folder = folder
        self._attempts = attempts
        self.jobs: dict[str, DownloadJob] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._save_lock = asyncio.Lock()

    # ---- queue ---------------------------------------------------------------------------

    async def restore(self) -> list[DownloadJob]:
        """Load the unfinished jobs of an earlier run; they wait, paused, for :meth:`resume`."""
        loaded = await asyncio.to_thread(self._queue.load)
        for job in loaded:
            if job.job_id not in self.jobs:
                self.jobs[job.job_id] = job
                self.job_changed.emit(job.job_id)
        return loaded

    async def save(self) -> None:
        async with self._save_lock:
            snapshot = [DownloadJob(**job.to_json()) for job in self.jobs.values()]
            await asyncio.to_thread(self._queue.save, snapshot)

    # ---- commands ------------------------------------------------------------------------

    def route_for(self, ref: RecordingRef) -> Route:
        # The gateway route needs no AK/SK on the desktop (§5 recommendation), but only knows
        # the file names of this shift's events; history goes through CC-FS.
        if ref.from_event and ref.file_name and self._client.has_gateway:
            return "gateway"
        if self._client.has_ccfs:
            return "ccfs"
        return "gateway"

    def job_for(self, ref: RecordingRef) -> DownloadJob | None:
        """The unfinished job of this call, if one exists (to resume rather than start again)."""
        for job in self.jobs.values():
            if job.call_id == ref.call_id and job.file_name == ref.file_name and job.unfinished:
                return job
        return None

    async def start(self, ref: RecordingRef) -> DownloadJob:
        """Queue ``ref`` and start it; an unfinished job of the same call is resumed instead."""
        existing = self.job_for(ref)
        if existing is not None:
            self.resume(existing.job_id)
            return existing
        name = local_name(
            call_id=ref.call_id, agent_id=ref.agent_id, when=ref.when, server_name=ref.file_name
        )
        try:
            dest = destination(self._folder(), name)
        except UnsafeNameError as exc:
            raise CecError(
                "The recording cannot be saved under this name.", server_text=str(exc)
            ) from None
        job = DownloadJob(
            job_id=uuid.uuid4().hex,
            route=self.route_for(ref),
            dest=str(dest),
            call_id=ref.call_id,
            file_name=ref.file_name,
            agent_id=ref.agent_id,
            location_id=ref.location_id,
            title=ref.title or ref.call_id,
        )
        self.jobs[job.job_id] = job
        await self.save()
        self.job_changed.emit(job.job_id)
        self.resume(job.job_id)
        return job

    def resume(self, job_id: str) -> None:
        """Start (or restart, from the bytes on disk) a job that is not running."""
        job = self.jobs[job_id]
        if job_id in self._tasks or job.status == "done":
            return
        job.status = "running"
        job.error = ""
        self.job_changed.emit(job_id)
        task = asyncio.get_running_loop().create_task(self._run(job))
        self._tasks[job_id] = task
        task.add_done_callback(functools.partial(self._task_done, job_id))

    def _task_done(self, job_id: str, _task: asyncio.Task[None]) -> None:
        self._tasks.pop(job_id, None)

    def cancel(self, job_id: str) -> None:
        """Stop a running job; its ``.part`` file stays, so it can be resumed."""
        task = self._tasks.get(job_id)
        if task is not None:
            task.cancel()

    def forget(self, job_id: str) -> None:
        """Drop a job that is not running, and its partial file."""
        if job_id in self._tasks:
            raise RuntimeError("cancel the download first")
        job = self.jobs.pop(job_id)
        if job.unfinished:
            part_path(Path(job.dest)).unlink(missing_ok=True)
        self.job_changed.emit(job_id)

    async def wait(self, job_id: str) -> DownloadJob:
        """The job once its current run has ended (for tests and scripted use)."""
        task = self._tasks.get(job_id)
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)
        return self.jobs[job_id]

    async def aclose(self) -> None:
        """Pause every running job and save the queue (at shutdown)."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await self.save()

    async def playable_wav(self, path: Path) -> Path:
        """A PCM WAV copy of a downloaded recording that any player can open."""
        target = Path(tempfile.gettempdir()) / "agentbar-play" / (path.stem + ".wav")
        return await asyncio.to_thread(to_wav, path, target)

    # ---- running -------------------------------------------------------------------------

    def _request(self, job: DownloadJob) -> DownloadRequest:
        if job.route == "gateway":
            return self._client.via_gateway(job.file_name, location_id=job.location_id)
        if job.route == "ccfs-file":
            return self._client.via_ccfs_file(job.file_name)
        if job.route == "ivr":
            return self._client.ivr_file(job.file_name, directory=job.ivr_directory)
        return self._client.via_ccfs(
            call_id=job.call_id, file_name="" if job.call_id else job.file_name
        )

    async def _run(self, job: DownloadJob) -> None:
        state = ResumeState(job.etag, job.total)
        saved_validator = False

        def on_progress(p: DownloadProgress) -> None:
            nonlocal saved_validator
            job.received, job.total, job.etag = p.received, p.total, state.etag
            self.progress.emit(job.job_id, p.received, -1 if p.total is None else p.total, p.rate)
            if not saved_validator:
                # Persist the ETag as soon as it is known, so a crash can still resume safely.
                saved_validator = True
                asyncio.get_running_loop().create_task(self.save())

        try:
            result = await self._client.download(
                self._request(job),
                Path(job.dest),
                progress=on_progress,
                state=state,
                attempts=self._attempts,
            )
        except asyncio.CancelledError:
            job.status = "paused"
            job.etag, job.total = state.etag, state.total
            await asyncio.shield(self.save())
            self.job_changed.emit(job.job_id)
            raise
        except CecError as exc:
            job.status = "failed"
            job.error = exc.message
            job.etag, job.total = state.etag, state.total
            log.info("download of %s failed: %s", job.call_id, exc)
            await self.save()
            self.job_changed.emit(job.job_id)
            self.failed.emit(job.job_id, exc.message)
            return
        job.status = "done"
        job.saved_as = str(result.path)
        job.received = result.size
        await self.save()
        self.job_changed.emit(job.job_id)
        self.finished.emit(job.job_id, str(result.path))
