"""The download folder made ready (created with its parents, proven writable) or found unusable."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from agentbar.app.recordings import recording_folder
from agentbar.app.recordings.recording_folder import (
    PROBE_PREFIX,
    FolderError,
    FolderProblem,
    check_folder,
    prepare_folder,
    problem_of,
)


def refuse(code: int, text: str) -> object:
    def refused(*_args: object, **_kwargs: object) -> None:
        raise OSError(code, text)

    return refused


def problem_preparing(folder: Path) -> FolderProblem:
    with pytest.raises(FolderError) as info:
        prepare_folder(folder)
    return info.value.problem


def test_missing_parents_are_created_and_nothing_is_left_behind(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "b" / "recordings"
    prepare_folder(folder)
    assert folder.is_dir()
    assert list(folder.iterdir()) == []  # the probe file is gone


def test_a_file_in_the_path_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    below = tmp_path / "notes.txt" / "a" / "rec"
    assert problem_preparing(below) == FolderProblem(
        str(below), "not-a-folder", str(tmp_path / "notes.txt")
    )
    # The folder itself a file:
    assert problem_preparing(tmp_path / "notes.txt") == FolderProblem(
        str(tmp_path / "notes.txt"), "not-a-folder", str(tmp_path / "notes.txt")
    )


def test_a_folder_that_may_not_be_written_or_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Permission bits do not stop root, who may run the tests: refuse as the system would.
    monkeypatch.setattr(recording_folder, "probe", refuse(errno.EROFS, "Read-only file system"))
    assert problem_preparing(tmp_path) == FolderProblem(str(tmp_path), "not-writable")

    monkeypatch.setattr(Path, "mkdir", refuse(errno.EACCES, "Permission denied"))
    assert problem_preparing(tmp_path / "new") == FolderProblem(
        str(tmp_path / "new"), "cannot-create", "Permission denied"
    )


def test_full_disk_and_other_refusals() -> None:
    folder = Path("/nowhere")
    assert problem_of(folder, OSError(errno.ENOSPC, "No space")) == FolderProblem(
        "/nowhere", "full"
    )
    assert problem_of(folder, OSError(errno.EIO, "Input/output error")) == FolderProblem(
        "/nowhere", "unusable", "Input/output error"
    )


def test_check_creates_nothing_and_reports_free_space(tmp_path: Path) -> None:
    missing = tmp_path / "later" / "rec"
    state = check_folder(missing)
    assert (state.exists, state.problem) == (False, None)
    assert state.free is not None
    assert state.free > 0
    assert not (tmp_path / "later").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(PROBE_PREFIX)]

    assert check_folder(tmp_path).exists


def test_check_finds_a_file_in_the_path_and_a_full_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "f").write_text("x")
    state = check_folder(tmp_path / "f" / "rec")
    assert state.problem == FolderProblem(
        str(tmp_path / "f" / "rec"), "not-a-folder", str(tmp_path / "f")
    )

    monkeypatch.setattr(recording_folder, "probe", refuse(errno.ENOSPC, "No space left"))
    assert check_folder(tmp_path).problem == FolderProblem(str(tmp_path), "full")
    # A missing folder whose parent refuses: it cannot be created.
    monkeypatch.setattr(recording_folder, "probe", refuse(errno.EACCES, "Permission denied"))
    assert check_folder(tmp_path / "new").problem == FolderProblem(
        str(tmp_path / "new"), "cannot-create", "Permission denied"
    )
