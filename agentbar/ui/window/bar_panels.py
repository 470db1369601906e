"""The panels inside the bar's Rest and Transfer menus: what a rest or a transfer needs to know."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from agentbar.ui.i18n import Retranslating


class RestPanel(Retranslating, QWidget):
    """Duration and cause of a rest, inside the Rest button's menu."""

    requested = Signal(int, int)  # seconds, cause

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, 1440)
        self.minutes.setValue(15)
        self.cause = QSpinBox(self)
        self.cause.setRange(0, 255)
        self.start = QPushButton(self)
        self.start.clicked.connect(
            lambda: self.requested.emit(self.minutes.value() * 60, self.cause.value())
        )
        self._form = QFormLayout(self)
        self._form.setContentsMargins(8, 8, 8, 8)
        self._form.addRow("", self.minutes)
        self._form.addRow("", self.cause)
        self._form.addRow(self.start)
        self.retranslate()

    def retranslate(self) -> None:
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Rest duration in minutes"))
        self.cause.setAccessibleName(self.tr("Rest cause code"))
        self.start.setText(self.tr("Start rest"))
        self.start.setAccessibleName(self.tr("Start rest"))
        self._label(0, self.tr("Duration"))
        self._label(1, self.tr("Cause"))

    def _label(self, row: int, text: str) -> None:
        item = self._form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if item is not None and isinstance(item.widget(), QLabel):
            label = item.widget()
            assert isinstance(label, QLabel)
            label.setText(text)


class TransferPanel(Retranslating, QWidget):
    """Target of a transfer, inside the Transfer button's menu."""

    requested = Signal(int, str, int)  # device type, address, mode

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.device = QComboBox(self)
        self.address = QLineEdit(self)
        self.address.setMaxLength(24)
        self.mode = QComboBox(self)
        self.start = QPushButton(self)
        self.start.clicked.connect(self._request)
        self.address.returnPressed.connect(self._request)
        self._form = QFormLayout(self)
        self._form.setContentsMargins(8, 8, 8, 8)
        self._form.addRow("", self.device)
        self._form.addRow("", self.address)
        self._form.addRow("", self.mode)
        self._form.addRow(self.start)
        self.retranslate()

    def _request(self) -> None:
        address = self.address.text().strip()
        if address:
            self.requested.emit(self.device.currentData(), address, self.mode.currentData())

    def retranslate(self) -> None:
        # Device types and modes of the transfer body: https://support.huaweicloud.com/intl/en-us/api-cec/cec_07_1242.html
        self._fill(
            self.device,
            [
                (2, self.tr("Agent")),
                (1, self.tr("Skill queue")),
                (3, self.tr("IVR")),
                (4, self.tr("Access code")),
                (5, self.tr("External number")),
            ],
        )
        self._fill(self.mode, [(0, self.tr("Blind transfer")), (3, self.tr("Consult first"))])
        self.device.setAccessibleName(self.tr("Transfer target type"))
        self.address.setAccessibleName(self.tr("Transfer target"))
        self.address.setPlaceholderText(self.tr("Agent ID or number"))
        self.mode.setAccessibleName(self.tr("Transfer mode"))
        self.start.setText(self.tr("Transfer call"))
        self.start.setAccessibleName(self.tr("Transfer call"))
        for row, text in enumerate((self.tr("To"), self.tr("Target"), self.tr("Mode"))):
            item = self._form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                label.setText(text)

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[int, str]]) -> None:
        index = max(0, combo.currentIndex())
        combo.clear()
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(index)
