"""The Skills tab: the agent's skill queues, which are signed in, and signing in to them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentbar.app.agent.session import AgentSession, AgentSnapshot
from agentbar.cec import Skill
from agentbar.ui.asyncslot import spawn
from agentbar.ui.i18n import Retranslating
from agentbar.ui.tab_order import set_tab_order

AnyIndex = QModelIndex | QPersistentModelIndex

COLUMN_NAME, COLUMN_ID, COLUMN_MEDIA, COLUMN_SIGNED_IN = range(4)


_MEDIA_NAMES: dict[int, str] = {
    1: str(QT_TRANSLATE_NOOP("MediaType", "Text chat")),
    2: str(QT_TRANSLATE_NOOP("MediaType", "Click to dial")),
    4: str(QT_TRANSLATE_NOOP("MediaType", "Callback")),
    5: str(QT_TRANSLATE_NOOP("MediaType", "Voice call")),
    15: str(QT_TRANSLATE_NOOP("MediaType", "Predictive outbound")),
    16: str(QT_TRANSLATE_NOOP("MediaType", "Preview outbound")),
    17: str(QT_TRANSLATE_NOOP("MediaType", "Message call")),
    19: str(QT_TRANSLATE_NOOP("MediaType", "Video call")),
    51: str(QT_TRANSLATE_NOOP("MediaType", "Web chat")),
    53: str(QT_TRANSLATE_NOOP("MediaType", "Social media chat")),
}


def media_type_name(code: int) -> str:
    """The name of a skill's media type code (see ``MediaType``)."""
    if code in _MEDIA_NAMES:
        return QCoreApplication.translate("MediaType", _MEDIA_NAMES[code])
    return QCoreApplication.translate("MediaType", "Media type {0}").format(code)


def _media_code(skill: Skill) -> int:
    return int(skill.media_type)


class SkillsModel(QAbstractTableModel):
    """Configured skills, ticked to choose them, with whether the agent is signed in to each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._skills: list[Skill] = []
        self._joined: set[int] = set()
        self._chosen: set[int] = set()

    def set_skills(self, configured: Iterable[Skill], joined: Iterable[Skill]) -> None:
        joined_list = list(joined)
        by_id = {skill.id: skill for skill in configured}
        for skill in joined_list:  # a joined skill always shows, even if not listed as configured
            by_id.setdefault(skill.id, skill)
        self.beginResetModel()
        self._skills = sorted(by_id.values(), key=lambda skill: (skill.name, skill.id))
        self._joined = {skill.id for skill in joined_list}
        self._chosen &= set(by_id)
        self.endResetModel()

    def set_joined(self, joined: Iterable[Skill]) -> None:
        self.set_skills(self._skills, joined)

    def chosen_ids(self) -> list[int]:
        return sorted(self._chosen)

    def joined_ids(self) -> list[int]:
        return sorted(self._joined)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._skills)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == COLUMN_NAME:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        skill = self._skills[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COLUMN_NAME:
                return skill.name
            if column == COLUMN_ID:
                return str(skill.id)
            if column == COLUMN_MEDIA:
                return media_type_name(_media_code(skill))
            return self.tr("Signed in") if skill.id in self._joined else self.tr("Not signed in")
        if role == Qt.ItemDataRole.CheckStateRole and column == COLUMN_NAME:
            checked = skill.id in self._chosen
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != COLUMN_NAME:
            return False
        skill_id = self._skills[index.row()].id
        state = Qt.CheckState(value) if not isinstance(value, Qt.CheckState) else value
        if state == Qt.CheckState.Checked:
            self._chosen.add(skill_id)
        else:
            self._chosen.discard(skill_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (self.tr("Skill"), self.tr("ID"), self.tr("Media type"), self.tr("Status"))[section]


class SkillsView(Retranslating, QWidget):
    """The tab: the table and the sign-in buttons."""

    def __init__(self, session: AgentSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._configured: list[Skill] = []
        self.model = SkillsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel(self)
        self.sign_in_chosen = QPushButton(self)
        self.sign_in_all = QPushButton(self)
        self.refresh = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.refresh)
        buttons.addWidget(self.sign_in_chosen)
        buttons.addWidget(self.sign_in_all)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

        self.sign_in_chosen.clicked.connect(self._sign_in_chosen)
        self.sign_in_all.clicked.connect(lambda: spawn(self._session.sign_in_skills(None)))
        self.refresh.clicked.connect(lambda: spawn(self.reload()))
        self.model.dataChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        session.skills_changed.connect(self._on_skills)
        session.state_changed.connect(self._on_state)
        # Space ticks the current row from any of its cells: the tick is in the first column
        # only, and the table would select the row instead.
        self.table.installEventFilter(self)
        # Tab leaves the table (rows are chosen with the arrows), as in every agentbar list.
        self.table.setTabKeyNavigation(False)
        set_tab_order([self.table, self.refresh, self.sign_in_chosen, self.sign_in_all])
        self.retranslate()
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.toggle_current()
            return True
        return super().eventFilter(watched, event)

    def toggle_current(self) -> None:
        """Tick the current row's skill, or untick it."""
        current = self.table.currentIndex()
        if not current.isValid():
            return
        index = self.model.index(current.row(), COLUMN_NAME)
        checked = index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
        wanted = Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
        self.model.setData(index, wanted, Qt.ItemDataRole.CheckStateRole)

    async def reload(self) -> None:
        """Fetch the configured skills again, then the joined ones."""
        self._configured = await self._session.configured_skills()
        await self._session.refresh_skills()

    def _on_skills(self, joined: list[Skill]) -> None:
        if joined and not self._configured:
            spawn(self._load_configured())
        self.model.set_skills(self._configured, joined)

    async def _load_configured(self) -> None:
        self._configured = await self._session.configured_skills()
        self.model.set_skills(self._configured, self._session.skills)

    def _on_state(self, snapshot: AgentSnapshot) -> None:
        if not snapshot.signed_in:
            self._configured = []
        self._update_buttons()

    def _sign_in_chosen(self) -> None:
        chosen = self.model.chosen_ids()
        if chosen:
            spawn(self._session.sign_in_skills(chosen))

    def _update_buttons(self) -> None:
        signed_in = self._session.signed_in
        self.sign_in_chosen.setEnabled(signed_in and bool(self.model.chosen_ids()))
        self.sign_in_all.setEnabled(signed_in)
        self.refresh.setEnabled(signed_in)
        self.summary.setText(
            self.tr("Signed in to {0} of {1} skill queues").format(
                len(self.model.joined_ids()), self.model.rowCount()
            )
        )

    def retranslate(self) -> None:
        self.sign_in_chosen.setText(self.tr("Sign in to chosen"))
        self.sign_in_chosen.setAccessibleName(self.tr("Sign in to chosen"))
        self.sign_in_chosen.setToolTip(self.tr("Sign in to the ticked skill queues only"))
        self.sign_in_all.setText(self.tr("Sign in to all"))
        self.sign_in_all.setAccessibleName(self.tr("Sign in to all"))
        self.sign_in_all.setToolTip(self.tr("Sign in to every skill queue configured for you"))
        self.refresh.setText(self.tr("Refresh"))
        self.refresh.setAccessibleName(self.tr("Refresh"))
        self.refresh.setToolTip(self.tr("Ask the gateway for the skill queues again"))
        self.table.setAccessibleName(self.tr("Skill queues"))
        self.summary.setAccessibleName(self.tr("Skill summary"))
        self._update_buttons()
