"""The simulator's generated recordings: stable bytes, any range on its own, served in runs."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from agentbar.sim.audio import BLOCK, RUN_BLOCKS, WAV_HEADER_SIZE, AlawAudio
from agentbar.sim.audio_stream import WRITE_SIZE, _pieces

V3 = AlawAudio("Y:/1/0/20240102/101/1030001.V3", 185 * 8000)
WAV = AlawAudio("Y:/voice/1/IVRrecordFile/20240102103000.wav", 40058, wav=True)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_bytes_of_a_recording_never_change() -> None:
    # The ETag depends only on the name and size: a client resuming with If-Range stitches old
    # and new bytes together, so the same recording must always be the same bytes.
    assert sha(V3.read()) == "f452f028eec62c3f90437a4fe2a8a61a429049b18cce3613e3160ef15ab498aa"
    assert sha(WAV.read()) == "9be1b8d171edf67b8a40f8826517808aad77f8c7b4907dac6d929d642b59b8ce"
    assert WAV.read()[:4] == b"RIFF"
    assert len(V3.read()) == V3.size


@given(
    wav=st.booleans(),
    start=st.integers(0, 40057),
    length=st.integers(0, 40058),
)
def test_any_range_is_the_same_bytes_as_in_the_whole_file(
    wav: bool, start: int, length: int
) -> None:
    audio = WAV if wav else AlawAudio("Y:/1/0/20240102/101/short.V3", 40058)
    end = min(start + length, audio.size)
    assert audio.read(start, end) == audio.read()[start:end]


def test_whole_blocks_come_in_runs_that_the_server_sends_as_they_are() -> None:
    audio = AlawAudio("seed", 3 * RUN_BLOCKS * BLOCK + 100)
    runs = list(audio.chunks())
    assert [len(run) for run in runs] == [RUN_BLOCKS * BLOCK] * 3 + [100]
    assert RUN_BLOCKS * BLOCK >= WRITE_SIZE
    # A run is at least one server write, so _pieces hands it on without joining it again.
    first = next(_pieces(audio, 0, audio.size))
    assert len(first) == RUN_BLOCKS * BLOCK
    assert b"".join(_pieces(audio, 0, audio.size)) == audio.read()


def test_a_wav_range_inside_the_header_is_the_header() -> None:
    assert WAV.read(4, 12) == WAV.read()[4:12]
    assert len(WAV.read(0, WAV_HEADER_SIZE)) == WAV_HEADER_SIZE
