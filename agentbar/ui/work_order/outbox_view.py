"""The outbox list: each work order with its status (queued, sending, sent, failed, needs fixing),
its case number once sent, the reason of a failure, and Retry / Fix buttons."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentbar.app.work_order.outbox_store import EntryState, OutboxEntry
from agentbar.app.work_order.work_orders import WorkOrders
from agentbar.ui.asyncslot import spawn
from agentbar.ui.i18n import Retranslating

_Index = QModelIndex | QPersistentModelIndex
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


def state_text(state: EntryState) -> str:
    texts = {
        EntryState.QUEUED: QCoreApplication.translate("OutboxView", "Queued"),
        EntryState.SENDING: QCoreApplication.translate("OutboxView", "Sending"),
        EntryState.SENT: QCoreApplication.translate("OutboxView", "Sent"),
        EntryState.FAILED: QCoreApplication.translate("OutboxView", "Failed"),
        EntryState.INVALID: QCoreApplication.translate("OutboxView", "Needs fixing"),
    }
    return texts[state]


def reason_text(reason: str) -> str:
    """A stored reason in the interface language.

    The outbox stores the error's English sentence (the source text of context ``CecError``),
    possibly followed by the server's own words in brackets, which stay as the server wrote them.
    """
    translated = QCoreApplication.translate("CecError", reason)
    if translated != reason:
        return translated
    cut = reason.rfind(" (")
    while cut > 0:
        head = reason[:cut]
        translated = QCoreApplication.translate("CecError", head)
        if translated != head:
            return translated + reason[cut:]
        cut = reason.rfind(" (", 0, cut)
    return reason


def detail_text(entry: OutboxEntry) -> str:
    """The reason of a failure and when it is retried, or what the server refused."""
    if entry.state is EntryState.FAILED:
        when = datetime.fromtimestamp(entry.next_attempt_at).strftime("%H:%M:%S")
        return QCoreApplication.translate("OutboxView", "{0} Retrying at {1}.").format(
            reason_text(entry.reason), when
        )
    if entry.state is EntryState.INVALID:
        return reason_text(entry.reason)
    return ""


class OutboxModel(QAbstractTableModel):
    """Outbox entries, newest first, updated in place from ``entry_changed``."""

    COLUMNS = ("title", "status", "case_no", "detail")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[OutboxEntry] = []

    def set_entries(self, entries: Sequence[OutboxEntry]) -> None:
        self.beginResetModel()
        self._entries = sorted(entries, key=lambda e: e.entry_id, reverse=True)
        self.endResetModel()

    def update_entry(self, entry: OutboxEntry) -> None:
        for row, current in enumerate(self._entries):
            if current.entry_id == entry.entry_id:
                # Changes are reported from several tasks; never go back to an older one.
                if entry.updated_at < current.updated_at:
                    return
                self._entries[row] = entry
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))
                return
        row = next(
            (n for n, e in enumerate(self._entries) if e.entry_id < entry.entry_id),
            len(self._entries),
        )
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.insert(row, entry)
        self.endInsertRows()

    def retranslate(self) -> None:
        """Have the views ask again for the headers, states and reasons (a new language)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)
        if self._entries:
            last = self.index(len(self._entries) - 1, len(self.COLUMNS) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def entry_at(self, row: int) -> OutboxEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, entry_id: int) -> int:
        return next((n for n, e in enumerate(self._entries) if e.entry_id == entry_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (
            QCoreApplication.translate("OutboxView", "Title"),
            QCoreApplication.translate("OutboxView", "Status"),
            QCoreApplication.translate("OutboxView", "Case number"),
            QCoreApplication.translate("OutboxView", "Details"),
        )
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        entry = self.entry_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role == ENTRY_ROLE:
            return entry
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == "title":
                return entry.title
            if column == "status":
                return state_text(entry.state)
            if column == "case_no":
                return entry.case_no or (entry.case_id if entry.state is EntryState.SENT else "")
            return detail_text(entry)
        return None


class OutboxView(Retranslating, QWidget):
    """The outbox table with Retry (failed cases) and Fix (cases the server refused).

    ``fix_requested(entry_id)`` asks the work-order form to load the case for editing.
    """

    fix_requested = Signal(int)

    def __init__(self, work_orders: WorkOrders, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("outboxView")
        self.work_orders = work_orders
        # No Qt parent: the model outlives the table while the widget is torn down, so the
        # table's selection model never reports on a model that is half destroyed.
        self.model = OutboxModel()
        self.table = QTableView(self)
        self.table.setObjectName("outboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Tab leaves the table for Retry and Fix; the arrows choose a row.
        self.table.setTabKeyNavigation(False)
        self.retry_button = QPushButton(self)
        self.fix_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.retry_button)
        buttons.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        work_orders.signals.entry_changed.connect(self._entry_changed)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.model.dataChanged.connect(self._update_buttons)
        self.retry_button.clicked.connect(self._retry_clicked)
        self.fix_button.clicked.connect(self._fix_selected)
        self._update_buttons()
        self.retranslate()

    def retranslate(self) -> None:
        self.table.setAccessibleName(self.tr("Outbox"))
        self.retry_button.setText(self.tr("Retry now"))
        self.fix_button.setText(self.tr("Fix…"))
        self.model.retranslate()

    async def refresh(self) -> None:
        self.model.set_entries(await self.work_orders.entries())
        self._update_buttons()

    def _entry_changed(self, entry: object) -> None:
        if isinstance(entry, OutboxEntry):
            self.model.update_entry(entry)

    def selected_entry(self) -> OutboxEntry | None:
        index = self.table.currentIndex()
        return self.model.entry_at(index.row()) if index.isValid() else None

    def select_entry(self, entry_id: int) -> None:
        row = self.model.row_of(entry_id)
        if row >= 0:
            self.table.selectRow(row)

    def _update_buttons(self, *_: object) -> None:
        entry = self.selected_entry()
        self.retry_button.setEnabled(entry is not None and entry.state is EntryState.FAILED)
        self.fix_button.setEnabled(entry is not None and entry.state is EntryState.INVALID)

    def _retry_clicked(self) -> None:
        spawn(self.retry_selected())

    async def retry_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None and entry.state is EntryState.FAILED:
            await self.work_orders.retry(entry.entry_id)

    def _fix_selected(self) -> None:
        entry = self.selected_entry()
        if entry is not None and entry.state is EntryState.INVALID:
            self.fix_requested.emit(entry.entry_id)
