"""The rotating log and the redaction that keeps secrets out of every line."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from agentbar.desktop import logs
from agentbar.desktop.logs import (
    LOG_FILE_NAME,
    MASK,
    RedactingFilter,
    forget_secrets,
    log_files,
    redact,
    remember_secret,
    remove_handler,
    setup_file_logging,
)

SECRET = "S3ntinel-Secret-4711"


@pytest.fixture(autouse=True)
def _clean_secrets() -> Iterator[None]:
    forget_secrets()
    yield
    forget_secrets()


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.mark.parametrize(
    "text",
    [
        f'{{"password":"{SECRET}","phonenum":"88880101"}}',
        f'{{"appSecret": "{SECRET}"}}',
        f"{{'password': '{SECRET}', 'status': 4}}",
        f"[(b'authorization', b'{SECRET}')]",
        f"Authorization: Bearer {SECRET}",
        f"Authorization: auth-v2/ak/2024-01-02T03:04:05Z/host/{SECRET}",
        f"Set-GUID: JSESSIONID={SECRET}.AgentGateway0",
        f"Guid: {SECRET}",
        f"access-token: {SECRET}",
        f"GET /x?access_token={SECRET}&a=1",
        f"Credentials(client_secret='{SECRET}', user='101')",
        f'X-Token="{SECRET}"',
    ],
)
def test_labelled_secrets_are_masked(text: str) -> None:
    out = redact(text)
    assert SECRET not in out
    assert MASK in out


def test_ordinary_text_is_left_alone() -> None:
    text = 'PUT /agentgateway/resource/onlineagent/101 -> retcode "0", state 4 (idle)'
    assert redact(text) == text


def test_json_stays_readable_after_masking() -> None:
    assert redact('{"password":"x","phonenum":"1"}') == '{"password":"***","phonenum":"1"}'


def test_remembered_value_is_masked_anywhere() -> None:
    remember_secret(SECRET)
    assert redact(f"boom near{SECRET}here") == f"boom near{MASK}here"


def test_short_values_are_not_remembered_so_words_survive() -> None:
    remember_secret("demo")
    assert redact("the demo tenant") == "the demo tenant"


def test_filter_masks_message_args_and_traceback() -> None:
    remember_secret(SECRET)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactingFilter())
    logger = logging.getLogger("agentbar.test.redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("sign-in body %s", {"password": SECRET})
        try:
            raise ValueError(f"token {SECRET} rejected")
        except ValueError:
            logger.exception("failed with %s", SECRET)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    out = stream.getvalue()
    assert SECRET not in out
    assert "Traceback" in out
    assert "ValueError" in out


def test_file_log_is_written_redacted_and_rotated(
    tmp_path: Path, root_logger: logging.Logger
) -> None:
    remember_secret(SECRET)
    handler = setup_file_logging(tmp_path, level=logging.DEBUG, max_bytes=2000, backup_count=2)
    assert handler is not None
    log = logging.getLogger("agentbar.test.file")
    for n in range(100):
        log.debug("line %d with %s and password=%s", n, "x" * 40, SECRET)
    remove_handler(handler)
    files = log_files(tmp_path)
    assert files[0] == tmp_path / LOG_FILE_NAME
    assert [f.name for f in files[1:]] == [f"{LOG_FILE_NAME}.1", f"{LOG_FILE_NAME}.2"]
    text = "".join(f.read_text(encoding="utf-8") for f in files)
    assert "line 99" in text
    assert SECRET not in text


def test_file_logging_keeps_stderr_at_its_level(
    tmp_path: Path, root_logger: logging.Logger
) -> None:
    stream = io.StringIO()
    stderr = logging.StreamHandler(stream)
    root_logger.addHandler(stderr)
    root_logger.setLevel(logging.WARNING)
    handler = setup_file_logging(tmp_path, level=logging.INFO)
    logging.getLogger("agentbar.test.levels").info("only in the file")
    remove_handler(handler)
    root_logger.removeHandler(stderr)
    assert stream.getvalue() == ""
    assert "only in the file" in (tmp_path / LOG_FILE_NAME).read_text(encoding="utf-8")
    # ...and the stderr handler got the redaction filter too.
    assert any(isinstance(f, RedactingFilter) for f in stderr.filters)


def test_unwritable_log_dir_does_not_stop_agentbar(
    tmp_path: Path, root_logger: logging.Logger
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert setup_file_logging(blocker / "logs") is None


def test_log_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(logs.LOG_DIR_ENV, str(tmp_path))
    assert logs.log_dir() == tmp_path


# --- one file per profile, shared rotation, native crashes, Qt's messages -----------------------


def test_each_profile_has_its_own_log_keyed_like_its_data_folder(tmp_path: Path) -> None:
    from agentbar.config import profile_data_dir

    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    assert logs.profile_log_name(one) == f"agentbar-{profile_data_dir(one).name}.log"
    assert logs.profile_log_name(one) != logs.profile_log_name(two)
    assert logs.profile_log_name(one, demo=True) == "agentbar-demo.log"
    assert logs.fault_file_name("agentbar-demo.log") == "agentbar-demo-faults.log"


def test_log_files_follow_the_file_this_process_writes(
    tmp_path: Path, root_logger: logging.Logger
) -> None:
    handler = setup_file_logging(tmp_path, name="agentbar-demo.log")
    logging.getLogger("agentbar.test.current").warning("hello")
    assert logs.current_log_file() == tmp_path / "agentbar-demo.log"
    assert log_files(tmp_path) == [tmp_path / "agentbar-demo.log"]
    remove_handler(handler)
    assert logs.current_log_file() is None


def test_a_failed_rollover_is_retried_later_not_on_every_line(
    tmp_path: Path, root_logger: logging.Logger, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As on Windows when another process has the file open: the rename is refused."""
    handler = setup_file_logging(tmp_path, level=logging.DEBUG, max_bytes=2000, backup_count=2)
    assert isinstance(handler, logs.SharedRotatingFileHandler)
    attempts: list[str] = []
    errors: list[logging.LogRecord] = []

    def refuse(source: str, dest: str) -> None:
        attempts.append(source)
        raise PermissionError(13, "in use by another process", source)

    monkeypatch.setattr(handler, "rotate", refuse)
    monkeypatch.setattr(handler, "handleError", errors.append)
    log = logging.getLogger("agentbar.test.shared")
    for n in range(60):
        log.debug("line %d %s", n, "x" * 80)  # about 6 KB: three times max_bytes
    remove_handler(handler)
    assert errors == []
    assert 1 <= len(attempts) <= 12  # not once per line past the limit (about 40)
    text = (tmp_path / LOG_FILE_NAME).read_text(encoding="utf-8")
    assert "line 0 " in text
    assert "line 59 " in text


