"""Downloads into a folder that cannot be used, and a changed folder setting, against the simulator.

A folder below a regular file, a folder that may not be written, a full disk (``ENOSPC`` injected at
the write), missing parents: each ends the job as "failed" with a :class:`FolderProblem` — never an
exception out of the task, never a job left "running" — keeps the partial file, and the job
finishes once the folder is fixed or changed. Changing the folder moves the jobs that have not
started writing, in memory and in the saved queue.
"""

from __future__ import annotations

import errno
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agentbar.app.recordings import recording_folder
from agentbar.app.recordings.download_queue import DownloadJob, DownloadQueue
from agentbar.app.recordings.downloads import Downloads, RecordingRef
from agentbar.app.recordings.recording_folder import FolderProblem
from agentbar.cec import AsyncClient
from agentbar.cec import recordings as cec_recordings
from agentbar.cec.recordings import DownloadResult, RecordingsClient, part_path
from agentbar.cec.signing import AuthV2
from agentbar.sim.audio import AlawAudio
from agentbar.sim.server import SimServer
from tests.disk_full import FullDisk

ONE_FILE_CALL = "1704191400-1001"
ONE_FILE = "Y:/1/0/20240102/101/1030001.V3"
NAME = "20240102_103000_1704191400-1001_agent101.V3"
EXPECTED = hashlib.sha256(AlawAudio(ONE_FILE, 185 * 8000).read()).hexdigest()


@pytest.fixture
def sim(loop_sim: SimServer) -> SimServer:
    return loop_sim


@dataclass
class Setting:
    """The download folder setting, as Settings would change it."""

    folder: Path

    def __call__(self) -> Path:
        return self.folder


def service(http: AsyncClient, sim: SimServer, tmp_path: Path, setting: Setting) -> Downloads:
    client = RecordingsClient(
        http, ccfs_url=sim.url, ccfs_auth=AuthV2("demo-ak", "demo-sk-0123456789abcdef")
    )
    return Downloads(
        client, DownloadQueue(tmp_path / "data" / "downloads.json"), setting, attempts=1
    )


def ref() -> RecordingRef:
    return RecordingRef(
        call_id=ONE_FILE_CALL,
        file_name=ONE_FILE,
        agent_id="101",
        when=datetime(2024, 1, 2, 10, 30, tzinfo=UTC),
    )


def saved_jobs(tmp_path: Path) -> list[dict[str, Any]]:
    data = json.loads((tmp_path / "data" / "downloads.json").read_text("utf-8"))
    return list(data["jobs"])


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


