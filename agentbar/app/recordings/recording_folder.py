"""The download folder: made ready before a recording is written there, and what is wrong with it.

:func:`prepare_folder` creates the folder (and its parents) and proves that a file can be written
in it; :func:`check_folder` asks the same without creating anything and adds the free space, for
``agentbar doctor``. A folder that cannot be used is described by a :class:`FolderProblem`, which
the Recordings tab and the doctor put into words. Everything here blocks on the file system:
callers use ``asyncio.to_thread``. No Qt: the doctor runs without it.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

# not-a-folder: a file stands where the folder or one of its parents should be (detail: which);
# cannot-create: it is missing and making it failed (detail: the system's reason);
# not-writable: read-only or no permission; full: no space left on its disk;
# unusable: any other refusal of the system (detail: its reason).
Issue = Literal["not-a-folder", "cannot-create", "not-writable", "full", "unusable"]
ISSUES: tuple[str, ...] = get_args(Issue)
PROBE_PREFIX = ".agentbar-probe-"


@dataclass(frozen=True, slots=True)
class FolderProblem:
    """Why ``folder`` cannot take a recording; ``detail`` is data (a path or the system's text)."""

    folder: str
    issue: Issue
    detail: str = ""

    def __str__(self) -> str:
        """English for the log and the job's ``error``; the window words it itself."""
        detail = f": {self.detail}" if self.detail else ""
        return f"The download folder {self.folder} cannot be used ({self.issue}{detail})."


class FolderError(Exception):
    """Raised by :func:`prepare_folder` with the :class:`FolderProblem`."""

    def __init__(self, problem: FolderProblem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass(frozen=True, slots=True)
class FolderState:
    """What :func:`check_folder` found: ``free`` is the space on the folder's disk (or, while it
    does not exist, on the disk of the nearest parent that does), None when it cannot be read."""

    folder: Path
    exists: bool
    problem: FolderProblem | None
    free: int | None


def prepare_folder(folder: Path) -> None:
    """Create ``folder`` with its parents if needed and make sure a file can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FolderError(problem_of(folder, exc, creating=True)) from None
    try:
        probe(folder)
    except OSError as exc:
        raise FolderError(problem_of(folder, exc)) from None


def check_folder(folder: Path) -> FolderState:
    """Whether ``folder`` can be used, creating nothing: a missing folder is fine when its
    nearest existing parent is a folder a new one can be made in."""
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    exists = existing == folder
    free: int | None = None
    if existing is None:  # not even the root: a drive that is gone
        gone = FolderProblem(str(folder), "unusable", os.strerror(errno.ENOENT))
        return FolderState(folder, False, gone, free)
    if not existing.is_dir():
        problem = FolderProblem(str(folder), "not-a-folder", str(existing))
        return FolderState(folder, exists, problem, free)
    try:
        free = shutil.disk_usage(existing).free
    except OSError:
        free = None
    try:
        probe(existing)
    except OSError as exc:
        return FolderState(folder, exists, problem_of(folder, exc, creating=not exists), free)
    return FolderState(folder, exists, None, free)


def problem_of(folder: Path, exc: OSError, *, creating: bool = False) -> FolderProblem:
    """The :class:`FolderProblem` behind ``exc``, met creating (or writing in) ``folder``."""
    if exc.errno in (errno.ENOTDIR, errno.EEXIST):
        blocking = blocking_file(folder)
        if blocking is not None:
            return FolderProblem(str(folder), "not-a-folder", str(blocking))
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return FolderProblem(str(folder), "full")
    reason = exc.strerror or type(exc).__name__
    if creating:
        return FolderProblem(str(folder), "cannot-create", reason)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return FolderProblem(str(folder), "not-writable")
    return FolderProblem(str(folder), "unusable", reason)


def blocking_file(folder: Path) -> Path | None:
    """The file (not a folder) that stands where ``folder`` or one of its parents should be."""
    for path in (folder, *folder.parents):
        if path.exists():
            return None if path.is_dir() else path
    return None


def probe(folder: Path) -> None:
    """Create and remove a small file in ``folder``: the only sure test of "can write here"
    (permission bits say nothing of ACLs, read-only mounts or an administrator's rights)."""
    handle, name = tempfile.mkstemp(prefix=PROBE_PREFIX, dir=folder)
    os.close(handle)
    os.unlink(name)
