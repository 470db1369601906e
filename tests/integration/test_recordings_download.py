"""Recording downloads against the simulator over loopback: every route, resume, errors."""

from __future__ import annotations

import asyncio
import hashlib
import io
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agentbar.cec import AsyncClient
from agentbar.cec.errors import AuthError, ServiceError, TransportError
from agentbar.cec.recordings import (
    DownloadProgress,
    RecordingsClient,
    ResumeState,
    part_path,
)
from agentbar.cec.signing import AuthV2
from agentbar.sim.audio import AlawAudio, audio_for_seconds
from agentbar.sim.server import SimServer

AK = "demo-ak"
SK = "demo-sk-0123456789abcdef"
ONE_FILE_CALL = "1704191400-1001"
ONE_FILE = "Y:/1/0/20240102/101/1030001.V3"
TWO_FILE_CALL = "1704193200-1002"
IVR_FILE = "Y:/voice/1/IVRrecordFile/20240102103000.wav"


@pytest.fixture
def sim(loop_sim: SimServer) -> SimServer:
    return loop_sim


def recordings(http: AsyncClient, sim: SimServer, **auth: Any) -> RecordingsClient:
    signer = AuthV2(auth.get("ak", AK), auth.get("sk", SK), **auth.get("extra", {}))
    return RecordingsClient(http, ccfs_url=sim.url, ccfs_auth=signer)


async def control(http: AsyncClient, sim: SimServer, path: str, **body: Any) -> Any:
    response = await http.post(f"{sim.url}/sim/{path}", json=body)
    response.raise_for_status()
    return response.json()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_of(file_name: str, seconds: float) -> bytes:
    return audio_for_seconds(file_name, seconds).read()


