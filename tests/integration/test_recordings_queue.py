"""The Downloads service against the simulator: routes, signals, failure, restart and resume."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from agentbar.app.recordings.download_queue import DownloadQueue
from agentbar.app.recordings.downloads import Downloads, RecordingRef
from agentbar.cec import AsyncClient
from agentbar.cec.recordings import RecordingsClient, part_path
from agentbar.cec.signing import AuthV2
from agentbar.sim.audio import AlawAudio
from agentbar.sim.server import SimServer

ONE_FILE_CALL = "1704191400-1001"
ONE_FILE = "Y:/1/0/20240102/101/1030001.V3"


@pytest.fixture
def sim(loop_sim: SimServer) -> SimServer:
    return loop_sim


def downloads(http: AsyncClient, sim: SimServer, tmp_path: Path, attempts: int = 1) -> Downloads:
    client = RecordingsClient(
        http, ccfs_url=sim.url, ccfs_auth=AuthV2("demo-ak", "demo-sk-0123456789abcdef")
    )
    queue = DownloadQueue(tmp_path / "data" / "downloads.json")
    return Downloads(client, queue, lambda: tmp_path / "rec", attempts=attempts)


def ref(call_id: str = ONE_FILE_CALL, **kwargs: Any) -> RecordingRef:
    return RecordingRef(
        call_id=call_id,
        file_name=kwargs.get("file_name", ONE_FILE),
        agent_id="101",
        when=datetime(2024, 1, 2, 10, 30, tzinfo=UTC),
    )


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


async def test_download_lands_under_a_name_made_from_the_call(
    qapp: Any, http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    service = downloads(http, sim, tmp_path)
    finished: list[tuple[str, str]] = []
    progress: list[tuple[str, int, int, float]] = []
    service.finished.connect(lambda j, p: finished.append((j, p)))
    service.progress.connect(lambda *a: progress.append(a))
    job = await service.start(ref())
    done = await service.wait(job.job_id)
    expected = tmp_path / "rec" / "20240102_103000_1704191400-1001_agent101.V3"
    assert done.status == "done"
    assert finished == [(job.job_id, str(expected))]
    assert sha(expected.read_bytes()) == sha(AlawAudio(ONE_FILE, 185 * 8000).read())
    assert progress[-1][1:3] == (185 * 8000, 185 * 8000)
    # Finished jobs are not kept in the persisted queue.
    saved = json.loads((tmp_path / "data" / "downloads.json").read_text())
    assert saved["jobs"] == []


async def test_failed_download_survives_a_restart_and_resumes(
    qapp: Any, http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    await http.post(f"{sim.url}/sim/recordings/cut", json={"after": 300_000, "times": 1})
    first = downloads(http, sim, tmp_path)
    failures: list[str] = []
    first.failed.connect(lambda _j, message: failures.append(message))
    job = await first.start(ref())
    failed = await first.wait(job.job_id)
    assert failed.status == "failed"
    assert failures == ["The connection was lost during the download. It can be resumed."]
    dest = tmp_path / "rec" / failed.dest.rsplit("/", 1)[-1]
    assert not dest.exists()
    assert part_path(dest).stat().st_size == 300_000

    # A new run of the program: same queue file, new service.
    second = downloads(http, sim, tmp_path)
    restored = await second.restore()
    assert [j.job_id for j in restored] == [job.job_id]
    assert restored[0].etag
    second.resume(job.job_id)
    done = await second.wait(job.job_id)
    assert done.status == "done"
    assert sha(dest.read_bytes()) == sha(AlawAudio(ONE_FILE, 185 * 8000).read())


async def test_cancelled_job_is_paused_and_persisted(
    qapp: Any, http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    added = (
        await http.post(
            f"{sim.url}/sim/recordings",
            json={"callId": "9-9", "agentId": "101", "bytes": 6_000_000},
        )
    ).json()
    service = downloads(http, sim, tmp_path)
    job_ids: list[str] = []
    service.progress.connect(lambda j, *_: service.cancel(j) or job_ids.append(j))
    job = await service.start(ref("9-9", file_name=added["fileName"]))
    paused = await service.wait(job.job_id)
    assert paused.status == "paused"
    saved = DownloadQueue(tmp_path / "data" / "downloads.json").load()
    assert [j.job_id for j in saved] == [job.job_id]
    assert saved[0].status == "paused"
    # Starting the same call again resumes the paused job instead of a second download.
    again = await service.start(ref("9-9", file_name=added["fileName"]))
    assert again.job_id == job.job_id


async def test_playable_wav_is_pcm(
    qapp: Any, http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    service = downloads(http, sim, tmp_path)
    job = await service.start(ref())
    done = await service.wait(job.job_id)
    wav = await service.playable_wav(Path(done.saved_as))
    data = wav.read_bytes()
    assert data[:4] == b"RIFF"
    assert data[20:22] == b"\x01\x00"  # format tag 1: PCM
    assert len(data) == 44 + 2 * 185 * 8000


def test_damaged_queue_file_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "downloads.json"
    path.write_text("{not json")
    assert DownloadQueue(path).load() == []
    path.write_text(
        json.dumps(
            {
                "jobs": [
                    {"job_id": "x"},
                    "junk",
                    {
                        "job_id": "y",
                        "dest": "d",
                        "route": "ccfs",
                        "status": "running",
                        "new_field": 1,
                    },
                ]
            }
        )
    )
    jobs = DownloadQueue(path).load()
    assert [(j.job_id, j.status) for j in jobs] == [("y", "paused")]
