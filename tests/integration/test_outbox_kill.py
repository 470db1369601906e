"""SIGKILL the outbox's client process at random points of 100 submissions: each case once."""

from __future__ import annotations

import pytest

from tests.integration.outbox_kill import run_kill_test


@pytest.mark.timeout(180)
def test_killed_clients_leave_every_case_on_the_server_exactly_once() -> None:
    report = run_kill_test(cases=100, kills=20)
    print(report.line())
    assert report.submitted == 100
    assert (report.present_once, report.duplicates, report.lost) == (100, 0, 0)
    # The test is only worth something if the kills really interrupted the work.
    assert report.kills >= 5
