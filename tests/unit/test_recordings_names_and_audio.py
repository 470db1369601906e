"""Local names of recordings (never from server paths) and A-law → WAV conversion."""

from __future__ import annotations

import io
import wave
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agentbar.app.recordings.alaw import alaw_to_linear, decode, to_wav
from agentbar.app.recordings.recording_names import UnsafeNameError, destination, local_name
from agentbar.sim.audio import AlawAudio, alaw_encode


def test_local_name_comes_from_date_call_and_agent() -> None:
    name = local_name(
        call_id="1704191400-1001",
        agent_id="101",
        when=datetime(2024, 1, 2, 10, 30, tzinfo=UTC),
        server_name="Y:/1/0/20240102/101/1030001.V3",
    )
    assert name == "20240102_103000_1704191400-1001_agent101.V3"


def test_server_path_never_chooses_the_folder(tmp_path: Path) -> None:
    name = local_name(call_id="c1", server_name="Y:/1/11/20200830/3408/0949218.V3")
    assert "/" not in name
    assert "3408" not in name
    assert destination(tmp_path, name).parent == tmp_path.resolve()


@pytest.mark.parametrize(
    "call_id",
    ["../../etc/passwd", "..\\..\\Windows\\win.ini", "C:/x", "a/b", "\x00", "...", "CON"],
)
def test_hostile_call_ids_become_harmless_names(call_id: str, tmp_path: Path) -> None:
    name = local_name(call_id=call_id, agent_id="../101")
    path = destination(tmp_path, name)
    assert path.parent == tmp_path.resolve()
    assert ".." not in name


@pytest.mark.parametrize(
    "name",
    [
        "../x.V3",
        "..",
        "",
        "a/b.V3",
        "a\\b.V3",
        "Y:/1/11/20200830/3408/0949218.V3",
        "C:x.V3",
        "/etc/passwd",
        ".hidden",
        "nul.wav",
        "com1",
        "x\x00.V3",
        " x.V3",
    ],
)
def test_path_traversal_and_reserved_names_are_rejected(name: str, tmp_path: Path) -> None:
    with pytest.raises(UnsafeNameError):
        destination(tmp_path, name)


def test_reserved_windows_name_from_a_call_id_is_prefixed(tmp_path: Path) -> None:
    name = local_name(call_id="CON")
    assert name == "call_CON.V3"
    assert destination(tmp_path, name).name == name


def test_unknown_server_extension_becomes_v3() -> None:
    assert local_name(call_id="c", server_name="Y:/a/b.exe").endswith(".V3")
    assert local_name(call_id="c", server_name="Y:/voice/x.wav").endswith(".wav")


def test_decode_table_is_the_inverse_of_g711_encoding() -> None:
    # Every A-law code survives decode → encode (the sim's encoder is an independent reading).
    for code in range(256):
        assert alaw_encode(alaw_to_linear(code)) == code
    assert alaw_to_linear(0xD5) == 8
    assert alaw_to_linear(0x55) == -8
    assert alaw_to_linear(0xAA) == 32256
    assert alaw_to_linear(0x2A) == -32256


def test_decode_writes_little_endian_samples() -> None:
    assert decode(bytes([0xAA, 0x2A])) == (32256).to_bytes(2, "little") + (-32256).to_bytes(
        2, "little", signed=True
    )


def _frames(path: Path) -> tuple[int, int, int, bytes]:
    with wave.open(str(path), "rb") as w:
        return w.getnchannels(), w.getsampwidth(), w.getframerate(), w.readframes(w.getnframes())


def test_headerless_v3_becomes_a_pcm_wav(tmp_path: Path) -> None:
    audio = AlawAudio("x", 16000)
    source = tmp_path / "a.V3"
    source.write_bytes(audio.read())
    channels, width, rate, frames = _frames(to_wav(source, tmp_path / "a.wav"))
    assert (channels, width, rate) == (1, 2, 8000)
    assert frames == decode(audio.read())


def test_alaw_wav_and_zip_become_pcm_wavs(tmp_path: Path) -> None:
    audio = AlawAudio("x", 8058, wav=True)
    source = tmp_path / "a.wav"
    source.write_bytes(audio.read())
    assert _frames(to_wav(source, tmp_path / "b.wav"))[3] == decode(audio.read(58))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("1.V3", b"\xd5" * 100)
    (tmp_path / "c.zip").write_bytes(buffer.getvalue())
    assert len(_frames(to_wav(tmp_path / "c.zip", tmp_path / "c.wav"))[3]) == 200
