"""The Skills tab by keyboard alone: Space ticks a row from any cell, Tab reaches every button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from agentbar.app.agent.session import AgentSession
from agentbar.cec.models import Skill
from agentbar.ui.skills.skills_view import COLUMN_MEDIA, SkillsView

SKILLS = [Skill(1, "Voice - General enquiries", 5), Skill(11, "Web chat", 51)]


def shown_view(qtbot: QtBot) -> SkillsView:
    view = SkillsView(AgentSession(None, "88880101"))
    qtbot.addWidget(view)
    view.model.set_skills(SKILLS, [])
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=2000)
    return view


def test_space_ticks_and_unticks_the_current_row_from_any_cell(qtbot: QtBot) -> None:
    view = shown_view(qtbot)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(1, COLUMN_MEDIA))
    qtbot.keyClick(view.table, Qt.Key.Key_Space)  # type: ignore[no-untyped-call]
    assert view.model.chosen_ids() == [11]
    qtbot.keyClick(view.table, Qt.Key.Key_Space)  # type: ignore[no-untyped-call]
    assert view.model.chosen_ids() == []


def test_tab_goes_from_the_table_through_the_buttons_in_their_order(qtbot: QtBot) -> None:
    view = shown_view(qtbot)
    # Signed out, the buttons are off; on, as after sign-in, so Tab may stop on each.
    for button in (view.refresh, view.sign_in_chosen, view.sign_in_all):
        button.setEnabled(True)
    view.table.setFocus()
    seen = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # type: ignore[no-untyped-call]
        seen.append(QApplication.focusWidget())
    assert seen == [view.refresh, view.sign_in_chosen, view.sign_in_all]