def test_log_level_names() -> None:
    assert logs.level_named("debug") == logging.DEBUG
    assert logs.level_named(" WARNING ") == logging.WARNING
    assert logs.level_named("nonsense") == logging.INFO


def test_native_crash_stacks_land_in_the_fault_file(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    fault_file = tmp_path / "agentbar-x-faults.log"
    script = (
        "import faulthandler, pathlib\n"
        "from agentbar.desktop.crash import enable_fault_log\n"
        f"assert enable_fault_log(pathlib.Path({str(fault_file)!r}))\n"
        "faulthandler._sigsegv()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONFAULTHANDLER"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode != 0
    text = fault_file.read_text(encoding="utf-8")
    assert "Fatal Python error" in text
    assert "<string>" in text  # the crashing line's stack


def test_fault_log_leaves_an_enabled_faulthandler_alone(tmp_path: Path) -> None:
    import faulthandler

    from agentbar.desktop.crash import enable_fault_log

    if not faulthandler.is_enabled():
        pytest.skip("pytest's faulthandler plugin is off")
    assert enable_fault_log(tmp_path / "f.log") is None
    assert not (tmp_path / "f.log").exists()


def test_qt_messages_reach_the_log(root_logger: logging.Logger) -> None:
    from PySide6.QtCore import qInstallMessageHandler, qWarning

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logs.install_redaction([handler])
    root_logger.addHandler(handler)
    root_logger.setLevel(logging.INFO)
    logs.route_qt_messages()
    try:
        qWarning("a Qt complaint with token=abcdef123456")
    finally:
        qInstallMessageHandler(None)
    text = stream.getvalue()
    assert "default: a Qt complaint with token=***" in text
