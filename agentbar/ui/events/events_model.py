"""The Events tab's models: a bounded table of agent events and its text/category filter.

Events arrive one by one from the pump, sometimes in bursts of thousands. ``append`` only queues an
event; once per event-loop turn the queue becomes a single ``beginInsertRows`` (and, past the
capacity, a single ``beginRemoveRows`` for the oldest rows), so a burst costs one view update, the
model is never reset, and a selection or scroll position survives.
"""

from __future__ import annotations

import json
from collections import deque
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
)

if TYPE_CHECKING:
    from agentbar.cec import AgentEvent, EventCategory

DEFAULT_CAPACITY = 5000

COLUMN_TIME, COLUMN_TYPE, COLUMN_DESCRIPTION, COLUMN_CALL = range(4)

# Role under which a row's EventCategory is kept, for the category filter.
CATEGORY_ROLE = Qt.ItemDataRole.UserRole + 1
# Role under which a row's event is kept, for "copy as JSON".
EVENT_ROLE = Qt.ItemDataRole.UserRole + 2

AnyIndex = QModelIndex | QPersistentModelIndex


def event_description(event: AgentEvent) -> str:
    """The event's readable description in the current language."""
    template = QCoreApplication.translate("AgentEvent", event.description_template)
    try:
        return template.format(**event.description_args)
    except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
        return event.description


class EventsModel(QAbstractTableModel):
    """The last ``capacity`` agent events, oldest first."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self._capacity = capacity
        self._rows: deque[AgentEvent] = deque()
        self._queued: list[AgentEvent] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(0)
        self._flush_timer.timeout.connect(self.flush)

    @property
    def capacity(self) -> int:
        return self._capacity

    def append(self, event: AgentEvent) -> None:
        """Queue ``event``; it shows up at the end of this event-loop turn."""
        self._queued.append(event)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def flush(self) -> None:
        """Move every queued event into the table now (one insert, at most one removal)."""
        self._flush_timer.stop()
        if not self._queued:
            return
        batch = self._queued[-self._capacity :]
        self._queued = []
        overflow = len(self._rows) + len(batch) - self._capacity
        if overflow > 0:
            self.beginRemoveRows(QModelIndex(), 0, overflow - 1)
            for _ in range(overflow):
                self._rows.popleft()
            self.endRemoveRows()
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def clear(self) -> None:
        self._queued = []
        if self._rows:
            self.beginRemoveRows(QModelIndex(), 0, len(self._rows) - 1)
            self._rows.clear()
            self.endRemoveRows()

    def event_at(self, row: int) -> AgentEvent:
        return self._rows[row]

    def row_json(self, row: int) -> str:
        """The event of ``row`` as JSON, as the "Copy as JSON" action puts it on the clipboard."""
        return json.dumps(self._rows[row].to_json(), ensure_ascii=False, sort_keys=True)

    # QAbstractTableModel

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        event = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == COLUMN_TIME:
                return event.received.astimezone().strftime("%H:%M:%S")
            if column == COLUMN_TYPE:
                return event.event_type
            if column == COLUMN_DESCRIPTION:
                return event_description(event)
            return event.call_id or ""
        if role == CATEGORY_ROLE:
            return event.category
        if role == EVENT_ROLE:
            return event
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (
            self.tr("Time"),
            self.tr("Type"),
            self.tr("Description"),
            self.tr("Call ID"),
        )[section]


class EventsFilterModel(QSortFilterProxyModel):
    """Rows whose type, description or call ID contain a text, in one category or all."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._category: EventCategory | None = None
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_category(self, category: EventCategory | None) -> None:
        self.beginFilterChange()
        self._category = category
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, EventsModel):
            return True
        event = model.event_at(source_row)
        if self._category is not None and event.category != self._category:
            return False
        if not self._text:
            return True
        if self._text in event.event_type.casefold() or self._text in (event.call_id or ""):
            return True
        return self._text in event_description(event).casefold()
