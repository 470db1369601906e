"""The doctor's download folder row: pass, warn (little space) and fail, each with what to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from agentbar.app.recordings.recording_folder import FolderProblem, FolderState
from agentbar.doctor.checks import check_download_folder
from agentbar.doctor.report import DoctorReport
from agentbar.doctor.rows import Status

FOLDER = Path("/home/agent/Recordings")
GB = 1_000_000_000


def found(
    *, exists: bool = True, problem: FolderProblem | None = None, free: int | None = 50 * GB
) -> Callable[[Path], FolderState]:
    return lambda folder: FolderState(folder, exists, problem, free)


async def test_a_writable_folder_passes_with_its_free_space() -> None:
    row = await check_download_folder(FOLDER, inspect=found(free=int(12.34 * GB)))
    assert (row.name, row.status) == ("download folder", Status.PASS)
    assert row.detail == "/home/agent/Recordings is a folder agentbar can write to; 12.3 GB free."


async def test_a_missing_folder_that_can_be_made_passes_and_is_not_created(tmp_path: Path) -> None:
    folder = tmp_path / "a" / "rec"
    row = await check_download_folder(folder)
    assert row.status is Status.PASS
    assert row.detail.startswith(
        f"{folder} does not exist yet; agentbar will create it at the first download ("
    )
    assert not (tmp_path / "a").exists()


async def test_little_space_warns_and_almost_none_fails() -> None:
    low = await check_download_folder(FOLDER, inspect=found(free=120_000_000))
    assert low.status is Status.WARN
    assert low.detail == "Only 120 MB free on the disk of /home/agent/Recordings."
    assert "another disk" in low.action

    full = await check_download_folder(FOLDER, inspect=found(free=3_000_000))
    assert full.status is Status.FAIL
    assert full.detail == (
        "The disk of /home/agent/Recordings is full (3 MB free): recordings cannot be saved."
    )
    probe_full = await check_download_folder(
        FOLDER, inspect=found(problem=FolderProblem(str(FOLDER), "full"), free=None)
    )
    assert (probe_full.status, probe_full.args["free"]) == (Status.FAIL, "0 MB")


async def test_a_folder_that_cannot_be_used_fails_and_says_to_choose_another(
    tmp_path: Path,
) -> None:
    (tmp_path / "notes.txt").write_text("x")
    below = await check_download_folder(tmp_path / "notes.txt" / "rec")
    assert below.status is Status.FAIL
    assert below.detail == (
        f"{tmp_path / 'notes.txt' / 'rec'} cannot be used: {tmp_path / 'notes.txt'} is a file, "
        "not a folder."
    )
    assert below.action == (
        "Choose another download folder in Settings (download_dir in the [ui] section)."
    )

    def failing(issue: str, detail: str = "") -> FolderProblem:
        return FolderProblem(str(FOLDER), issue, detail)  # type: ignore[arg-type]

    details = {
        issue: (await check_download_folder(FOLDER, inspect=found(problem=failing(issue, d))))
        for issue, d in (
            ("not-writable", ""),
            ("cannot-create", "Permission denied"),
            ("unusable", "Input/output error"),
        )
    }
    assert {issue: row.status for issue, row in details.items()} == dict.fromkeys(
        details, Status.FAIL
    )
    assert details["not-writable"].detail == (
        "agentbar may not write in /home/agent/Recordings (read-only or no permission)."
    )
    assert details["cannot-create"].detail == (
        "/home/agent/Recordings does not exist and cannot be created: Permission denied."
    )
    assert details["unusable"].detail == (
        "/home/agent/Recordings cannot be used: Input/output error."
    )


async def test_the_row_is_in_the_table_and_the_json() -> None:
    row = await check_download_folder(
        FOLDER, inspect=found(problem=FolderProblem(str(FOLDER), "not-writable"))
    )
    report = DoctorReport((row,), "p")
    assert report.to_table().startswith("[FAIL] download folder")
    assert "→ Choose another download folder in Settings" in report.to_table()
    assert report.to_json()["results"] == [
        {
            "name": "download folder",
            "status": "fail",
            "detail": row.detail,
            "action": row.action,
        }
    ]
