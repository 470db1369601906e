"""The persisted list of unfinished recording downloads, so they survive a restart.

A small JSON file in the user data dir (the path is injectable). Each :class:`DownloadJob` holds
what is needed to send its request again and to resume safely: the route and the recording's
identifiers, the destination, and the ETag and size the server last reported. Finished jobs are
not kept. Reading and writing are blocking: callers use ``asyncio.to_thread``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Literal, cast

import platformdirs

from agentbar.app.recordings.recording_folder import ISSUES, FolderProblem, Issue

log = logging.getLogger(__name__)

Route = Literal["gateway", "ccfs", "ccfs-file", "ivr"]
Status = Literal["queued", "running", "paused", "failed", "done"]
ROUTES: tuple[str, ...] = ("gateway", "ccfs", "ccfs-file", "ivr")
FORMAT_VERSION = 1


@dataclass
class DownloadJob:
    job_id: str
    route: Route
    dest: str
    call_id: str = ""
    file_name: str = ""
    agent_id: str = ""
    location_id: str = ""
    ivr_directory: bool = False
    title: str = ""
    etag: str | None = None
    total: int | None = None
    received: int = 0
    status: Status = "queued"
    error: str = ""
    saved_as: str = ""
    # Set when the last run failed because of the download folder (a FolderProblem, flat so
    # the JSON stays plain); empty otherwise.
    folder_issue: str = ""
    folder_issue_path: str = ""
    folder_issue_detail: str = ""

    @property
    def unfinished(self) -> bool:
        return self.status != "done"

    @property
    def folder_problem(self) -> FolderProblem | None:
        """Why the download folder made the last run fail, or None."""
        issue = self.folder_issue
        if issue not in ISSUES:
            return None
        return FolderProblem(self.folder_issue_path, cast(Issue, issue), self.folder_issue_detail)

    def set_folder_problem(self, problem: FolderProblem | None) -> None:
        self.folder_issue = problem.issue if problem is not None else ""
        self.folder_issue_path = problem.folder if problem is not None else ""
        self.folder_issue_detail = problem.detail if problem is not None else ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: object) -> DownloadJob | None:
        """A job from its JSON form; None for an entry that cannot be used (it is dropped)."""
        if not isinstance(raw, dict):
            return None
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in raw.items() if k in known}
        if not isinstance(values.get("job_id"), str) or not isinstance(values.get("dest"), str):
            return None
        if values.get("route") not in ROUTES:
            return None
        try:
            job = cls(**values)
        except TypeError:
            return None
        # A job that was running when the program stopped is paused now.
        if job.status in ("running", "queued"):
            job.status = "paused"
        return job


def default_queue_path() -> Path:
    return Path(platformdirs.user_data_dir("agentbar", appauthor=False)) / "downloads.json"


class DownloadQueue:
    """Load and save the unfinished jobs in one JSON file, atomically."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_queue_path()

    def load(self) -> list[DownloadJob]:
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            log.warning("cannot read the download queue %s: %s", self.path, exc.strerror)
            return []
        try:
            data = json.loads(text)
        except ValueError:
            log.warning("the download queue %s is damaged; starting empty", self.path)
            return []
        entries = data.get("jobs") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            return []
        return [job for job in map(DownloadJob.from_json, entries) if job is not None]

    def save(self, jobs: Iterable[DownloadJob]) -> None:
        body = {
            "version": FORMAT_VERSION,
            "jobs": [job.to_json() for job in jobs if job.unfinished],
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_name(self.path.name + ".tmp")
        with temp.open("w", encoding="utf-8") as f:
            json.dump(body, f, ensure_ascii=False, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, self.path)
