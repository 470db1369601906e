"""The sentinel test: planted secrets never reach a log, the bundle, the profile or the output.

Unique sentinel strings are the agent password (in the keyring and in the simulator's centre),
the CC-FS SK, the three app/client secrets, and every token and GUID the simulator hands out.
Then, with DEBUG logging into the rotating log: sign-in, an event poll, FAQ, work-order and
quality calls, a signed CC-FS call, error paths (wrong password, wrong SK), a crash whose message
carries a secret, the doctor with ``--sign-in`` and a diagnostics bundle. No sentinel may appear
in any log file, bundle member, ``config.toml`` or captured output.
"""

from __future__ import annotations

import itertools
import json
import logging
import secrets as std_secrets
import types
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import agentbar.sim.apig
import agentbar.sim.cases
import agentbar.sim.faq
import agentbar.sim.guids
from agentbar.cec import build_client
from agentbar.cec.cases import CaseClient
from agentbar.cec.errors import CecError
from agentbar.cec.faq import FaqClient
from agentbar.cec.gateway import GatewayClient
from agentbar.cec.quality import QualityClient
from agentbar.cec.recordings import RecordingsClient
from agentbar.cec.signing import AuthV2
from agentbar.cec.tokens import TokenByAkSk
from agentbar.config import demo_profile, save_profile
from agentbar.desktop.crash import CrashHandler
from agentbar.desktop.logs import log_files, remove_handler, setup_file_logging
from agentbar.doctor.bundle import write_bundle
from agentbar.doctor.report import run_doctor
from agentbar.secrets import (
    CASES_CLIENT_SECRET,
    CCFS_SK,
    FAQ_APP_SECRET,
    PASSWORD,
    QUALITY_APP_SECRET,
    KeyringStore,
)
from agentbar.sim.apig import APIG_KEY
from agentbar.sim.auth_v2 import TENANT_KEY
from agentbar.sim.cases import CASES_KEY
from agentbar.sim.faq import DEMO_TENANT, FAQ_KEY
from tests.memory_keyring import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]

PLANTED = {
    PASSWORD: "SENTINEL-password-7f3a",
    CCFS_SK: "SENTINEL-ccfs-sk-91c2",
    QUALITY_APP_SECRET: "SENTINEL-quality-secret-44d0",
    FAQ_APP_SECRET: "SENTINEL-faq-secret-0b17",
    CASES_CLIENT_SECRET: "SENTINEL-cases-secret-e5e9",
}
WRONG_PASSWORD = "SENTINEL-wrong-password-3c3c"
TOKEN_PREFIX = "SENTINELtoken"
GUID_PREFIX = "SENTINELguid"


def sentinel_tokens(prefix: str) -> Callable[..., str]:
    counter = itertools.count()
    return lambda *_: f"{prefix}{next(counter):04d}"


