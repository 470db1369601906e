"""A disk that fills up after the first piece of a recording is written (``ENOSPC`` injected at
the write, as a root test run cannot fill a real disk on this machine)."""

from __future__ import annotations

import errno
from typing import Any

import pytest

from agentbar.cec import recordings as cec_recordings


class FullDisk:
    """Installed on ``monkeypatch``: the first piece lands, every later write fails ``ENOSPC``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch
        self._real_write = cec_recordings._PartWriter._write
        self.written: list[int] = []  # the sizes of the pieces that landed
        real_write, written = self._real_write, self.written

        def full_after_one(writer: Any, piece: memoryview) -> None:
            if written:
                raise cec_recordings._disk_error(OSError(errno.ENOSPC, "No space left"), "x")
            written.append(len(piece))
            real_write(writer, piece)

        monkeypatch.setattr(cec_recordings._PartWriter, "_write", full_after_one)
        # Small pieces, so a short recording still has several.
        monkeypatch.setattr(cec_recordings, "WRITE_SIZE", 256 * 1024)

    def free_space(self) -> None:
        """Writes succeed again (space was freed)."""
        self._monkeypatch.setattr(cec_recordings._PartWriter, "_write", self._real_write)
