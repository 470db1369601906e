"""The "Check" dialog: the doctor's rows in a table, "Check again" and "Save diagnostics…".

A row's check name, finding and advice are translated from the English templates the doctor
keeps (context ``DoctorCheck``) and filled with the row's arguments, at every paint: a language
change only has to make the views ask again. Arguments that are agentbar's own sentences (a
profile or keyring message, the keyring's description) are translated too (``TRANSLATED_ARGS``).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agentbar.doctor.report import DoctorReport
from agentbar.doctor.rows import TRANSLATED_ARGS, TRANSLATION_CONTEXT, CheckResult, Status
from agentbar.ui.error_text import translated
from agentbar.ui.i18n import Retranslating

_COLOURS = {Status.PASS: "#2e7d32", Status.WARN: "#b26a00", Status.FAIL: "#c62828"}
AnyIndex = QModelIndex | QPersistentModelIndex


def check_text(row: CheckResult, part: str) -> str:
    """A row's ``name``, ``detail`` or ``action`` in the current language.

    A row without a template, or a translation that lost a placeholder, shows the English.
    """
    english: str = getattr(row, part)
    template: str = getattr(row, f"{part}_template")
    if not template:
        return english
    args = {key: _argument_text(row, key, value) for key, value in row.args.items()}
    try:
        return QCoreApplication.translate(TRANSLATION_CONTEXT, template).format(**args)
    except (KeyError, IndexError, ValueError):
        return english


def _argument_text(row: CheckResult, key: str, value: str) -> str:
    """An argument as the row shows it: data as it is, agentbar's own sentences translated."""
    context = TRANSLATED_ARGS.get(key)
    if context is None:
        return value
    message = row.messages.get(key)
    if message is not None:
        return translated(context, message)
    return QCoreApplication.translate(context, value)


class DoctorModel(QAbstractTableModel):
    """One row per check: status, check, what was found, what to do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CheckResult] = []

    def set_results(self, rows: tuple[CheckResult, ...] | list[CheckResult]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def retranslate(self) -> None:
        """Have the views ask again for the headers and results (a new language)."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 3))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            self.tr("Result"),
            self.tr("Check"),
            self.tr("Found"),
            self.tr("What to do"),
        )[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            status = {
                Status.PASS: self.tr("pass"),
                Status.WARN: self.tr("warning"),
                Status.FAIL: self.tr("FAIL"),
            }[row.status]
            column = index.column()
            if column == 0:
                return status
            if column == 3:
                return check_text(row, "action") if row.status is not Status.PASS else ""
            return check_text(row, "name" if column == 1 else "detail")
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return QBrush(QColor(_COLOURS[row.status]))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (2, 3):
            return f"{check_text(row, 'detail')}\n{check_text(row, 'action')}".strip()
        return None


class DoctorDialog(Retranslating, QDialog):
    """Shows a report; ``check_requested`` and ``save_requested`` are handled by the caller."""

    check_requested = Signal()
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doctorDialog")
        # What the summary renders: None before a check, "running", or the last report.
        self._report: DoctorReport | None = None
        self._running = False
        self.resize(900, 360)
        self.summary = QLabel(self)
        self.model = DoctorModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.again = QPushButton(self)
        self.save = QPushButton(self)
        self.buttons.addButton(self.again, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.save, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.again.clicked.connect(self.check_requested)
        self.save.clicked.connect(self.save_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Shift-start check"))
        self.again.setText(self.tr("Check again"))
        self.save.setText(self.tr("Save diagnostics…"))
        self.model.retranslate()
        # Translated rows wrap differently from the English ones.
        self.table.resizeRowsToContents()
        self._show_summary()

    def set_running(self) -> None:
        self._running = True
        self._show_summary()
        self.again.setEnabled(False)

    def set_report(self, report: DoctorReport) -> None:
        self._running = False
        self._report = report
        self.model.set_results(report.results)
        self.table.resizeRowsToContents()
        self._show_summary()
        self.again.setEnabled(True)

    def _show_summary(self) -> None:
        report = self._report
        if self._running:
            self.summary.setText(self.tr("Checking…"))
            return
        if report is None:
            return
        passed, warned, failed = (report.count(s) for s in Status)
        if failed:
            verdict = self.tr("Not ready: fix the failures below.")
        elif warned:
            verdict = self.tr("Ready, with warnings.")
        else:
            verdict = self.tr("Ready for the shift.")
        self.summary.setText(
            self.tr("{0} passed, {1} warnings, {2} failed. {3}").format(
                passed, warned, failed, verdict
            )
        )
