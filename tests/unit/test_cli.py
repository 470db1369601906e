"""The ``agentbar`` command line: parsing, --version, ``secrets``, ``sim`` option checks, usage."""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from agentbar import __version__
from agentbar.cli import command as cli
from agentbar.cli import secrets as secrets_cli
from agentbar.secrets import MemoryStore
from tests.memory_keyring import MemoryKeyring

VALUE = "pa ss-wörd "
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


def feed_stdin(monkeypatch: pytest.MonkeyPatch, text: str, *, tty: bool = False) -> None:
    stream = io.StringIO(text)
    stream.isatty = lambda: tty  # type: ignore[method-assign]
    monkeypatch.setattr(sys, "stdin", stream)


def test_version_prints_name_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out == f"agentbar {__version__}\n"


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("sim", "events", "secrets"):
        assert command in out


@pytest.mark.parametrize(
    "argv",
    [
        ["--bogus"],
        ["frobnicate"],
        ["--lang", "fr"],
        ["secrets"],
        ["secrets", "set"],
        ["secrets", "set", "pasword"],
        ["sim", "--port", "70000"],
        ["sim", "--guid-interval", "-1"],
        ["sim", "--idle-signout", "soon"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_unknown_secret_name_lists_the_known_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["secrets", "status", "pasword"]) == 2
    err = capsys.readouterr().err
    assert "'pasword'" in err
    assert "cases-client-secret" in err


def test_secrets_set_from_stdin_stores_the_line_without_its_newline(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    feed_stdin(monkeypatch, VALUE + "\n")
    assert cli.main(["secrets", "set", "--stdin", "password"]) == 0
    assert memory_keyring.store[("agentbar", "password")] == VALUE
    out, err = capsys.readouterr()
    assert "Stored password" in out
    assert VALUE not in out + err


def test_secrets_set_prompts_twice_without_echo(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    feed_stdin(monkeypatch, "", tty=True)
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return VALUE

    monkeypatch.setattr(secrets_cli.getpass, "getpass", fake_getpass)
    assert cli.main(["secrets", "set", "ccfs-sk"]) == 0
    assert prompts == ["ccfs-sk: ", "ccfs-sk (again): "]
    assert memory_keyring.store[("agentbar", "ccfs-sk")] == VALUE


def test_secrets_set_with_different_entries_stores_nothing(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    feed_stdin(monkeypatch, "", tty=True)
    answers = iter(["one", "two"])
    monkeypatch.setattr(secrets_cli.getpass, "getpass", lambda prompt="": next(answers))
    assert cli.main(["secrets", "set", "password"]) == 1
    assert "differ" in capsys.readouterr().err
    assert memory_keyring.store == {}


def test_secrets_set_without_a_terminal_points_to_stdin_option(
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    feed_stdin(monkeypatch, VALUE + "\n", tty=False)
    assert cli.main(["secrets", "set", "password"]) == 1
    assert "--stdin" in capsys.readouterr().err
    assert memory_keyring.store == {}


@pytest.mark.parametrize(("text", "words"), [("", "nothing on stdin"), ("\n", "value is empty")])
def test_secrets_set_with_empty_stdin_stores_nothing(
    text: str,
    words: str,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    feed_stdin(monkeypatch, text)
    assert cli.main(["secrets", "set", "--stdin", "password"]) == 1
    assert words in capsys.readouterr().err
    assert memory_keyring.store == {}


def test_secrets_status_shows_stored_and_not_stored_never_values(
    memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    memory_keyring.store[("agentbar", "faq-app-secret")] = VALUE
    assert cli.main(["secrets", "status"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert "MemoryKeyring" in lines[0]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == {
        "password",
        "ccfs-sk",
        "quality-app-secret",
        "faq-app-secret",
        "cases-client-secret",
    }
    assert " stored " in rows["faq-app-secret"] + " "
    assert "not stored" in rows["password"]
    assert "not stored" not in rows["faq-app-secret"]
    assert VALUE not in out


def test_secrets_status_of_one_name(
    memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["secrets", "status", "password"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("password")
    assert "not stored" in lines[1]


def test_secrets_delete_removes_and_is_idempotent(
    memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    memory_keyring.store[("agentbar", "password")] = VALUE
    assert cli.main(["secrets", "delete", "password"]) == 0
    assert "Deleted password" in capsys.readouterr().out
    assert memory_keyring.store == {}
    assert cli.main(["secrets", "delete", "password"]) == 0
    assert "nothing to delete" in capsys.readouterr().out


@pytest.mark.usefixtures("no_keyring")
@pytest.mark.parametrize(
    "argv",
    [
        ["secrets", "status"],
        ["secrets", "delete", "password"],
        ["secrets", "set", "--stdin", "password"],
    ],
)
def test_secrets_without_a_keyring_exit_1_and_say_why(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed_stdin(monkeypatch, VALUE + "\n")
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert "No system keyring" in err
    assert "never stores secrets in plain text" in err


def test_secrets_run_accepts_an_injected_store(capsys: pytest.CaptureFixture[str]) -> None:
    store = MemoryStore({"cases-client-secret": VALUE})
    args = cli.build_parser().parse_args(["secrets", "status", "cases-client-secret"])
    assert secrets_cli.run(args, store) == 0
    out = capsys.readouterr().out
    assert "memory" in out
    assert "cases-client-secret" in out
    assert "not stored" not in out


def test_config_option_is_accepted_before_and_after_the_subcommand() -> None:
    parser = cli.build_parser()
    before = parser.parse_args(["--config", "a.toml", "events"])
    after = parser.parse_args(["events", "--config", "b.toml"])
    assert before.config == Path("a.toml")
    assert after.config == Path("b.toml")
    assert parser.parse_args(["events"]).config is None


def test_sim_rejects_guid_interval_not_below_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["sim", "--guid-interval", "120", "--guid-timeout", "120"]) == 2
    assert "must be smaller than --guid-timeout" in capsys.readouterr().err


def test_sim_needs_both_tls_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cert = tmp_path / "cert.pem"
    cert.write_text("x", encoding="utf-8")
    assert cli.main(["sim", "--tls-cert", str(cert)]) == 2
    assert "go together" in capsys.readouterr().err
    assert cli.main(["sim", "--tls-cert", str(cert), "--tls-key", str(tmp_path / "no")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_gui_is_started_with_the_parsed_options(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Path | None, bool, str | None]] = []

    def fake_run_gui(config_path: Path | None, *, demo: bool, language: str | None) -> int:
        calls.append((config_path, demo, language))
        return 7

    import agentbar.startup.launch

    monkeypatch.setattr(agentbar.startup.launch, "run_gui", fake_run_gui)
    assert cli.main(["--config", "x.toml", "--demo", "--lang", "zh_CN"]) == 7
    assert cli.main([]) == 7
    assert calls == [(Path("x.toml"), True, "zh_CN"), (None, False, None)]


def test_subcommands_do_not_load_qt_widgets() -> None:
    code = (
        "import sys\n"
        "from agentbar.cli import command as cli\n"
        "cli.build_parser()\n"
        "rc = cli.main(['secrets', 'status', 'password'])\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'aiohttp', 'qasync'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring", "PATH": ""},
        cwd=ROOT,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr


def test_events_warns_when_tls_is_off_or_the_password_travels_in_clear() -> None:
    from agentbar.cli.events import connection_warnings
    from agentbar.config import GatewayConfig, Profile, TlsConfig

    def profile(url: str, verify: bool = True) -> Profile:
        return Profile(gateway=GatewayConfig(url, "101", "1"), tls=TlsConfig(verify=verify))

    assert connection_warnings(profile("https://gw:8043")) == []
    assert connection_warnings(profile("http://127.0.0.1:8043")) == []
    assert connection_warnings(profile("http://localhost:8043")) == []
    (off,) = connection_warnings(profile("https://gw:8043", verify=False))
    assert "verification is OFF" in off
    (clear,) = connection_warnings(profile("http://10.1.1.1:8043"))
    assert "plain HTTP" in clear


# --- the file log of events, doctor and sim ------------------------------------------------------


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from agentbar.desktop.logs import LOG_DIR_ENV

    directory = tmp_path / "logs"
    monkeypatch.setenv(LOG_DIR_ENV, str(directory))
    return directory


def test_sim_logs_to_its_own_file(log_dir: Path) -> None:
    assert cli.main(["sim", "--guid-interval", "120", "--guid-timeout", "120"]) == 2
    assert "agentbar " in (log_dir / "agentbar-sim.log").read_text(encoding="utf-8")
    # The handler is gone with the command: nothing keeps the file open.
    assert not [h for h in logging.getLogger().handlers if "agentbar-sim" in str(h)]


def test_a_failed_events_run_is_in_the_profiles_log_and_its_bundle(
    log_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from agentbar.desktop.logs import profile_log_name
    from agentbar.doctor.bundle import write_bundle

    config = tmp_path / "config.toml"
    config.write_text(
        '[gateway]\nurl = "http://127.0.0.1:9"\nagent_id = "101"\nphone = "1"\n'
        '[ui]\nlog_level = "debug"\n',
        encoding="utf-8",
    )
    feed_stdin(monkeypatch, "pw\n")
    assert cli.main(["events", "--config", str(config), "--password-stdin"]) == 1
    name = profile_log_name(config)
    text = (log_dir / name).read_text(encoding="utf-8")
    assert "agentbar " in text
    assert " DEBUG " in text  # the profile's log_level
    bundle = write_bundle(tmp_path / "b.zip", config_path=config, log_directory=log_dir)
    with zipfile.ZipFile(bundle) as archive:
        assert f"logs/{name}" in archive.namelist()


def test_secrets_and_autostart_write_no_log_file(log_dir: Path) -> None:
    assert cli.main(["secrets", "status", "pasword"]) == 2
    assert not log_dir.exists()
