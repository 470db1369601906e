"""Every row the shift-start check produces comes from a template the translation catalogue lists.

The checks run against real simulators (plain and TLS) with settings that make each of them pass,
warn and fail (``tests/doctor_scenarios.py``); each row must carry templates from
``packaging/resources.py``'s ``doctor_templates()`` that render to its English text.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest

from agentbar.doctor.report import DoctorReport
from agentbar.doctor.rows import Status
from tests.doctor_scenarios import SCENARIOS, Simulators, simulators
from tests.resources_tool import resources_tool

Scenario = Callable[[Simulators], Coroutine[Any, Any, DoctorReport]]


@pytest.fixture
def sims(tmp_path: Path) -> Iterator[Simulators]:
    yield from simulators(tmp_path)


@pytest.fixture(scope="module")
def listed() -> set[str]:
    return set(resources_tool().doctor_templates())


@pytest.mark.parametrize("scenario", list(SCENARIOS.values()), ids=list(SCENARIOS))
async def test_every_row_renders_from_listed_templates(
    scenario: Scenario, sims: Simulators, listed: set[str]
) -> None:
    report = await scenario(sims)

    assert report.results
    for row in report.results:
        assert row.name_template in listed, row
        assert row.detail_template in listed, row
        assert not row.action_template or row.action_template in listed, row
        assert row.name_template.format(**row.args) == row.name
        assert row.detail_template.format(**row.args) == row.detail
        assert row.action_template.format(**row.args) == row.action
        assert all(isinstance(value, str) for value in row.args.values())


async def test_scenarios_reach_pass_warn_and_fail_of_every_check(sims: Simulators) -> None:
    seen: dict[str, set[Status]] = {}
    for scenario in SCENARIOS.values():
        for row in (await scenario(sims)).results:
            seen.setdefault(row.name_template, set()).add(row.status)

    assert seen == {
        "config": {Status.PASS, Status.FAIL},
        "{services}: reachable": {Status.PASS, Status.FAIL},
        "{services}: TLS": {Status.PASS, Status.WARN, Status.FAIL},
        "clock": {Status.PASS, Status.WARN, Status.FAIL},
        "keyring": {Status.PASS, Status.FAIL},
        "secret {secret}": {Status.PASS, Status.WARN, Status.FAIL},
        "sign-in": {Status.PASS, Status.WARN, Status.FAIL},
        "download folder": {Status.PASS, Status.FAIL},
        "fonts": {Status.PASS, Status.WARN},
    }
