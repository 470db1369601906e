"""Settings: start at login against a temporary XDG root, the demo's disabled box, and the shift
check's "Check…" against the simulator."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from agentbar.config import UiConfig, demo_profile
from agentbar.desktop.autostart import AutostartError, XdgAutostart, parse_desktop_exec
from agentbar.secrets import PASSWORD, MemoryStore
from agentbar.ui.settings.settings_dialog import SettingsDialog
from agentbar.ui.settings.shift_check import ShiftCheck
from tests.gui.conftest import wait_until

_parents: list[QWidget] = []


def _dialog(qtbot: QtBot, **kwargs: object) -> SettingsDialog:
    parent = QWidget()
    qtbot.addWidget(parent)
    _parents.append(parent)  # the test keeps the parent (and so the dialog) alive
    dialog = SettingsDialog(UiConfig(), parent, **kwargs)  # type: ignore[arg-type]
    dialog.open()
    return dialog


@pytest.fixture(autouse=True)
def _drop_parents() -> Iterator[None]:
    yield
    _parents.clear()


class ReadOnlyAutostart(XdgAutostart):
    """An entry whose folder cannot be written (root ignores chmod, so this stands in for it)."""

    def enable(self, command: Sequence[str]) -> None:
        raise AutostartError(f"Cannot write {self.path}: Read-only file system.")


def _accept(qtbot: QtBot, dialog: SettingsDialog) -> None:
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.result() == SettingsDialog.DialogCode.Accepted


def test_checking_start_at_login_and_accepting_creates_the_entry_and_unchecking_removes_it(
    qloop: asyncio.AbstractEventLoop, qtbot: QtBot, tmp_path: Path
) -> None:
    entry = XdgAutostart(tmp_path)
    desktop = tmp_path / "autostart" / "agentbar.desktop"

    dialog = _dialog(qtbot, autostart=entry)
    assert not dialog.start_at_login.isEnabled()  # until the status is read
    qloop.run_until_complete(dialog.load_autostart())
    assert dialog.start_at_login.isEnabled()
    assert not dialog.start_at_login.isChecked()
    qtbot.mouseClick(dialog.start_at_login, Qt.MouseButton.LeftButton)
    _accept(qtbot, dialog)
    assert qloop.run_until_complete(dialog.apply_autostart()) is True

    assert desktop.is_file()
    exec_line = next(line for line in desktop.read_text().splitlines() if line.startswith("Exec="))
    assert parse_desktop_exec(exec_line[len("Exec=") :])  # points at this installation

    again = _dialog(qtbot, autostart=entry)
    qloop.run_until_complete(again.load_autostart())
    assert again.start_at_login.isChecked()
    qtbot.mouseClick(again.start_at_login, Qt.MouseButton.LeftButton)
    _accept(qtbot, again)
    assert qloop.run_until_complete(again.apply_autostart()) is True
    assert not desktop.exists()


def test_unchanged_box_leaves_the_entry_alone(
    qloop: asyncio.AbstractEventLoop, qtbot: QtBot, tmp_path: Path
) -> None:
    entry = XdgAutostart(tmp_path)
    entry.enable(["/opt/agentbar/agentbar", "--elsewhere"])
    before = entry.path.read_text()

    dialog = _dialog(qtbot, autostart=entry)
    qloop.run_until_complete(dialog.load_autostart())
    assert dialog.start_at_login.isChecked()
    _accept(qtbot, dialog)
    qloop.run_until_complete(dialog.apply_autostart())

    assert entry.path.read_text() == before


def test_demo_disables_start_at_login_and_says_why(
    qloop: asyncio.AbstractEventLoop, qtbot: QtBot, tmp_path: Path
) -> None:
    entry = XdgAutostart(tmp_path)
    dialog = _dialog(qtbot, autostart=entry, demo=True)
    qloop.run_until_complete(dialog.load_autostart())

    assert dialog.start_at_login.isVisible()
    assert not dialog.start_at_login.isEnabled()
    assert "demo" in dialog.start_at_login.toolTip()
    dialog.start_at_login.setChecked(True)  # even if forced, accepting registers nothing
    _accept(qtbot, dialog)
    qloop.run_until_complete(dialog.apply_autostart())
    assert not entry.path.exists()


def test_failing_autostart_write_is_shown_and_reported(
    qloop: asyncio.AbstractEventLoop, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = _dialog(qtbot, autostart=ReadOnlyAutostart(tmp_path))
    qloop.run_until_complete(dialog.load_autostart())
    dialog.start_at_login.setChecked(True)
    _accept(qtbot, dialog)

    assert qloop.run_until_complete(dialog.apply_autostart()) is False

    box = dialog.autostart_error
    assert isinstance(box, QMessageBox)
    assert box.isVisible()
    assert "could not change whether it starts at login" in box.text()
    assert str(tmp_path) in box.text()
    box.close()


def test_check_button_shows_doctor_rows_against_the_demo_simulator(
    qloop: asyncio.AbstractEventLoop, qtbot: QtBot, sim: object, tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    profile = demo_profile(sim.url)  # type: ignore[attr-defined]
    check = ShiftCheck(
        parent,
        MemoryStore({PASSWORD: "demo"}),
        config_path=tmp_path / "absent.toml",
        profile=lambda: profile,
        log_directory=tmp_path,
    )
    dialog = SettingsDialog(UiConfig(), parent, shift_check=check)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.check_button.isEnabled()

    async def scenario() -> None:
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
        await wait_until(lambda: check.last_report is not None)
        assert check.dialog is not None
        await wait_until(lambda: check.dialog is not None and check.dialog.model.rowCount() > 0)

    qloop.run_until_complete(scenario())
    assert check.dialog is not None
    assert check.last_report is not None
    names = [result.name for result in check.last_report.results]
    assert "clock" in names
    assert check.dialog.model.rowCount() == len(names)
    assert check.dialog.isVisible()
    check.dialog.close()


def test_without_a_shift_check_the_buttons_are_disabled(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    assert not dialog.check_button.isEnabled()
    assert not dialog.save_button.isEnabled()
    assert not dialog.start_at_login.isVisibleTo(dialog)  # no entry given: no box


def test_unreadable_entry_keeps_the_box_off_and_says_why(
    qloop: asyncio.AbstractEventLoop, qtbot: QtBot, tmp_path: Path
) -> None:
    (tmp_path / "autostart").write_text("a file where the folder should be")
    dialog = _dialog(qtbot, autostart=XdgAutostart(tmp_path))
    qloop.run_until_complete(dialog.load_autostart())

    assert not dialog.start_at_login.isEnabled()
    assert "Cannot read" in dialog.start_at_login.toolTip()
    assert qloop.run_until_complete(dialog.apply_autostart()) is True  # nothing to change


def test_zh_cn_translates_every_visible_string_of_the_settings_dialog(
    qloop: asyncio.AbstractEventLoop, qtbot: QtBot, tmp_path: Path
) -> None:
    from agentbar.ui.i18n import LANGUAGES, install_language
    from tests.gui.test_i18n import untranslated, visible_strings

    parent = QWidget()
    qtbot.addWidget(parent)
    check = ShiftCheck(parent, MemoryStore(), config_path=tmp_path / "absent.toml")
    dialog = _dialog(qtbot, shift_check=check, autostart=XdgAutostart(tmp_path), demo=True)
    english = [item for item in visible_strings(dialog) if untranslated(item[1])]
    assert len(english) > 8  # the check sees the English text first
    try:
        assert install_language("zh_CN")
        leftovers = [
            (where, text)
            for where, text in visible_strings(dialog)
            if untranslated(text) and text not in LANGUAGES.values()  # names in their own words
        ]
        assert leftovers == []
        assert dialog.check_button.text() == "检查…"
        assert "演示" in dialog.start_at_login.toolTip()
    finally:
        install_language("en")
