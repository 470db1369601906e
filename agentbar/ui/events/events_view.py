"""The Events tab: the live table of agent events with a text and category filter and JSON copy."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentbar.app.agent.session import AgentSession
from agentbar.ui.events.events_model import (
    COLUMN_CALL,
    COLUMN_DESCRIPTION,
    EventsFilterModel,
    EventsModel,
)
from agentbar.ui.i18n import Retranslating


class EventsView(Retranslating, QWidget):
    """Shows every event the session receives, newest at the bottom."""

    def __init__(
        self, session: AgentSession, model: EventsModel | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model or EventsModel(parent=self)
        self.proxy = EventsFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.filter_text = QLineEdit(self)
        self.filter_text.setClearButtonEnabled(True)
        self.category = QComboBox(self)
        self.copy_button = QPushButton(self)
        self.clear_button = QPushButton(self)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        # Tab leaves the table; the arrows choose an event.
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        # Fixed widths: ResizeToContents would measure every row of a 5,000-row table per insert.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 72)
        header.resizeSection(1, 230)
        header.resizeSection(COLUMN_DESCRIPTION, 360)
        # The description takes the spare width; the call ID needs only its own.
        header.setSectionResizeMode(COLUMN_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COLUMN_CALL, 200)
        header.setStretchLastSection(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

        top = QHBoxLayout()
        top.addWidget(self.filter_text, 1)
        top.addWidget(self.category)
        top.addWidget(self.copy_button)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)

        self.filter_text.textChanged.connect(self.proxy.set_text)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.copy_button.clicked.connect(self.copy_current)
        self.clear_button.clicked.connect(self.model.clear)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.proxy.rowsAboutToBeInserted.connect(self._remember_scroll)
        self.proxy.rowsInserted.connect(self._follow_tail)
        self._at_bottom = True
        # The categories come from the event module (~15 ms with its typed contents), which
        # start-up loads behind the shown window; Events is not the first tab, so its category
        # list is filled when the tab first shows.
        self._categories_filled = False
        session.event_received.connect(self.model.append)
        self.retranslate()
        self._update_buttons()

    def copy_current(self) -> str:
        """Put the selected event on the clipboard as JSON; returns what was copied."""
        index = self.table.currentIndex()
        if not index.isValid():
            return ""
        source = self.proxy.mapToSource(index)
        text = self.model.row_json(source.row())
        QGuiApplication.clipboard().setText(text)
        return text

    def keyPressEvent(self, event: object) -> None:
        from PySide6.QtGui import QKeyEvent

        if isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Copy):
            self.copy_current()
            return
        super().keyPressEvent(event)  # type: ignore[arg-type]

    def showEvent(self, event: QShowEvent) -> None:
        if not self._categories_filled:
            self._fill_categories()
        super().showEvent(event)

    def _category_changed(self) -> None:
        from agentbar.cec import EventCategory

        data = self.category.currentData()
        self.proxy.set_category(EventCategory(data) if data else None)

    def _context_menu(self, pos: QPoint) -> None:
        if not self.table.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Copy as JSON"), self.copy_current)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _remember_scroll(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        bar = self.table.verticalScrollBar()
        self._at_bottom = bar.value() >= bar.maximum() - 2

    def _follow_tail(self) -> None:
        if self._at_bottom:
            self.table.scrollToBottom()

    def _update_buttons(self) -> None:
        self.copy_button.setEnabled(self.table.currentIndex().isValid())

    def retranslate(self) -> None:
        self.filter_text.setPlaceholderText(self.tr("Filter by type, text or call ID"))
        self.filter_text.setAccessibleName(self.tr("Filter events"))
        if self._categories_filled:
            self._fill_categories()
        self.category.setAccessibleName(self.tr("Event category"))
        self.copy_button.setText(self.tr("Copy as JSON"))
        self.copy_button.setAccessibleName(self.tr("Copy as JSON"))
        self.copy_button.setToolTip(self.tr("Copy the selected event as JSON (Ctrl+C)"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setAccessibleName(self.tr("Clear events"))
        self.clear_button.setToolTip(self.tr("Remove every event from the table"))
        self.table.setAccessibleName(self.tr("Agent events"))

    def _fill_categories(self) -> None:
        from agentbar.cec import EventCategory

        self._categories_filled = True
        current = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("All categories"), "")
        for category, text in (
            (EventCategory.STATE, self.tr("Agent state")),
            (EventCategory.CALL, self.tr("Calls")),
            (EventCategory.PHONE, self.tr("Phone")),
            (EventCategory.RECORDING, self.tr("Recording")),
            (EventCategory.OTHER, self.tr("Other")),
        ):
            self.category.addItem(text, category.value)
        index = self.category.findData(current) if current else 0
        self.category.setCurrentIndex(max(0, index))
        self.category.blockSignals(False)
