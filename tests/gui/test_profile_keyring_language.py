"""Profile and keyring problems reach the zh_CN window in Chinese, not in the CLI's English.

A broken profile shown by the setup dialog and by the Check dialog, a keyring that cannot be used
(Check dialog, main window warning): every word that is ours is translated. What stays as it came
is data — file paths, the dotted key (``gateway.url``), URLs, tomllib's description of the TOML
error, the keyring backend's class path and its own error text, secret names — and is taken out
of the text before looking for English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import keyring.errors
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from agentbar import secrets
from agentbar.config import ConfigError, GatewayConfig, Profile, load_profile, validate_profile
from agentbar.doctor.report import DoctorReport, run_doctor
from agentbar.doctor.rows import Status
from agentbar.message import Message
from agentbar.secrets import KeyringStore, MemoryStore
from agentbar.ui.error_text import error_message, error_title, keyring_description
from agentbar.ui.i18n import install_language
from agentbar.ui.settings.doctor_dialog import DoctorDialog, check_text
from agentbar.ui.setup.setup_dialog import SetupDialog
from tests.gui.i18n_check import CJK, leftovers, untranslated
from tests.memory_keyring import MemoryKeyring

# Words that stay Latin in the Chinese sentences: file formats, keys and values to type, commands,
# product and protocol names.
KEPT = {
    "TOML",
    "UTF",
    "agent_id",
    "phone",
    "url",
    "ca_bundle",
    "https",
    "http",
    "PEM",
    "CA",
    "IP",
    "en",
    "zh_CN",
    "true",
    "false",
    "agentbar",
    "secrets",
    "set",
    "NAME",
    "GNOME",
    "Keyring",
    "KWallet",
    "Linux",
    "Login",
    "gnome",
    "keyring",
    "Bus",
    "Windows",
    "macOS",
}


def english_left(text: str, data: Iterable[str]) -> list[str]:
    """The Latin words of ``text`` that are neither data nor in :data:`KEPT`."""
    for value in sorted(data, key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    return [word for word in re.findall(r"[A-Za-z_]{2,}", text) if word not in KEPT]


def data_of(message: Message) -> list[str]:
    """The arguments of ``message`` that are data (shown as they came)."""
    return [value for key, value in message.args.items() if key not in message.words]


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    try:
        assert install_language("zh_CN")
        qapp.processEvents()
        yield
    finally:
        install_language("en")
        qapp.processEvents()


def broken(tmp_path: Path, text: str) -> ConfigError:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_profile(path)
    return info.value


# --- the setup dialog ---------------------------------------------------------------------------


def test_setup_dialog_shows_a_profile_that_does_not_load_in_chinese(
    qtbot: QtBot, tmp_path: Path, chinese: None
) -> None:
    exc = broken(tmp_path, "[gateway\n")
    dialog = SetupDialog(problem=exc)
    qtbot.addWidget(dialog)
    dialog.show()

    shown = dialog.problem.text()
    assert dialog.problem.isVisible()
    assert shown.startswith(f"{tmp_path / 'config.toml'} 不是有效的 TOML（第 1 行，第 9 列）")
    # tomllib's words are data: they stay as Python wrote them.
    assert exc.text.args["reason"] in shown
    assert english_left(shown, data_of(exc.text)) == []
    assert leftovers(dialog) == []


def test_setup_dialog_translates_the_words_inside_a_profile_problem(
    qtbot: QtBot, tmp_path: Path, chinese: None
) -> None:
    exc = broken(tmp_path, "[gateway]\nurl = 5\n")
    dialog = SetupDialog(problem=exc)
    qtbot.addWidget(dialog)
    dialog.show()

    shown = dialog.problem.text()
    assert "必须是带双引号的字符串，而不是整数" in shown
    assert english_left(shown, data_of(exc.text)) == []


def test_setup_dialog_follows_a_language_switch_and_shows_the_clis_english_in_english(
    qtbot: QtBot, qapp: QApplication
) -> None:
    profile = Profile(gateway=GatewayConfig(url="https://h:1", agent_id="101", phone="x"))
    with pytest.raises(ConfigError) as info:
        validate_profile(profile)  # no file yet: the word "profile" names it
    exc = info.value
    dialog = SetupDialog(problem=exc)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.problem.text() == str(exc)
    try:
        assert install_language("zh_CN")
        qapp.processEvents()
        shown = dialog.problem.text()
        assert shown.startswith("配置文件：gateway.phone：当前为 'x'；")
        assert english_left(shown, data_of(exc.text)) == []
    finally:
        install_language("en")
        qapp.processEvents()
    assert dialog.problem.text() == str(exc)


# --- the Check dialog ---------------------------------------------------------------------------


class LockedBackend(MemoryKeyring):
    """A keyring that is there but locked: every read is refused."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Prompt dismissed")