async def test_folder_below_a_file_fails_the_job_clearly_and_a_new_folder_finishes_it(
    qapp: Any, http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    (tmp_path / "notes.txt").write_text("not a folder")
    setting = Setting(tmp_path / "notes.txt" / "rec")
    downloads = service(http, sim, tmp_path, setting)
    failures: list[str] = []
    downloads.failed.connect(lambda _job, message: failures.append(message))

    job = await downloads.start(ref())
    failed = await downloads.wait(job.job_id)

    assert failed.status == "failed"
    assert failed.folder_problem == FolderProblem(
        str(tmp_path / "notes.txt" / "rec"), "not-a-folder", str(tmp_path / "notes.txt")
    )
    assert failures == [str(failed.folder_problem)]
    assert saved_jobs(tmp_path)[0]["folder_issue"] == "not-a-folder"

    # Settings → another folder: the job that failed because of its folder goes on by itself.
    setting.folder = tmp_path / "good" / "rec"
    await downloads.follow_folder()
    done = await downloads.wait(job.job_id)
    assert done.status == "done"
    assert done.folder_problem is None
    assert Path(done.saved_as) == (tmp_path / "good" / "rec" / NAME).resolve()
    assert sha(Path(done.saved_as)) == EXPECTED


async def test_missing_parents_of_the_folder_are_created(
    qapp: Any, http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    downloads = service(http, sim, tmp_path, Setting(tmp_path / "a" / "b" / "c"))
    job = await downloads.start(ref())
    done = await downloads.wait(job.job_id)
    assert done.status == "done"
    assert sha(tmp_path / "a" / "b" / "c" / NAME) == EXPECTED


async def test_folder_that_may_not_be_written_fails_clearly_and_resume_finishes_once_fixed(
    qapp: Any,
    http: AsyncClient,
    sim: SimServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "rec").mkdir()

    def read_only(folder: Path) -> None:
        # The tests may run as root, whom permission bits do not stop: refuse as the system would.
        raise PermissionError(errno.EACCES, "Permission denied", str(folder))

    monkeypatch.setattr(recording_folder, "probe", read_only)
    downloads = service(http, sim, tmp_path, Setting(tmp_path / "rec"))
    job = await downloads.start(ref())
    failed = await downloads.wait(job.job_id)
    assert failed.status == "failed"
    assert failed.folder_problem == FolderProblem(str((tmp_path / "rec").resolve()), "not-writable")

    monkeypatch.undo()
    await resumed_to_the_end(downloads, job.job_id)


async def test_full_disk_keeps_the_partial_file_and_resume_completes_it(
    qapp: Any,
    http: AsyncClient,
    sim: SimServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    disk = FullDisk(monkeypatch)
    downloads = service(http, sim, tmp_path, Setting(tmp_path / "rec"))
    job = await downloads.start(ref())
    failed = await downloads.wait(job.job_id)

    folder = str((tmp_path / "rec").resolve())
    assert failed.status == "failed"
    assert failed.folder_problem == FolderProblem(folder, "full")
    assert part_path(Path(failed.dest)).stat().st_size == disk.written[0]
    assert failed.etag  # kept, so the resume asks for the rest of the same file

    disk.free_space()
    await resumed_to_the_end(downloads, job.job_id)


async def test_an_unwrapped_disk_error_fails_the_job_instead_of_escaping(
    qapp: Any,
    http: AsyncClient,
    sim: SimServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(_part: Path, _final: Path) -> Path:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(cec_recordings, "_claim_final_name", refused)
    downloads = service(http, sim, tmp_path, Setting(tmp_path / "rec"))
    job = await downloads.start(ref())
    task = downloads._tasks[job.job_id]
    failed = await downloads.wait(job.job_id)
    assert task.exception() is None
    assert failed.status == "failed"
    assert failed.folder_problem is not None
    assert failed.folder_problem.issue == "not-writable"
    assert part_path(Path(failed.dest)).stat().st_size == 185 * 8000  # nothing lost


async def test_a_fault_inside_agentbar_still_leaves_no_row_downloading(
    qapp: Any,
    http: AsyncClient,
    sim: SimServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    downloads = service(http, sim, tmp_path, Setting(tmp_path / "rec"))

    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(downloads._client, "download", broken)
    job = await downloads.start(ref())
    failed = await downloads.wait(job.job_id)
    assert failed.status == "failed"
    assert "resumed" in failed.error


async def test_jobs_not_yet_written_follow_a_new_folder_and_the_saved_queue_too(
    qapp: Any, http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    old = tmp_path / "old"
    old.mkdir()
    queue = DownloadQueue(tmp_path / "data" / "downloads.json")
    queue.save(
        [
            # never started (paused before it wrote anything)
            DownloadJob("fresh", "ccfs", str(old / "a.V3"), call_id=ONE_FILE_CALL, status="paused"),
            # half written in the old folder
            DownloadJob("half", "ccfs", str(old / "b.V3"), call_id="2-2", status="paused"),
        ]
    )
    part_path(old / "b.V3").write_bytes(b"x" * 1000)
    setting = Setting(old)
    downloads = service(http, sim, tmp_path, setting)
    await downloads.restore()

    setting.folder = tmp_path / "new"
    await downloads.follow_folder()

    new = (tmp_path / "new").resolve()
    assert downloads.jobs["fresh"].dest == str(new / "a.V3")
    assert downloads.jobs["half"].dest == str(old / "b.V3")  # moves with its file when it runs
    assert {job["job_id"]: job["dest"] for job in saved_jobs(tmp_path)} == {
        "fresh": str(new / "a.V3"),
        "half": str(old / "b.V3"),
    }
    assert downloads.jobs["fresh"].status == "paused"  # a paused job stays paused


async def test_a_folder_changed_while_agentbar_was_closed_applies_at_restore(
    qapp: Any, http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    old = tmp_path / "old"
    DownloadQueue(tmp_path / "data" / "downloads.json").save(
        [DownloadJob("fresh", "ccfs", str(old / "a.V3"), call_id=ONE_FILE_CALL, status="failed")]
    )
    downloads = service(http, sim, tmp_path, Setting(tmp_path / "new"))
    await downloads.restore()
    moved = str((tmp_path / "new").resolve() / "a.V3")
    assert downloads.jobs["fresh"].dest == moved
    assert saved_jobs(tmp_path)[0]["dest"] == moved


async def test_a_partial_file_moves_to_the_new_folder_and_resumes_there(
    qapp: Any,
    http: AsyncClient,
    sim: SimServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await http.post(f"{sim.url}/sim/recordings/cut", json={"after": 300_000, "times": 1})
    setting = Setting(tmp_path / "old")
    downloads = service(http, sim, tmp_path, setting)
    job = await downloads.start(ref())
    cut = await downloads.wait(job.job_id)
    assert cut.status == "failed"
    old_part = part_path(Path(cut.dest))
    assert old_part.stat().st_size == 300_000

    results: list[DownloadResult] = []
    real_download = downloads._client.download

    async def watched(*args: Any, **kwargs: Any) -> DownloadResult:
        results.append(await real_download(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(downloads._client, "download", watched)
    setting.folder = tmp_path / "new"
    await downloads.follow_folder()
    assert downloads.jobs[job.job_id].status == "failed"  # the network failed it: waits for Resume
    downloads.resume(job.job_id)
    done = await downloads.wait(job.job_id)

    assert done.status == "done"
    assert Path(done.saved_as) == (tmp_path / "new").resolve() / NAME
    assert sha(Path(done.saved_as)) == EXPECTED
    assert not old_part.exists()
    assert results[0].resumed  # the 300,000 bytes were not fetched again


async def test_a_queue_file_that_cannot_be_saved_does_not_stop_the_download(
    qapp: Any, http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    (tmp_path / "data").write_text("a file where the data folder should be")
    downloads = service(http, sim, tmp_path, Setting(tmp_path / "rec"))
    job = await downloads.start(ref())
    task = downloads._tasks[job.job_id]
    done = await downloads.wait(job.job_id)
    assert task.exception() is None
    assert done.status == "done"
    assert sha(Path(done.saved_as)) == EXPECTED


async def resumed_to_the_end(downloads: Downloads, job_id: str) -> None:
    """Resume ``job_id`` and check that the whole recording, byte for byte, arrives."""
    downloads.resume(job_id)
    done = await downloads.wait(job_id)
    assert done.status == "done"
    assert sha(Path(done.saved_as)) == EXPECTED
