"""Asks for the agent password when none is stored (optionally storing it in the keyring)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)


class PasswordDialog(QDialog):
    def __init__(self, agent_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self._agent_id = agent_id
        self.prompt = QLabel(self)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(32)
        self.remember_box = QCheckBox(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.password_edit.textChanged.connect(self._update)
        layout = QFormLayout(self)
        layout.addRow(self.prompt)
        layout.addRow(self.password_edit)
        layout.addRow(self.remember_box)
        layout.addRow(self.buttons)
        self.retranslate()
        self._update()

    def password(self) -> str:
        return self.password_edit.text()

    def remember(self) -> bool:
        return self.remember_box.isChecked()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.password_edit.text()))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign in"))
        self.prompt.setText(self.tr("Password of agent {0}:").format(self._agent_id))
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.remember_box.setText(self.tr("Remember the password in the system keyring"))
        self.remember_box.setAccessibleName(self.tr("Remember the password"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
