"""G.711 A-law to a standard 16-bit PCM WAV, for playback in any player.

CEC recordings are 8 kHz A-law, either headerless (``.V3``) or WAV-wrapped with format tag 6.
Many players cannot open either, so Play converts to PCM first. The decode table is the ITU-T
G.711 expansion written out in Python (``audioop`` is gone in Python 3.13); the bytes go through
two ``bytes.translate`` tables (low and high byte), so a 30 MB file converts in well under a second.
"""

from __future__ import annotations

import struct
import wave
import zipfile
from pathlib import Path

SAMPLE_RATE = 8000


def alaw_to_linear(code: int) -> int:
    """The signed 16-bit sample an A-law byte stands for (G.711)."""
    code ^= 0x55
    mantissa = (code & 0x0F) << 4
    segment = (code & 0x70) >> 4
    if segment == 0:
        value = mantissa + 8
    elif segment == 1:
        value = mantissa + 0x108
    else:
        value = (mantissa + 0x108) << (segment - 1)
    return value if code & 0x80 else -value


_SAMPLES = [alaw_to_linear(code) & 0xFFFF for code in range(256)]
_LOW = bytes(s & 0xFF for s in _SAMPLES)
_HIGH = bytes(s >> 8 for s in _SAMPLES)


def decode(alaw: bytes) -> bytes:
    """A-law bytes as little-endian signed 16-bit PCM."""
    pcm = bytearray(2 * len(alaw))
    pcm[0::2] = alaw.translate(_LOW)
    pcm[1::2] = alaw.translate(_HIGH)
    return bytes(pcm)


class NotAudioError(ValueError):
    """The file is neither A-law nor a WAV this module can read."""


def alaw_payload(data: bytes) -> tuple[bytes, bool]:
    """The A-law samples of ``data`` and whether they are PCM already (a PCM WAV)."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return data, False  # headerless .V3
    pos = 12
    fmt_tag = None
    while pos + 8 <= len(data):
        chunk, size = data[pos : pos + 4], struct.unpack("<I", data[pos + 4 : pos + 8])[0]
        body = data[pos + 8 : pos + 8 + size]
        if chunk == b"fmt ":
            fmt_tag = struct.unpack("<H", body[:2])[0]
        elif chunk == b"data":
            if fmt_tag == 6:
                return body, False
            if fmt_tag == 1:
                return body, True
            raise NotAudioError(f"WAV format {fmt_tag} is not A-law or PCM")
        pos += 8 + size + (size & 1)
    raise NotAudioError("the WAV file has no data")


def to_wav(source: Path, target: Path) -> Path:
    """Write ``source`` (A-law .V3, A-law WAV, or a zip of them: the first) as a PCM WAV."""
    if zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            members = [m for m in archive.namelist() if not m.endswith("/")]
            if not members:
                raise NotAudioError("the zip file is empty")
            data = archive.read(members[0])
    else:
        data = source.read_bytes()
    payload, is_pcm = alaw_payload(data)
    pcm = payload if is_pcm else decode(payload)
    target.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(pcm)
    return target
