"""The shift-start check: runs every doctor check and presents the results as a table or JSON.

``agentbar doctor`` and the "Check" button both call :func:`run_doctor`. Each check is a small
function in :mod:`agentbar.doctor.checks` that returns :class:`~agentbar.doctor.rows.CheckResult`
rows — pass, warn or fail, what was found and what to do. A report with any failure means "do not
start the shift like this"; the command then exits non-zero. No secret value ever appears in a
report.
"""

from __future__ import annotations

import json
import textwrap
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agentbar.config import Profile
from agentbar.desktop.fonts import ChineseFontLookup
from agentbar.doctor import checks
from agentbar.doctor.rows import CheckResult, Status
from agentbar.secrets import SecretStore


@dataclass(frozen=True, slots=True)
class DoctorReport:
    """The rows of one run, in the order they were checked."""

    results: tuple[CheckResult, ...]
    config_path: str
    checked_at: float = field(default_factory=time.time)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """No failure (warnings allowed)."""
        return all(r.status is not Status.FAIL for r in self.results)

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "config": self.config_path,
            "checked_at": datetime.fromtimestamp(self.checked_at, UTC).isoformat(
                timespec="seconds"
            ),
            "seconds": round(self.seconds, 3),
            "summary": {str(s): self.count(s) for s in Status},
            "results": [r.to_json() for r in self.results],
        }

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)

    def to_table(self, width: int = 100) -> str:
        """A plain-text table for a terminal or the diagnostics bundle."""
        name_width = min(28, max((len(r.name) for r in self.results), default=5))
        indent = " " * (7 + name_width + 2)
        lines: list[str] = []
        for row in self.results:
            mark = str(row.status) if row.status is Status.PASS else str(row.status).upper()
            first = f"[{mark}] {row.name:<{name_width}}  "
            lines += _wrapped(first, indent, row.detail, width)
            if row.action and row.status is not Status.PASS:
                lines += _wrapped(indent + "→ ", indent + "  ", row.action, width)
        verdict = (
            "Ready for the shift."
            if self.ok and not self.count(Status.WARN)
            else "Ready, with warnings."
            if self.ok
            else "Not ready: fix the failures above."
        )
        lines.append("")
        lines.append(
            f"{self.count(Status.PASS)} passed, {self.count(Status.WARN)} warnings, "
            f"{self.count(Status.FAIL)} failed. {verdict}"
        )
        return "\n".join(lines)


def _wrapped(first: str, indent: str, text: str, width: int) -> list[str]:
    out: list[str] = []
    for i, paragraph in enumerate(text.splitlines() or [""]):
        out += textwrap.wrap(
            paragraph,
            width=width,
            initial_indent=first if i == 0 else indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
        ) or [first if i == 0 else indent]
    return [line.rstrip() for line in out]


async def run_doctor(
    config_path: Path | None,
    secrets: SecretStore,
    *,
    sign_in: bool = False,
    clock: Any = time.time,
    profile: Profile | None = None,
    chinese_fonts: ChineseFontLookup | None = None,
) -> DoctorReport:
    """Run every check for the profile at ``config_path`` (None: the default profile).

    A ``profile`` given directly (the demo's, which lives only in memory) is checked instead of
    the file. ``chinese_fonts`` lists the fonts that cover Chinese (default: asked of the system).
    """
    from agentbar.config import resolve_config_path

    started = time.monotonic()
    results: list[CheckResult] = []
    if profile is not None:
        path_text = "(in-memory profile)"
        results.append(
            CheckResult.of(
                "config", Status.PASS, "in-memory profile for {url}.", url=profile.gateway.url
            )
        )
    else:
        path = resolve_config_path(config_path)
        path_text = str(path)
        config_result, profile = await checks.check_config(path)
        results.append(config_result)
    if profile is not None:
        results += await checks.check_services(profile, clock=clock)
    results += await checks.check_secrets(secrets, profile)
    if profile is not None:
        results.append(await checks.check_download_folder(profile.ui.download_path()))
    results.append(await checks.check_fonts(chinese_fonts))
    if sign_in and profile is not None:
        results.append(await checks.check_sign_in(profile, secrets))
    return DoctorReport(
        tuple(results), path_text, checked_at=clock(), seconds=time.monotonic() - started
    )
