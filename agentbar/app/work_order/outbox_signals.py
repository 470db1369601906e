"""Qt signals for the outbox, so widgets can follow each work order's state."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from agentbar.app.work_order.outbox import Outbox
from agentbar.app.work_order.outbox_store import OutboxEntry


class OutboxSignals(QObject):
    """Emits ``entry_changed(OutboxEntry)`` after every state change of a case in ``outbox``."""

    entry_changed = Signal(object)  # OutboxEntry

    def __init__(self, outbox: Outbox, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.outbox = outbox
        outbox.add_listener(self._emit)

    def _emit(self, entry: OutboxEntry) -> None:
        self.entry_changed.emit(entry)
