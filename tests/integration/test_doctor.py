"""``agentbar doctor`` against the simulator: good settings, and each thing that can be wrong."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from agentbar.doctor.report import DoctorReport, run_doctor
from agentbar.doctor.rows import Status
from agentbar.secrets import CCFS_SK, PASSWORD, MemoryStore
from agentbar.sim.server import SimSettings, SimThread
from tests.tls_certs import ServerCert, make_ca, make_server_cert

ROOT = Path(__file__).resolve().parents[2]
AGENT_PASSWORD = "Doctor-Pass-1234"


def write_profile(path: Path, url: str, *, ca: Path | None = None, ccfs: bool = False) -> Path:
    lines = ["[gateway]", f'url = "{url}"', 'agent_id = "101"', 'phone = "88880101"']
    # Recordings beside the profile, not in this machine's Downloads folder.
    lines += ["[ui]", f'download_dir = "{path.parent / "recordings"}"']
    if ca is not None:
        lines += ["[tls]", f'ca_bundle = "{ca}"']
    if ccfs:
        lines += ["[ccfs]", f'url = "{url}"', 'ak = "demo-ak"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def rows(report: DoctorReport) -> dict[str, Status]:
    return {r.name: r.status for r in report.results}


def row(report: DoctorReport, name: str) -> str:
    found = [r for r in report.results if r.name == name]
    assert found, f"no row {name!r} in {rows(report)}"
    return f"{found[0].detail} {found[0].action}"


@pytest.fixture
def tls_sim(tmp_path: Path) -> Iterator[Callable[..., tuple[str, ServerCert, SimSettings]]]:
    started: list[SimThread] = []

    def start(valid_days: float = 90) -> tuple[str, ServerCert, SimSettings]:
        cert = make_server_cert(tmp_path / f"certs{len(started)}", valid_days=valid_days)
        settings = SimSettings()
        thread = SimThread(settings)
        url = thread.start("127.0.0.1", 0, ssl_context=cert.server_context())
        started.append(thread)
        return url, cert, settings

    yield start
    for thread in started:
        thread.stop()


async def test_good_https_profile_passes_every_check(
    tmp_path: Path, tls_sim: Callable[..., tuple[str, ServerCert, SimSettings]]
) -> None:
    url, cert, _ = tls_sim()
    config = write_profile(tmp_path / "config.toml", url, ca=cert.ca_path, ccfs=True)
    secrets = MemoryStore({PASSWORD: AGENT_PASSWORD, CCFS_SK: "Sk-Value-5678"})

    report = await run_doctor(config, secrets, chinese_fonts=lambda: ["Noto Sans CJK SC"])

    assert rows(report) == {
        "config": Status.PASS,
        "gateway, ccfs: reachable": Status.PASS,
        "gateway, ccfs: TLS": Status.PASS,
        "clock": Status.PASS,
        "keyring": Status.PASS,
        "secret password": Status.PASS,
        "secret ccfs-sk": Status.PASS,
        "download folder": Status.PASS,
        "fonts": Status.PASS,
    }
    assert report.exit_code == 0
    assert "valid until" in row(report, "gateway, ccfs: TLS")
    text = report.to_table() + report.to_json_text()
    assert AGENT_PASSWORD not in text
    assert "Sk-Value-5678" not in text


async def test_wrong_url_fails_reachability(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = write_profile(tmp_path / "config.toml", f"http://127.0.0.1:{port}")

    report = await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))

    assert rows(report)["gateway: reachable"] is Status.FAIL
    assert "Cannot connect" in row(report, "gateway: reachable")
    assert "clock" not in rows(report)  # nothing to ask the time
    assert report.exit_code == 1


async def test_ca_bundle_of_another_ca_fails_tls(
    tmp_path: Path, tls_sim: Callable[..., tuple[str, ServerCert, SimSettings]]
) -> None:
    url, _, _ = tls_sim()
    other_ca, _, _ = make_ca(tmp_path, "some-other-ca")
    config = write_profile(tmp_path / "config.toml", url, ca=other_ca)

    report = await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))

    assert rows(report)["gateway: reachable"] is Status.PASS
    assert rows(report)["gateway: TLS"] is Status.FAIL
    assert "not trusted by the CA bundle" in row(report, "gateway: TLS")
    assert "tls.ca_bundle" in row(report, "gateway: TLS")
    assert report.exit_code == 1


async def test_certificate_expiring_soon_warns(
    tmp_path: Path, tls_sim: Callable[..., tuple[str, ServerCert, SimSettings]]
) -> None:
    url, cert, _ = tls_sim(valid_days=5)
    config = write_profile(tmp_path / "config.toml", url, ca=cert.ca_path)

    report = await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))

    assert rows(report)["gateway: TLS"] is Status.WARN
    assert "expires in" in row(report, "gateway: TLS")
    assert report.exit_code == 0


@pytest.mark.parametrize(
    ("skew", "status", "words"),
    [
        (5.0, Status.PASS, "5 s behind"),
        (-300.0, Status.WARN, "300 s ahead of"),
        (3600.0, Status.FAIL, "3600 s behind"),
    ],
)
async def test_clock_skew_is_measured_from_the_servers_date_header(
    tmp_path: Path, sim_factory: Callable[..., object], skew: float, status: Status, words: str
) -> None:
    sim = sim_factory(date_skew=skew)
    config = write_profile(tmp_path / "config.toml", sim.url)  # type: ignore[attr-defined]

    report = await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))

    assert rows(report)["clock"] is status
    # Date has whole seconds: allow one second either way.
    detail = row(report, "clock")
    number = float(words.split()[0])
    shown = float(detail.split("clock is ")[1].split()[0])
    assert abs(shown - number) <= 1.5, detail
    assert words.split(" ", 1)[1] in detail
    assert report.exit_code == (1 if status is Status.FAIL else 0)


async def test_plain_http_gateway_warns_about_encryption(
    tmp_path: Path, sim_factory: Callable[..., object]
) -> None:
    sim = sim_factory()
    config = write_profile(tmp_path / "config.toml", sim.url)  # type: ignore[attr-defined]
    report = await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))
    assert rows(report)["gateway: TLS"] is Status.WARN
    assert report.exit_code == 0


async def test_missing_service_secret_fails_and_says_how_to_store_it(
    tmp_path: Path, sim_factory: Callable[..., object]
) -> None:
    sim = sim_factory()
    config = write_profile(tmp_path / "config.toml", sim.url, ccfs=True)  # type: ignore[attr-defined]

    report = await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}))

    assert rows(report)["secret ccfs-sk"] is Status.FAIL
    assert "agentbar secrets set ccfs-sk" in row(report, "secret ccfs-sk")
    assert report.exit_code == 1


async def test_missing_password_only_warns(
    tmp_path: Path, sim_factory: Callable[..., object]
) -> None:
    sim = sim_factory()
    config = write_profile(tmp_path / "config.toml", sim.url)  # type: ignore[attr-defined]
    report = await run_doctor(config, MemoryStore())
    assert rows(report)["secret password"] is Status.WARN
    assert report.exit_code == 0


async def test_invalid_profile_fails_and_skips_the_network(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[gateway]\nurl = "ftp://x"\nagent_id = "101"\nphone = "1"\n')
    report = await run_doctor(config, MemoryStore())
    assert rows(report)["config"] is Status.FAIL
    assert "gateway.url" in row(report, "config")
    assert not any("reachable" in name for name in rows(report))
    assert report.exit_code == 1


def test_doctor_command_prints_json_and_exits_non_zero_on_failure(
    tmp_path: Path, sim_factory: Callable[..., object]
) -> None:
    sim = sim_factory(date_skew=3600.0)
    config = write_profile(tmp_path / "config.toml", sim.url)  # type: ignore[attr-defined]
    keyring_file = tmp_path / "keyring.py"
    keyring_file.write_text(
        "from tests.memory_keyring import MemoryKeyring\n"
        "import keyring\n"
        "keyring.set_keyring(MemoryKeyring())\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, runpy; sys.path.insert(0, sys.argv[1]); runpy.run_path(sys.argv[2]);"
            "from agentbar.cli import main; sys.exit(main(sys.argv[3:]))",
            str(ROOT),
            str(keyring_file),
            "doctor",
            "--json",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert data["ok"] is False
    statuses = {r["name"]: r["status"] for r in data["results"]}
    assert statuses["clock"] == "fail"
    assert statuses["keyring"] == "pass"
    assert data["summary"]["fail"] >= 1


async def test_sign_in_check_signs_in_and_straight_out(
    tmp_path: Path, sim_factory: Callable[..., object]
) -> None:
    sim = sim_factory()
    config = write_profile(tmp_path / "config.toml", sim.url)  # type: ignore[attr-defined]

    report = await run_doctor(config, MemoryStore({PASSWORD: "demo"}), sign_in=True)

    assert rows(report)["sign-in"] is Status.PASS
    agents = {a["agentId"]: a for a in sim.control.agents()}  # type: ignore[attr-defined]
    assert agents["101"]["signedIn"] is False


async def test_sign_in_check_with_a_wrong_password_fails(
    tmp_path: Path, sim_factory: Callable[..., object]
) -> None:
    sim = sim_factory()
    config = write_profile(tmp_path / "config.toml", sim.url)  # type: ignore[attr-defined]

    report = await run_doctor(config, MemoryStore({PASSWORD: AGENT_PASSWORD}), sign_in=True)

    assert rows(report)["sign-in"] is Status.FAIL
    assert "100-004" in row(report, "sign-in")
    assert "agentbar secrets set password" in row(report, "sign-in")
    assert AGENT_PASSWORD not in report.to_table()
    assert report.exit_code == 1
