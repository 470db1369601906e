"""The doctor's report (table, JSON, exit code) and its offline checks (endpoints, secrets)."""

from __future__ import annotations

import keyring.backends.fail

from agentbar.config import demo_profile
from agentbar.doctor.checks import check_secrets, endpoints, needed_secrets
from agentbar.doctor.report import DoctorReport
from agentbar.doctor.rows import CheckResult, Status
from agentbar.secrets import KeyringStore, MemoryStore

REPORT = DoctorReport(
    (
        CheckResult("config", Status.PASS, "valid"),
        CheckResult("clock", Status.WARN, "120 s behind", "Turn on NTP."),
        CheckResult("secret ccfs-sk", Status.FAIL, "not stored", "agentbar secrets set ccfs-sk"),
    ),
    "/home/a/config.toml",
    checked_at=0.0,
)


def test_table_marks_problems_and_says_what_to_do() -> None:
    table = REPORT.to_table()
    lines = table.splitlines()
    assert lines[0].startswith("[pass] config")
    assert lines[1].startswith("[WARN] clock")
    assert "→ Turn on NTP." in lines[2]
    assert lines[3].startswith("[FAIL] secret ccfs-sk")
    assert lines[-1] == "1 passed, 1 warnings, 1 failed. Not ready: fix the failures above."


def test_action_of_a_passing_check_is_not_printed() -> None:
    report = DoctorReport((CheckResult("x", Status.PASS, "fine", "never shown"),), "p")
    assert "never shown" not in report.to_table()
    assert report.to_table().endswith("Ready for the shift.")


def test_long_details_wrap_under_their_column() -> None:
    report = DoctorReport((CheckResult("config", Status.FAIL, "word " * 40, "do it"),), "p")
    lines = report.to_table(width=60).splitlines()
    assert all(len(line) <= 60 for line in lines[:-2])
    assert lines[1].startswith(" " * 15)


def test_failure_gives_exit_code_1_and_warnings_do_not() -> None:
    assert REPORT.exit_code == 1
    assert not REPORT.ok
    warn_only = DoctorReport(REPORT.results[:2], "p")
    assert warn_only.exit_code == 0


def test_json_report_for_it_tools() -> None:
    data = REPORT.to_json()
    assert data["ok"] is False
    assert data["config"] == "/home/a/config.toml"
    assert data["checked_at"] == "1970-01-01T00:00:00+00:00"
    assert data["summary"] == {"pass": 1, "warn": 1, "fail": 1}
    assert data["results"][2] == {
        "name": "secret ccfs-sk",
        "status": "fail",
        "detail": "not stored",
        "action": "agentbar secrets set ccfs-sk",
    }


def test_services_on_one_address_are_checked_once() -> None:
    profile = demo_profile("http://127.0.0.1:8043")
    found = endpoints(profile)
    assert len(found) == 1
    assert found[0].names == ("gateway", "ccfs", "quality", "faq", "cases")
    assert (found[0].host, found[0].port) == ("127.0.0.1", 8043)


def test_default_https_port_is_443() -> None:
    profile = demo_profile("https://cc.example.com")
    assert endpoints(profile)[0].port == 443


def test_needed_secrets_follow_the_configured_services() -> None:
    assert needed_secrets(None) == [("password", False)]
    assert needed_secrets(demo_profile("http://h:1")) == [
        ("password", False),
        ("ccfs-sk", True),
        ("quality-app-secret", True),
        ("faq-app-secret", True),
        ("cases-client-secret", True),
    ]


async def test_no_keyring_fails_with_what_to_do() -> None:
    results = await check_secrets(KeyringStore(keyring.backends.fail.Keyring()), None)
    assert [(r.name, r.status) for r in results] == [("keyring", Status.FAIL)]
    assert "GNOME Keyring" in results[0].action


async def test_secret_values_never_appear_in_results() -> None:
    store = MemoryStore({"password": "Value-Never-Shown"})
    results = await check_secrets(store, None)
    assert [(r.name, r.status) for r in results] == [
        ("keyring", Status.PASS),
        ("secret password", Status.PASS),
    ]
    assert "Value-Never-Shown" not in repr(results)
