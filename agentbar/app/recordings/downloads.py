"""Recording downloads as an application service: a queue of jobs with Qt signals for the UI.

:class:`Downloads` turns "download this call's recording" into a :class:`DownloadJob`, picks the
route (CC-Gateway ``recordfile`` for a recording announced in this shift, else CC-FS), names the
file from the call, runs it as a task (cancel = cancel the task), and keeps the unfinished jobs in
a :class:`DownloadQueue` so they can be resumed after a failure or a restart.

A download folder that cannot be used (a file in its path, no permission, a full disk) fails the
job with a :class:`~agentbar.app.recordings.recording_folder.FolderProblem` the window puts into
words; the partial file stays for a resume. Jobs follow the folder setting: one that has written
nothing takes the new folder at once (:meth:`Downloads.follow_folder`, and at
:meth:`Downloads.restore`); one with a partial file takes it along when it next runs (see
``_placed``).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from agentbar.app.recordings.alaw import to_wav
from agentbar.app.recordings.download_queue import DownloadJob, DownloadQueue, Route
from agentbar.app.recordings.recording_folder import (
    FolderError,
    FolderProblem,
    check_folder,
    prepare_folder,
    problem_of,
)
from agentbar.app.recordings.recording_names import UnsafeNameError, destination, local_name
from agentbar.cec import (
    CecError,
    DestinationError,
    DiskFullError,
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
        """Load the unfinished jobs of an earlier run; they wait, paused, for :meth:`resume`.

        Those that had written nothing take the download folder set now (it may have changed
        since they were queued).
        """
        loaded = await asyncio.to_thread(self._queue.load)
        for job in loaded:
            if job.job_id not in self.jobs:
                self.jobs[job.job_id] = job
                self.job_changed.emit(job.job_id)
        await self._retarget_unstarted()
        return loaded

    async def follow_folder(self) -> None:
        """Apply a new download folder setting to the jobs that are not running.

        Jobs that have written nothing point at the new folder from now on (and in the saved
        queue). Jobs that failed because of their folder are retried at once in the new one.
        """
        await self._retarget_unstarted()
        # Problems name the folder resolved (as destinations are): compare like with like.
        folder = await asyncio.to_thread(self._folder().resolve)
        for job in list(self.jobs.values()):
            problem = job.folder_problem
            if job.status != "failed" or problem is None or job.job_id in self._tasks:
                continue
            # GUESS: the agent changed the folder because the Recordings tab said this one could
            # not be used, so the download goes on without a second click. A job that failed for
            # another reason (the network, the server) waits for Resume as before.
            if Path(problem.folder) != folder:
                self.resume(job.job_id)

    async def _retarget_unstarted(self) -> None:
        idle = {
            job.job_id: job.dest
            for job in self.jobs.values()
            if job.unfinished and job.job_id not in self._tasks
        }
        if not idle:
            return
        moved = await asyncio.to_thread(_unstarted_in, idle, self._folder())
        for job_id, dest in moved.items():
            job = self.jobs.get(job_id)
            if job is not None and job_id not in self._tasks:
                job.dest = dest
                self.job_changed.emit(job_id)
        if moved:
            await self.save()

    async def save(self) -> None:
        async with self._save_lock:
            snapshot = [DownloadJob(**job.to_json()) for job in self.jobs.values()]
            try:
                await asyncio.to_thread(self._queue.save, snapshot)
            except OSError as exc:
                # A full or read-only data folder must not stop the downloads themselves: the
                # jobs stay in memory, and the next save writes them all.
                log.warning("cannot save the download queue %s: %s", self._queue.path, exc)

    # ---- commands ------------------------------------------------------------------------

    def route_for(self, ref: RecordingRef) -> Route:
        # The gateway route needs no AK/SK on the desktop, but only knows
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
        try:
            await self._download(job)
        except asyncio.CancelledError:
            job.status = "paused"
            await asyncio.shield(self.save())
            self.job_changed.emit(job.job_id)
            raise
        finally:
            if job.status == "running":
                # Only a fault of agentbar's own ends up here; even then the row must not say
                # "Downloading" until the next start.
                job.status = "failed"
                job.error = "The download stopped unexpectedly. It can be resumed."
                self.job_changed.emit(job.job_id)

    async def _download(self, job: DownloadJob) -> None:
        folder = self._folder()
        try:
            dest = await asyncio.to_thread(_placed, Path(job.dest), folder)
        except FolderError as exc:
            await self._fail(job, str(exc.problem), exc.problem)
            return
        job.dest = str(dest)
        job.set_folder_problem(None)
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
                dest,
                progress=on_progress,
                state=state,
                attempts=self._attempts,
            )
        except asyncio.CancelledError:
            job.etag, job.total = state.etag, state.total
            raise
        except (CecError, OSError) as exc:
            job.etag, job.total = state.etag, state.total
            problem = None
            if isinstance(exc, (OSError, DestinationError, DiskFullError)):
                problem = await asyncio.to_thread(_disk_problem, dest.parent, exc)
            message = exc.message if isinstance(exc, CecError) else str(exc)
            await self._fail(job, str(problem) if problem is not None else message, problem)
            return
        job.status = "done"
        job.saved_as = str(result.path)
        job.received = result.size
        await self.save()
        self.job_changed.emit(job.job_id)
        self.finished.emit(job.job_id, str(result.path))

    async def _fail(self, job: DownloadJob, message: str, problem: FolderProblem | None) -> None:
        job.status = "failed"
        job.error = message
        job.set_folder_problem(problem)
        log.info("download of %s failed: %s", job.call_id, message)
        await self.save()
        self.job_changed.emit(job.job_id)
        self.failed.emit(job.job_id, message)


def _unstarted_in(dests: dict[str, str], folder: Path) -> dict[str, str]:
    """The new destination in ``folder`` of each job (id: destination) that has written nothing
    and points elsewhere."""
    moved: dict[str, str] = {}
    for job_id, dest in dests.items():
        old = Path(dest)
        if part_path(old).exists():
            continue
        new = _in_folder(old, folder)
        if new != old:
            moved[job_id] = str(new)
    return moved


def _in_folder(dest: Path, folder: Path) -> Path:
    try:
        return destination(folder, dest.name)
    except UnsafeNameError:  # the name was checked when the job was made; keep it as it was
        return dest


def _placed(dest: Path, folder: Path) -> Path:
    """Where a job with destination ``dest`` is written now that the folder setting is
    ``folder``; the folder is created if needed and proven writable (else FolderError).

    GUESS: no document says; a job follows the folder setting even with a partial file written
    in the old folder: the file moves along (a rename on the same disk, a copy to another),
    so the agent finds every recording where they chose, and a full or broken old folder no
    longer holds the job. If the partial file cannot be moved, the download starts over in the
    new folder and the old partial file is left where it is, not deleted.
    """
    new = _in_folder(dest, folder)
    prepare_folder(new.parent)
    if new != dest:
        _move_partial(part_path(dest), part_path(new))
    return new


def _move_partial(old: Path, new: Path) -> None:
    if not old.exists() or new.exists():
        return
    try:
        try:
            os.replace(old, new)
        except OSError:  # another disk: copy, then remove the old one
            shutil.copyfile(old, new)
            old.unlink()
    except OSError as exc:
        log.warning("cannot move the partial download %s to %s: %s", old, new, exc)
        new.unlink(missing_ok=True)


def _disk_problem(folder: Path, exc: Exception) -> FolderProblem | None:
    """What is wrong with ``folder`` after ``exc`` while writing a recording in it; None when
    the failure was not the folder's (a file name, a service that is not configured)."""
    found = check_folder(folder).problem
    if found is not None:
        return found
    if isinstance(exc, DiskFullError):
        return FolderProblem(str(folder), "full")
    if isinstance(exc, OSError):
        return problem_of(folder, exc)
    if isinstance(exc, DestinationError) and exc.server_text:
        # Written by the download's disk-error path with the system's reason.
        return FolderProblem(str(folder), "unusable", exc.server_text)
    return None