@pytest.fixture
def sentinel_sim(
    tmp_path: Path, sim_factory: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> object:
    # Every token and GUID the simulator issues carries a sentinel prefix.
    for module, names in (
        (agentbar.sim.faq, ("token_hex", "token_urlsafe")),
        (agentbar.sim.cases, ("token_urlsafe", "token_hex")),
        (agentbar.sim.apig, ("token_urlsafe", "token_hex")),
    ):
        fake = types.SimpleNamespace(
            compare_digest=std_secrets.compare_digest,
            choice=std_secrets.choice,
            **{name: sentinel_tokens(f"{TOKEN_PREFIX}{module.__name__[-4:]}") for name in names},
        )
        monkeypatch.setattr(module, "secrets", fake)
    counter = itertools.count()
    monkeypatch.setattr(
        agentbar.sim.guids,
        "uuid",
        types.SimpleNamespace(uuid4=lambda: f"{GUID_PREFIX}{next(counter):04d}"),
    )
    # The simulated contact centre knows the planted password and secrets.
    center = json.loads((ROOT / "agentbar" / "sim" / "data" / "center.json").read_text("utf-8"))
    for agent in center["agents"]:
        if str(agent["workno"]) == "101":
            agent["password"] = PLANTED[PASSWORD]
    center_path = tmp_path / "center.json"
    center_path.write_text(json.dumps(center), encoding="utf-8")
    sim = sim_factory(center_path=center_path)
    app = sim.thread.server.app  # type: ignore[attr-defined]

    def plant() -> None:
        app[FAQ_KEY].tenants[DEMO_TENANT] = PLANTED[FAQ_APP_SECRET]
        app[CASES_KEY].clients["demo-client"] = PLANTED[CASES_CLIENT_SECRET]
        app[APIG_KEY].apps["demo-app"] = PLANTED[QUALITY_APP_SECRET]
        app[TENANT_KEY].keys["demo-ak"] = PLANTED[CCFS_SK]

    sim.thread.call(plant)  # type: ignore[attr-defined]
    return sim


@pytest.fixture
def debug_log(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    level = root.level
    directory = tmp_path / "logs"
    handler = setup_file_logging(directory, level=logging.DEBUG)
    root.setLevel(logging.DEBUG)
    try:
        yield directory
    finally:
        remove_handler(handler)
        root.setLevel(level)


async def test_no_planted_secret_leaks_into_logs_bundle_profile_or_output(
    tmp_path: Path,
    sentinel_sim: object,
    debug_log: Path,
    capfd: pytest.CaptureFixture[str],
) -> None:
    log = logging.getLogger("agentbar.test.sentinel")
    url: str = sentinel_sim.url  # type: ignore[attr-defined]
    store = KeyringStore(MemoryKeyring())
    for name, value in PLANTED.items():
        store.set(name, value)
    profile = demo_profile(url)
    config = save_profile(profile, tmp_path / "config.toml")
    seen_tokens: set[str] = set()

    http = build_client()
    try:
        # CC-Gateway: a failed sign-in, a real one, an event, sign-out.
        gateway = GatewayClient(http, url, "101")
        with pytest.raises(CecError) as refused:
            await gateway.sign_in(WRONG_PASSWORD, profile.gateway.phone)
        log.warning("sign-in refused: %s", refused.value)
        await gateway.sign_in(store.get(PASSWORD) or "", profile.gateway.phone)
        assert gateway.guid is not None
        assert gateway.guid.startswith(GUID_PREFIX)
        seen_tokens.add(gateway.guid)
        event = await gateway.poll_event()
        log.info("first event: %r", event)
        events = [event] if event is not None else []

        # OIFDE FAQ (C3 token), Case 2.0 (access-token), CCSQM (Bearer), CC-FS (auth-v2).
        faq = FaqClient(http, url, DEMO_TENANT, lambda: store.get(FAQ_APP_SECRET) or "")
        result = await faq.query_enabled_groups("how do I reset my password", "zh_CN")
        log.info("faq answered: %r", result)
        cases = CaseClient(http, url, "demo-client", lambda: store.get(CASES_CLIENT_SECRET))
        log.info("case types: %r", await cases.case_type_page())
        tokens = TokenByAkSk(http, url, "demo-app", lambda: store.get(QUALITY_APP_SECRET))
        quality = QualityClient(http, url, tokens, app_key="demo-app", user_id="101")
        log.info("inspected: %r", await quality.inspected_calls("101"))
        seen_tokens.add(await tokens.token())
        recordings = RecordingsClient(
            http, ccfs_url=url, ccfs_auth=AuthV2("demo-ak", store.get(CCFS_SK) or "")
        )
        try:
            await recordings.download(
                recordings.via_ccfs(call_id="1598751234-5678"), tmp_path / "rec.wav"
            )
        except CecError as exc:
            log.info("no such recording, as expected: %s", exc)
        # Wrong SK: the error path of auth-v2.
        wrong = RecordingsClient(http, ccfs_url=url, ccfs_auth=AuthV2("demo-ak", WRONG_PASSWORD))
        with pytest.raises(CecError) as unsigned:
            await wrong.download(wrong.via_ccfs(call_id="1"), tmp_path / "x.wav")
        log.warning("download refused", exc_info=unsigned.value)
        await gateway.sign_out()
    finally:
        await http.aclose()

    # A crash whose message carries a secret, as a careless f-string would.
    crash = CrashHandler()
    try:
        raise RuntimeError(
            f"sign-in body was {json.dumps({'password': PLANTED[PASSWORD]})}, "
            f"Authorization: Bearer {TOKEN_PREFIX}crash"
        )
    except RuntimeError as exc:
        report = crash.handle(exc, "slot")

    doctor = await run_doctor(config, store, sign_in=True)
    assert [r.status for r in doctor.results if r.name == "sign-in"] == ["pass"]
    bundle = write_bundle(
        tmp_path / "diagnostics.zip",
        report=doctor,
        config_path=config,
        events=events,
        crashes=crash.reports,
        log_directory=debug_log,
    )
    captured = capfd.readouterr()

    # The run really produced the material we search: DEBUG lines from the HTTP stack, the
    # sign-in, the FAQ, the crash traceback.
    files = log_files(debug_log)
    log_text = "".join(p.read_text("utf-8") for p in files)
    assert "HTTP Request: PUT" in log_text
    assert "onlineagent/101" in log_text
    assert "faq answered" in log_text
    assert "Traceback" in log_text
    assert "Authorization: Bearer ***" in log_text

    with zipfile.ZipFile(bundle) as archive:
        members = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    assert {"config.toml", "doctor.txt", "events.jsonl", "crashes.txt"} <= set(members)
    assert any(name.startswith("logs/") for name in members)

    places = {f"log {p.name}": p.read_text("utf-8") for p in files}
    places.update({f"bundle {name}": text for name, text in members.items()})
    places["config.toml"] = config.read_text("utf-8")
    places["stdout"] = captured.out
    places["stderr"] = captured.err
    places["crash report"] = f"{report.summary}\n{report.traceback}"
    places["doctor"] = doctor.to_table() + doctor.to_json_text()
    needles = [*PLANTED.values(), WRONG_PASSWORD, TOKEN_PREFIX, GUID_PREFIX, *seen_tokens]
    leaks = [
        f"{needle!r} in {place}" for place, text in places.items() for needle in needles
        if needle in text
    ]  # fmt: skip
    assert leaks == []


def test_events_verbose_prints_no_guid_or_password(tmp_path: Path, sentinel_sim: object) -> None:
    """``agentbar events -v``: httpcore2's debug lines carry every response header (Set-GUID)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from agentbar.desktop.logs import profile_log_name

    url: str = sentinel_sim.url  # type: ignore[attr-defined]
    config = save_profile(demo_profile(url), tmp_path / "config.toml")
    text = config.read_text("utf-8")
    config.write_text(text.replace('log_level = "info"', 'log_level = "debug"'), "utf-8")
    logs = tmp_path / "logs"
    env = dict(os.environ, PYTHONPATH=str(ROOT), AGENTBAR_LOG_DIR=str(logs))
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
    argv = ["events", "-v", "--config", str(config), "--password-stdin"]
    # Files, not pipes: -v writes more than a pipe holds before the test reads it.
    with (tmp_path / "out").open("w+") as out_file, (tmp_path / "err").open("w+") as err_file:
        child = subprocess.Popen(
            [sys.executable, "-m", "agentbar", *argv],
            stdin=subprocess.PIPE,
            stdout=out_file,
            stderr=err_file,
            env=env,
            text=True,
        )
        assert child.stdin is not None
        child.stdin.write(PLANTED[PASSWORD] + "\n")
        child.stdin.close()
        log_file = logs / profile_log_name(config)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and "agentevent" not in (
            log_file.read_text("utf-8") if log_file.exists() else ""
        ):
            time.sleep(0.2)
        child.send_signal(signal.SIGINT)
        assert child.wait(timeout=30) == 0
    out = (tmp_path / "out").read_text("utf-8")
    err = (tmp_path / "err").read_text("utf-8")

    log_text = log_file.read_text("utf-8")
    assert "Set-GUID" in err
    assert "Set-GUID" in log_text
    assert "signed out" in err
    for place, text in {"stdout": out, "stderr": err, "log": log_text}.items():
        for needle in (PLANTED[PASSWORD], GUID_PREFIX):
            assert needle not in text, f"{needle!r} in {place}"