def row_data(report: DoctorReport) -> list[str]:
    """Every argument of every row that is data, the nested messages' data included."""
    found: list[str] = []
    for row in report.results:
        found += [v for k, v in row.args.items() if k not in row.messages]
        for message in row.messages.values():
            found += data_of(message)
    return found


def test_check_dialog_shows_profile_and_keyring_failures_in_chinese(
    qloop: Any, qtbot: QtBot, tmp_path: Path, chinese: None
) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[gateway]\nurl = 5\n", encoding="utf-8")

    async def reports() -> list[DoctorReport]:
        return [
            await run_doctor(path, KeyringStore(fail.Keyring())),  # no keyring at all
            await run_doctor(path, KeyringStore(LockedBackend())),  # a locked one
            await run_doctor(path, MemoryStore()),  # the demo's
        ]

    dialog = DoctorDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    for report in qloop.run_until_complete(reports()):
        assert report.results[0].status is Status.FAIL
        assert "profile_problem" in report.results[0].messages
        dialog.set_report(report)
        data = row_data(report)
        for row in report.results:
            for part in ("name", "detail", "action"):
                text = check_text(row, part)
                assert not untranslated(text), text
                assert english_left(text, data) == [], (part, text)
        assert leftovers(dialog) == []

    assert check_text(report.results[0], "detail").startswith(f"配置文件有误：{path}：")
    keyring_row = next(r for r in report.results if r.name == "keyring")
    assert check_text(keyring_row, "detail") == "密钥环：内存（仅限本次会话，不保存任何内容）"


def test_check_dialog_in_english_shows_what_the_cli_prints(qloop: Any, qtbot: QtBot) -> None:
    report = qloop.run_until_complete(run_doctor(None, KeyringStore(LockedBackend())))
    for row in report.results:
        assert [check_text(row, part) for part in ("name", "detail", "action")] == [
            row.name,
            row.detail,
            row.action,
        ]


# --- error texts and the main window ------------------------------------------------------------


def test_error_texts_translate_every_kind_of_keyring_error(chinese: None) -> None:
    errors = [
        secrets._translated(error, verb, "password")
        for error in (
            keyring.errors.KeyringLocked("locked"),
            keyring.errors.InitError("no D-Bus"),
            keyring.errors.PasswordSetError("refused"),
            RuntimeError("NoReply"),
            keyring.errors.NoKeyringError(),
        )
        for verb in ("read", "store", "delete")
    ]
    for exc in errors:
        assert CJK.search(error_title(exc)), exc
        text = error_message(exc)
        assert english_left(text, data_of(exc.text)) == [], text
    assert error_message(errors[0]).startswith("无法读取密钥 password：密钥环已锁定。")
    assert keyring_description(KeyringStore(fail.Keyring())) == (
        "没有可用的密钥环（keyring.backends.fail.Keyring）"
    )


def test_error_texts_are_the_english_messages_in_english(qapp: QApplication) -> None:
    exc = secrets._translated(keyring.errors.KeyringLocked("locked"), "store", "password")
    assert error_message(exc) == str(exc)
    assert error_title(exc) == "Keyring locked"


@pytest.fixture
def window(qtbot: QtBot, qloop: Any) -> Iterator[Any]:
    from agentbar.app.agent.session import AgentSession
    from agentbar.app.services import Services
    from agentbar.config import demo_profile
    from agentbar.ui.window.main_window import MainWindow
    from agentbar.ui.window.tray import TrayIcon

    # No request is sent: the window is built signed out against an unused loopback port.
    services = qloop.run_until_complete(
        Services.open(demo_profile("http://127.0.0.1:9"), MemoryStore())
    )
    session = AgentSession(services.gateway, "88880101")
    made = MainWindow(services.profile, session, TrayIcon(session), services)
    qtbot.addWidget(made)
    made.show()
    yield made
    qloop.run_until_complete(services.aclose())


def test_main_window_keyring_warning_is_chinese(window: Any, chinese: None) -> None:
    exc = secrets._translated(keyring.errors.KeyringLocked("Prompt dismissed"), "store", "password")
    window.show_keyring_warning(exc)
    text = window.error_banner.text
    assert text.startswith("无法使用系统密钥环，密码未保存：无法保存密钥 password：")
    assert english_left(text, data_of(exc.text)) == [], text
