"""Deterministic G.711 A-law recordings for the simulator, of any length, served in pieces.

A recording is a sequence of 0.2 s blocks: synthetic "syllables" (a voiced tone with a few
harmonics under a smooth envelope) and pauses, chosen by hashing the recording's seed and the
block number. Any byte range can therefore be produced on its own, without building the whole
file, so a 30 MB recording costs the simulator no memory and Range requests are cheap.

# GUESS: Huawei's pages leave the ``.V3`` container and its sample rate open. The
# simulator serves headerless 8 kHz mono A-law for ``.V3`` names and a WAV (format tag 6, A-law)
# for ``.wav`` names, which is what the IVR download documents
# (https://support.huaweicloud.com/api-ccfs-cec/cec_07_0826.html).
"""

from __future__ import annotations

import hashlib
import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

SAMPLE_RATE = 8000
BLOCK = 1600  # samples (= bytes) per 0.2 s block
SILENCE = 0xD5  # A-law code of a zero sample
WAV_HEADER_SIZE = 58  # RIFF + fmt (18 bytes, non-PCM) + fact + data headers

_SEG_END = (0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF)


def alaw_encode(sample: int) -> int:
    """One signed 16-bit linear sample as a G.711 A-law byte (ITU-T G.711, Sun's reference)."""
    value = sample >> 3
    if value >= 0:
        mask = 0xD5
    else:
        mask = 0x55
        value = -value - 1
    segment = next((i for i, end in enumerate(_SEG_END) if value <= end), 8)
    if segment >= 8:
        return 0x7F ^ mask
    code = segment << 4
    code |= (value >> 1 if segment < 2 else value >> segment) & 0x0F
    return code ^ mask


@cache
def _syllables() -> tuple[bytes, ...]:
    """Sixteen voiced blocks: pitch 110–260 Hz, vowel-like harmonic weights, Hann envelope."""
    blocks = []
    for n in range(16):
        f0 = 110.0 + 10.0 * n
        weights = (1.0, 0.6 - 0.02 * n, 0.25 + 0.03 * (n % 5), 0.12)
        samples = bytearray(BLOCK)
        for i in range(BLOCK):
            t = i / SAMPLE_RATE
            envelope = 0.5 - 0.5 * math.cos(2 * math.pi * i / BLOCK)
            wave = sum(w * math.sin(2 * math.pi * f0 * (k + 1) * t) for k, w in enumerate(weights))
            samples[i] = alaw_encode(int(6000 * envelope * wave))
        blocks.append(bytes(samples))
    return tuple(blocks)


_PAUSE = bytes([SILENCE]) * BLOCK


def wav_header(data_size: int) -> bytes:
    """A WAVE header for ``data_size`` bytes of 8 kHz mono A-law (format tag 6)."""
    fmt = struct.pack("<HHIIHHH", 6, 1, SAMPLE_RATE, SAMPLE_RATE, 1, 8, 0)
    return (
        b"RIFF"
        + struct.pack("<I", WAV_HEADER_SIZE - 8 + data_size)
        + b"WAVE"
        + b"fmt "
        + struct.pack("<I", len(fmt))
        + fmt
        + b"fact"
        + struct.pack("<II", 4, data_size)
        + b"data"
        + struct.pack("<I", data_size)
    )


@dataclass(frozen=True, slots=True)
class AlawAudio:
    """``size`` bytes of synthetic A-law audio named by ``seed``; optionally WAV-wrapped."""

    seed: str
    size: int
    wav: bool = False

    @property
    def seconds(self) -> float:
        return self.data_size / SAMPLE_RATE

    @property
    def data_size(self) -> int:
        return self.size - WAV_HEADER_SIZE if self.wav else self.size

    @property
    def etag(self) -> str:
        digest = hashlib.sha256(f"{self.seed}|{self.size}|{self.wav}".encode()).hexdigest()
        return f'"{digest[:24]}"'

    def chunks(self, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """The bytes ``[start, end)`` in pieces of at most :data:`RUN_BLOCKS` blocks."""
        stop = self.size if end is None else min(end, self.size)
        pos = start
        if self.wav:
            if pos < WAV_HEADER_SIZE:
                header = wav_header(self.data_size)
                yield header[pos : min(stop, WAV_HEADER_SIZE)]
                pos = WAV_HEADER_SIZE
            offset = WAV_HEADER_SIZE
        else:
            offset = 0
        options = _block_options()
        picks = _choices(self.seed, -(-self.data_size // BLOCK))
        while pos < stop:
            index, within = divmod(pos - offset, BLOCK)
            if within or stop - pos < BLOCK:  # a part of one block, at either end of the range
                take = min(BLOCK - within, stop - pos)
                yield options[picks[index]][within : within + take]
                pos += take
                continue
            count = min((stop - pos) // BLOCK, RUN_BLOCKS)
            yield b"".join([options[pick] for pick in picks[index : index + count]])
            pos += count * BLOCK

    def read(self, start: int = 0, end: int | None = None) -> bytes:
        return b"".join(self.chunks(start, end))


_MASK64 = (1 << 64) - 1
PAUSE_PICK = 16  # the index of the pause in _block_options()
# Whole blocks are served in runs of this many: 262,400 bytes, just over the server's 256 KiB
# writes, so each run goes out as it is, without being joined again.
RUN_BLOCKS = 164


@cache
def _block_options() -> tuple[bytes, ...]:
    return (*_syllables(), _PAUSE)


def _pick(seed_number: int, index: int) -> int:
    """Which block (a syllable 0-15, or the pause) plays at block ``index``."""
    # A cheap integer mix (splitmix64's finaliser) of the seed and the block number.
    mixed = (seed_number + index * 0x9E3779B97F4A7C15) & _MASK64
    mixed = ((mixed ^ (mixed >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    mixed = ((mixed ^ (mixed >> 27)) * 0x94D049BB133111EB) & _MASK64
    mixed ^= mixed >> 31
    # Roughly one block in four is a pause, so the audio has turns and breaths.
    if mixed & 0xFF < 64:
        return PAUSE_PICK
    return (mixed >> 8) % 16


@lru_cache(maxsize=64)
def _choices(seed: str, blocks: int) -> bytes:
    """The blocks of a recording, one byte each (20 KB for 30 MB of audio).

    Computed once per recording: the simulator must serve a 30 MB file faster than a client can
    download it, and on a shared machine its CPU is taken from the client's.
    """
    seed_number = _seed_number(seed)
    return bytes(_pick(seed_number, index) for index in range(blocks))


@cache
def _seed_number(seed: str) -> int:
    return int.from_bytes(hashlib.blake2s(seed.encode(), digest_size=8).digest(), "big")


def audio_for_seconds(seed: str, seconds: float, *, wav: bool = False) -> AlawAudio:
    size = max(1, round(seconds * SAMPLE_RATE))
    return AlawAudio(seed, size + (WAV_HEADER_SIZE if wav else 0), wav)
