"""Tells the person, briefly, that something inside agentbar failed — and offers diagnostics.

:class:`CrashNotice.report` is the ``on_crash`` callback of
:class:`agentbar.desktop.crash.CrashHandler`. It may be called from any thread and from inside
``sys.excepthook``, so it only queues a signal; the box is shown on the main thread, non-modal (no
nested event loop), one at a time.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from agentbar.desktop.crash import CrashReport


class CrashNotice(QObject):
    """``save_requested`` fires when the person presses "Save diagnostics…"."""

    save_requested = Signal()
    _arrived = Signal(object)

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__()
        self._parent_widget = parent_widget
        self.box: QMessageBox | None = None
        self._save_button: QAbstractButton | None = None
        self._summary = ""  # of the report on show, for redrawing it in a new language
        self.shown = 0
        self._arrived.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report(self, report: CrashReport) -> None:
        """Queue ``report`` for display; safe from any thread."""
        self._arrived.emit(report)

    def _show(self, report: CrashReport) -> None:
        self.shown += 1
        self._summary = report.summary
        if self.box is not None and self.box.isVisible():
            self._retranslate(self.box)
            return
        box = QMessageBox(self._parent_widget)
        box.setObjectName("crashNotice")
        box.setIcon(QMessageBox.Icon.Warning)
        # addButton() refuses an empty title; _retranslate() sets it again in a new language.
        self._save_button = box.addButton(
            self.tr("Save diagnostics…"), QMessageBox.ButtonRole.ActionRole
        )
        box.addButton(QMessageBox.StandardButton.Close)
        self._retranslate(box)
        # The box redraws only Qt's own buttons in a new language; the notice does the rest.
        box.installEventFilter(self)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(self._clicked)
        box.destroyed.connect(self._forget)
        self.box = box
        box.show()

    def _retranslate(self, box: QMessageBox) -> None:
        box.setWindowTitle(self.tr("agentbar problem"))
        box.setText(
            self.tr(
                "Something went wrong inside agentbar:\n{0}\n\nagentbar keeps running. If this "
                "happens again, save diagnostics and send the file to IT."
            ).format(self._summary)
        )
        if self._save_button is not None:
            self._save_button.setText(self.tr("Save diagnostics…"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.box and event.type() == QEvent.Type.LanguageChange:
            self._retranslate(self.box)
        return False

    def _clicked(self, button: QAbstractButton) -> None:
        if button is self._save_button:
            self.save_requested.emit()

    def _forget(self) -> None:
        self.box = None
        self._save_button = None
