"""The diagnostics bundle: what it holds, and what it must never hold."""

from __future__ import annotations

import enum
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from agentbar.config import demo_profile, save_profile
from agentbar.desktop.crash import report_for
from agentbar.desktop.logs import (
    LOG_FILE_NAME,
    fault_file_name,
    forget_secrets,
    profile_log_name,
    remember_secret,
)
from agentbar.doctor.bundle import MAX_EVENTS, DiagnosticsError, versions, write_bundle
from agentbar.doctor.report import DoctorReport
from agentbar.doctor.rows import CheckResult, Status

SECRET = "Bundle-Sentinel-9911"


class Kind(enum.Enum):
    READY = 1


@dataclass
class Event:
    event_type: str
    kind: Kind
    content: dict[str, object]


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return save_profile(demo_profile("http://127.0.0.1:8043"), tmp_path / "config.toml")


def members(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as bundle:
        return {name: bundle.read(name).decode("utf-8") for name in bundle.namelist()}


def test_bundle_holds_logs_report_versions_events_and_profile(tmp_path: Path, config: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    name = profile_log_name(config)
    (logs / name).write_text("now\n")
    (logs / f"{name}.1").write_text("before\n")
    # Another profile's log, an old shared one and an empty native-crash file stay out.
    (logs / profile_log_name(tmp_path / "other.toml")).write_text("other profile\n")
    (logs / LOG_FILE_NAME).write_text("old\n")
    (logs / fault_file_name(name)).write_text("")
    report = DoctorReport((CheckResult("clock", Status.WARN, "90 s behind", "NTP"),), str(config))
    events = [Event("AgentState_Ready", Kind.READY, {"workNo": "101"})]

    path = write_bundle(
        tmp_path / "out.zip",
        report=report,
        config_path=config,
        events=events,
        crashes=[report_for(ValueError("boom"), "slot")],
        log_directory=logs,
    )

    got = members(path)
    assert set(got) == {
        "README.txt",
        "versions.json",
        "doctor.txt",
        "doctor.json",
        "config.toml",
        "events.jsonl",
        "crashes.txt",
        f"logs/{name}",
        f"logs/{name}.1",
    }
    assert got[f"logs/{name}.1"] == "before\n"
    assert "[WARN] clock" in got["doctor.txt"]
    assert json.loads(got["doctor.json"])["results"][0]["name"] == "clock"
    assert json.loads(got["events.jsonl"]) == {
        "event_type": "AgentState_Ready",
        "kind": 1,
        "content": {"workNo": "101"},
    }
    assert 'agent_id = "101"' in got["config.toml"]
    assert "ValueError: boom" in got["crashes.txt"]
    assert json.loads(got["versions.json"])["agentbar"]


def test_hand_typed_secret_in_the_profile_is_not_copied(tmp_path: Path, config: Path) -> None:
    config.write_text(config.read_text() + f'\n[secrets]\npassword = "{SECRET}"\n')
    got = members(write_bundle(tmp_path / "b.zip", config_path=config, log_directory=tmp_path))
    assert SECRET not in "".join(got.values())
    assert "[gateway]" in got["config.toml"]


def test_broken_profile_is_described_not_copied(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'password = "{SECRET}"\n[gateway\n')
    got = members(write_bundle(tmp_path / "b.zip", config_path=config, log_directory=tmp_path))
    assert "config.toml" not in got
    assert "not valid TOML" in got["config-error.txt"]
    assert SECRET not in "".join(got.values())


def test_secrets_in_logs_and_events_are_masked_on_the_way_in(tmp_path: Path, config: Path) -> None:
    remember_secret(SECRET)
    try:
        (tmp_path / profile_log_name(config)).write_text(f"old line without the filter: {SECRET}\n")
        got = members(
            write_bundle(
                tmp_path / "b.zip",
                config_path=config,
                events=[{"guid": "abc", "note": SECRET}],
                log_directory=tmp_path,
            )
        )
    finally:
        forget_secrets()
    everything = "".join(got.values())
    assert SECRET not in everything
    assert "old line without the filter: ***" in got[f"logs/{profile_log_name(config)}"]


def test_a_recorded_native_crash_is_packed_with_its_time(tmp_path: Path, config: Path) -> None:
    name = profile_log_name(config)
    (tmp_path / fault_file_name(name)).write_text("Fatal Python error: Segmentation fault\n")
    got = members(write_bundle(tmp_path / "b.zip", config_path=config, log_directory=tmp_path))
    text = got[f"logs/{fault_file_name(name)}"]
    assert text.startswith("# native crash stacks (faulthandler), last written ")
    assert "Segmentation fault" in text


def test_the_bundle_packs_the_log_this_process_writes(
    tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging

    from agentbar.desktop.logs import remove_handler, setup_file_logging

    monkeypatch.setattr(logging.getLogger(), "level", logging.getLogger().level)
    handler = setup_file_logging(tmp_path, name="agentbar-demo.log")
    try:
        logging.getLogger("agentbar.test.bundle").warning("from this process")
        got = members(write_bundle(tmp_path / "b.zip", config_path=config, log_directory=tmp_path))
    finally:
        remove_handler(handler)
    assert "from this process" in got["logs/agentbar-demo.log"]


def test_only_the_last_events_are_kept(tmp_path: Path, config: Path) -> None:
    events = [{"n": n} for n in range(MAX_EVENTS + 50)]
    got = members(
        write_bundle(tmp_path / "b.zip", config_path=config, events=events, log_directory=tmp_path)
    )
    lines = got["events.jsonl"].splitlines()
    assert len(lines) == MAX_EVENTS
    assert json.loads(lines[-1]) == {"n": MAX_EVENTS + 49}


def test_folder_destination_gets_a_dated_name(tmp_path: Path, config: Path) -> None:
    path = write_bundle(tmp_path, config_path=config, log_directory=tmp_path)
    assert path.parent == tmp_path
    assert path.name.startswith("agentbar-diagnostics-")
    assert path.suffix == ".zip"


def test_unwritable_destination_is_a_clear_error(tmp_path: Path, config: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(DiagnosticsError, match="Cannot save the diagnostics"):
        write_bundle(blocker / "b.zip", config_path=config, log_directory=tmp_path)


def test_versions_name_python_and_agentbar() -> None:
    found = versions()
    assert {"agentbar", "python", "os"} <= set(found)