async def test_downloadrecord_by_call_id_saves_the_single_file(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    dest = tmp_path / "call.V3"
    result = await recordings(http, sim).download(
        recordings(http, sim).via_ccfs(call_id=ONE_FILE_CALL), dest
    )
    assert result.path == dest
    assert sha(dest.read_bytes()) == sha(source_of(ONE_FILE, 185))
    assert dest.stat().st_size == 185 * 8000
    assert not part_path(dest).exists()


async def test_call_with_two_files_arrives_as_a_zip(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    client = recordings(http, sim)
    result = await client.download(client.via_ccfs(call_id=TWO_FILE_CALL), tmp_path / "c.V3")
    assert result.path == tmp_path / "c.zip"
    with zipfile.ZipFile(io.BytesIO(result.path.read_bytes())) as archive:
        assert archive.namelist() == ["1100001.V3", "1100002.V3"]
        first = archive.read("1100001.V3")
    assert sha(first) == sha(source_of("Y:/1/0/20240102/101/1100001.V3", 42))


async def test_downloadrecordfile_by_file_name(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    client = recordings(http, sim)
    dest = tmp_path / "f.V3"
    await client.download(client.via_ccfs_file(ONE_FILE), dest)
    assert sha(dest.read_bytes()) == sha(source_of(ONE_FILE, 185))


async def test_downloadrecord_by_file_name_accepts_lower_case_drive(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    client = recordings(http, sim)
    dest = tmp_path / "f.V3"
    await client.download(client.via_ccfs(file_name=ONE_FILE.lower().replace("v3", "V3")), dest)
    assert dest.stat().st_size == 185 * 8000


@pytest.mark.parametrize("directory", [False, True])
async def test_ivr_file_by_full_path_or_directory_mode(
    http: AsyncClient, sim: SimServer, tmp_path: Path, directory: bool
) -> None:
    client = recordings(http, sim)
    path = IVR_FILE.rsplit("/", 1)[0] if directory else IVR_FILE
    dest = tmp_path / "ivr.wav"
    await client.download(client.ivr_file(path, directory=directory), dest)
    data = dest.read_bytes()
    assert data[:4] == b"RIFF"
    assert data[8:12] == b"WAVE"
    assert sha(data) == sha(audio_for_seconds("ivr-demo", 12.0, wav=True).read())


async def test_download_cut_twenty_times_resumes_to_an_identical_file(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    added = await control(http, sim, "recordings", callId="9-1", agentId="101", bytes=3_000_000)
    await control(http, sim, "recordings/cut", after=120_000, times=20)
    client = recordings(http, sim)
    dest = tmp_path / "cut.V3"
    result = await client.download(
        client.via_ccfs(file_name=added["fileName"]), dest, attempts=25, retry_delay=0.0
    )
    assert result.attempts == 21
    assert result.resumed
    assert sha(dest.read_bytes()) == sha(AlawAudio(added["fileName"], 3_000_000).read())


@pytest.mark.parametrize("write_size", [4099, 300_000])
async def test_pieces_that_straddle_the_write_buffers_arrive_in_order(
    http: AsyncClient,
    sim: SimServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    write_size: int,
) -> None:
    from agentbar.cec import recordings as module

    # Buffers that the socket's pieces never fit exactly: every piece is split across a swap.
    monkeypatch.setattr(module, "WRITE_SIZE", write_size)
    added = await control(http, sim, "recordings", callId="9-2", agentId="101", bytes=1_234_567)
    await control(http, sim, "recordings/cut", after=500_001, times=2)
    client = recordings(http, sim)
    dest = tmp_path / "straddle.V3"
    result = await client.download(
        client.via_ccfs(file_name=added["fileName"]), dest, attempts=4, retry_delay=0.0
    )
    assert result.attempts == 3
    assert sha(dest.read_bytes()) == sha(AlawAudio(added["fileName"], 1_234_567).read())


async def test_failed_download_leaves_only_the_part_file(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    await control(http, sim, "recordings/cut", after=500_000, times=1)
    client = recordings(http, sim)
    dest = tmp_path / "x.V3"
    with pytest.raises(TransportError, match="resumed"):
        await client.download(client.via_ccfs(call_id=ONE_FILE_CALL), dest, attempts=1)
    assert not dest.exists()
    assert part_path(dest).stat().st_size == 500_000
    # A later call (after a restart, with the saved ETag or without) finishes it.
    result = await client.download(client.via_ccfs(call_id=ONE_FILE_CALL), dest)
    assert result.resumed
    assert sha(dest.read_bytes()) == sha(source_of(ONE_FILE, 185))


async def test_stale_part_of_another_version_is_replaced_not_stitched(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    dest = tmp_path / "x.V3"
    part_path(dest).write_bytes(b"\x00" * 1000)
    client = recordings(http, sim)
    result = await client.download(
        client.via_ccfs(call_id=ONE_FILE_CALL), dest, state=ResumeState(etag='"old"')
    )
    assert not result.resumed
    assert sha(dest.read_bytes()) == sha(source_of(ONE_FILE, 185))


async def test_existing_file_is_never_overwritten(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    dest = tmp_path / "call.V3"
    dest.write_bytes(b"mine")
    client = recordings(http, sim)
    result = await client.download(client.via_ccfs(call_id=ONE_FILE_CALL), dest)
    assert result.path == tmp_path / "call (2).V3"
    assert dest.read_bytes() == b"mine"


async def test_progress_reports_bytes_total_and_rate_without_flooding(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    seen: list[DownloadProgress] = []
    client = recordings(http, sim)
    await client.download(
        client.via_ccfs(call_id=ONE_FILE_CALL), tmp_path / "p.V3", progress=seen.append
    )
    assert seen[-1].received == seen[-1].total == 185 * 8000
    assert seen[-1].fraction == 1.0
    assert all(p.rate > 0 for p in seen)
    assert [p.received for p in seen] == sorted(p.received for p in seen)
    assert len(seen) < 200


async def test_cancelled_download_keeps_the_part_and_resumes(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    added = await control(http, sim, "recordings", callId="9-2", agentId="101", bytes=8_000_000)
    client = recordings(http, sim)
    request = client.via_ccfs(file_name=added["fileName"])
    dest = tmp_path / "big.V3"
    tasks: list[asyncio.Task[Any]] = []

    def progress(p: DownloadProgress) -> None:
        # Cancel from inside the download, as the Cancel button's slot does, at the first report.
        tasks[0].cancel()

    tasks.append(asyncio.create_task(client.download(request, dest, progress=progress)))
    with pytest.raises(asyncio.CancelledError):
        await tasks[0]
    assert not dest.exists()
    kept = part_path(dest).stat().st_size
    assert 0 < kept < 8_000_000
    result = await client.download(request, dest)
    assert result.resumed
    assert sha(dest.read_bytes()) == sha(AlawAudio(added["fileName"], 8_000_000).read())


@pytest.mark.parametrize(
    ("kwargs", "code", "message"),
    [
        ({"file_name": "Y:/1/0/20240102/101/9999999.V3"}, "0300011", "does not exist"),
        ({"call_id": "0000000000-0"}, "0300012", "No recording was found"),
        ({"file_name": "Y:/1/0/20241399/101/1030001.V3"}, "0300010", "date in the recording"),
        ({"call_id": "x" * 26}, "0300003", "too long"),
    ],
)
async def test_ccfs_error_bodies_become_clear_errors(
    http: AsyncClient,
    sim: SimServer,
    tmp_path: Path,
    kwargs: dict[str, str],
    code: str,
    message: str,
) -> None:
    client = recordings(http, sim)
    dest = tmp_path / "e.V3"
    with pytest.raises(ServiceError, match=message) as caught:
        await client.download(client.via_ccfs(**kwargs), dest)
    assert caught.value.code == code
    assert not dest.exists()
    assert not part_path(dest).exists()


async def test_wrong_secret_key_is_refused_with_http_401(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    client = recordings(http, sim, sk="wrong-secret")
    with pytest.raises(AuthError, match="AK/SK") as caught:
        await client.download(client.via_ccfs(call_id=ONE_FILE_CALL), tmp_path / "e.V3")
    assert caught.value.code == "HTTP 401"
    assert "wrong-secret" not in str(caught.value)


async def test_clock_twenty_minutes_off_is_refused(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    def late() -> datetime:
        return datetime.now(UTC) - timedelta(minutes=20)

    client = recordings(http, sim, extra={"clock": late})
    with pytest.raises(AuthError):
        await client.download(client.via_ccfs(call_id=ONE_FILE_CALL), tmp_path / "e.V3")


async def test_disk_full_is_a_clear_error_and_keeps_the_part(
    http: AsyncClient, sim: SimServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from agentbar.cec import recordings as module

    real_write = module._PartWriter._write
    calls: list[int] = []

    def full_after_one(self: Any, piece: memoryview) -> None:
        calls.append(len(piece))
        if len(calls) > 1:
            raise module._disk_error(OSError(errno.ENOSPC, "No space left on device"), "x")
        real_write(self, piece)

    monkeypatch.setattr(module._PartWriter, "_write", full_after_one)
    # Several pieces in this 1.5 MB recording, so the disk can fill after the first.
    monkeypatch.setattr(module, "WRITE_SIZE", 256 * 1024)
    client = recordings(http, sim)
    dest = tmp_path / "full.V3"
    with pytest.raises(module.DiskFullError, match="disk is full"):
        await client.download(client.via_ccfs(call_id=ONE_FILE_CALL), dest)
    assert not dest.exists()
    assert part_path(dest).stat().st_size == calls[0]
    monkeypatch.setattr(module._PartWriter, "_write", real_write)
    result = await client.download(client.via_ccfs(call_id=ONE_FILE_CALL), dest)
    assert result.resumed
    assert sha(dest.read_bytes()) == sha(source_of(ONE_FILE, 185))


async def test_secret_key_is_read_lazily_once_and_a_missing_one_is_clear(
    http: AsyncClient, sim: SimServer, tmp_path: Path
) -> None:
    reads: list[int] = []

    async def from_keyring() -> str:
        reads.append(1)
        return SK

    client = RecordingsClient(http, ccfs_url=sim.url, ccfs_auth=AuthV2(AK, from_keyring))
    assert reads == []
    await client.download(client.via_ccfs(call_id=ONE_FILE_CALL), tmp_path / "a.V3")
    await client.download(client.via_ccfs(call_id=ONE_FILE_CALL), tmp_path / "b.V3")
    assert reads == [1]

    missing = RecordingsClient(http, ccfs_url=sim.url, ccfs_auth=AuthV2(AK, lambda: None))
    with pytest.raises(AuthError, match="secret key"):
        await missing.download(missing.via_ccfs(call_id=ONE_FILE_CALL), tmp_path / "c.V3")


def test_a_short_write_is_completed_in_order(tmp_path: Path) -> None:
    from agentbar.cec import recordings as module

    class Trickle:
        """A file whose every write takes at most 1,000 bytes, as the kernel may do."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle
            self.calls = 0

        def write(self, data: memoryview) -> int:
            self.calls += 1
            return int(self.handle.write(data[:1000]))

    piece = bytes(range(256)) * 40  # 10,240 bytes
    path = tmp_path / "piece.part"
    with path.open("wb", buffering=0) as handle:
        trickle = Trickle(handle)
        module._write_all(trickle, memoryview(piece))  # type: ignore[arg-type]
        module._write_all(trickle, memoryview(b"end"))  # type: ignore[arg-type]
    assert trickle.calls == 12
    assert path.read_bytes() == piece + b"end"
