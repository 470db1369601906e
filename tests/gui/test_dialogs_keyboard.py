"""Every dialog by keyboard on a 1280×720 screen: it fits, typing starts in its first field,
Escape cancels, and a confirmation never ends anything on Enter."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from agentbar.config import UiConfig
from agentbar.doctor.report import DoctorReport
from agentbar.doctor.rows import CheckResult, Status
from agentbar.ui.dialogs import confirm
from agentbar.ui.faq.faq_view import SuggestFaqDialog
from agentbar.ui.settings.doctor_dialog import DoctorDialog
from agentbar.ui.settings.settings_dialog import SettingsDialog
from agentbar.ui.setup.password_dialog import PasswordDialog
from agentbar.ui.setup.setup_dialog import SetupDialog
from tests.gui.conftest import wait_until

# A 1280×720 screen less a task bar and the dialog's own title bar (~40 px each).
ROOM_WIDTH, ROOM_HEIGHT = 1280, 720 - 80


def setup_dialog() -> QDialog:
    dialog = SetupDialog(problem="The profile could not be read: line 3 is not valid TOML.")
    dialog.show_all_problems()  # every field's error shown: the tallest it gets
    return dialog


def doctor_dialog() -> QDialog:
    dialog = DoctorDialog()
    rows = tuple(
        CheckResult(f"check {n}", Status.FAIL, "found " * 40, "do this " * 40) for n in range(30)
    )
    dialog.set_report(DoctorReport(rows, "/tmp/agentbar.toml"))
    return dialog


DIALOGS: dict[str, tuple[Callable[[], QDialog], Callable[[QDialog], QWidget]]] = {
    "setup": (setup_dialog, lambda d: d.url),  # type: ignore[attr-defined]
    "settings": (lambda: SettingsDialog(UiConfig()), lambda d: d.language),  # type: ignore[attr-defined]
    "password": (lambda: PasswordDialog("101"), lambda d: d.password_edit),  # type: ignore[attr-defined]
    "suggest FAQ": (
        lambda: SuggestFaqDialog([], None, "How do I make a claim"),
        lambda d: d.group_combo,  # type: ignore[attr-defined]
    ),
    "doctor": (doctor_dialog, lambda d: d.table),  # type: ignore[attr-defined]
}


@pytest.mark.parametrize("name", list(DIALOGS))
def test_dialog_fits_1280x720_starts_in_its_first_field_and_escape_cancels(
    qtbot: QtBot, name: str
) -> None:
    make, first_field = DIALOGS[name]
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    assert dialog.width() <= ROOM_WIDTH
    assert dialog.height() <= ROOM_HEIGHT
    assert QApplication.focusWidget() is first_field(dialog)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)  # type: ignore[no-untyped-call]
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Escape, Qt.Key.Key_Space])
def test_confirmation_defaults_to_cancel(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, key: Qt.Key
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()

    async def scenario() -> bool:
        answer = asyncio.ensure_future(
            confirm(parent, "Sign out", "A call is in progress. Sign out?", "Sign out")
        )
        await wait_until(lambda: parent.findChild(QMessageBox, "confirmBox") is not None)
        box = parent.findChild(QMessageBox, "confirmBox")
        assert box is not None
        await wait_until(box.isVisible)
        box.activateWindow()
        await wait_until(lambda: QApplication.activeWindow() is box)
        focused = QApplication.focusWidget()
        assert focused is not None
        assert focused is box.button(QMessageBox.StandardButton.Cancel)
        qtbot.keyClick(focused, key)  # type: ignore[no-untyped-call]
        return await answer

    assert qloop.run_until_complete(scenario()) is False


def test_confirmation_is_given_only_by_choosing_its_button(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    async def scenario() -> bool:
        answer = asyncio.ensure_future(confirm(parent, "Sign out", "Sign out?", "Sign out"))
        await wait_until(lambda: parent.findChild(QMessageBox, "confirmBox") is not None)
        box = parent.findChild(QMessageBox, "confirmBox")
        assert box is not None
        (yes,) = [b for b in box.buttons() if b.text() == "Sign out"]
        yes.click()
        return await answer

    assert qloop.run_until_complete(scenario()) is True


def test_tab_leaves_the_doctor_table_for_its_buttons(qtbot: QtBot) -> None:
    dialog = doctor_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))  # type: ignore[attr-defined]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Tab)  # type: ignore[attr-defined,no-untyped-call]
    assert QApplication.focusWidget() in dialog.buttons.buttons()  # type: ignore[attr-defined]
