"""Asks for the agent password: to sign in (optionally remembering it in the keyring), again after
the gateway refused one, or as the new stored password chosen in Settings.

Keyboard first: the password field has the focus, Enter accepts and Escape cancels.
"""

from __future__ import annotations

import enum

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from agentbar.ui.i18n import Retranslating


class Refused(enum.Enum):
    """Which password the gateway refused just before the dialog asks again."""

    TYPED = enum.auto()  # one typed in this run
    STORED = enum.auto()  # the one in the keyring


class PasswordDialog(Retranslating, QDialog):
    """Read ``password()`` and ``remember()`` after it is accepted.

    ``refused`` adds a line saying the last password was refused; ``remember`` is the box's
    first state. ``for_keyring`` asks for a new password to store (Settings): no box, since
    storing it is the point.
    """

    def __init__(
        self,
        agent_id: str,
        parent: QWidget | None = None,
        *,
        refused: Refused | None = None,
        remember: bool = False,
        for_keyring: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self._agent_id = agent_id
        self._refused = refused
        self._for_keyring = for_keyring
        self.refused_label = QLabel(self)
        self.refused_label.setObjectName("refusedLabel")
        self.refused_label.setWordWrap(True)
        self.refused_label.setVisible(refused is not None)
        self.prompt = QLabel(self)
        self.prompt.setWordWrap(True)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(32)
        self.remember_box = QCheckBox(self)
        self.remember_box.setChecked(remember and not for_keyring)
        self.remember_box.setVisible(not for_keyring)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.password_edit.textChanged.connect(self._update)
        layout = QFormLayout(self)
        layout.addRow(self.refused_label)
        layout.addRow(self.prompt)
        layout.addRow(self.password_edit)
        layout.addRow(self.remember_box)
        layout.addRow(self.buttons)
        self.retranslate()
        self._update()

    def password(self) -> str:
        return self.password_edit.text()

    def remember(self) -> bool:
        return self.remember_box.isChecked() and not self._for_keyring

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.password_edit.text()))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # Typing starts at once, also when the dialog reopens after a refusal.
        self.password_edit.setFocus()

    def retranslate(self) -> None:
        agent = self._agent_id
        if self._for_keyring:
            self.setWindowTitle(self.tr("Change stored password"))
            self.prompt.setText(
                self.tr(
                    "New password of agent {0}. It is stored in the system keyring when you "
                    "press OK in Settings, and used at the next sign-in."
                ).format(agent)
            )
        else:
            self.setWindowTitle(self.tr("Sign in"))
            self.prompt.setText(self.tr("Password of agent {0}:").format(agent))
        if self._refused is Refused.STORED:
            self.refused_label.setText(
                self.tr(
                    "The gateway refused the stored password. Enter the right one; with Remember "
                    "ticked it replaces the stored one once the gateway accepts it."
                )
            )
        elif self._refused is Refused.TYPED:
            self.refused_label.setText(
                self.tr(
                    "The gateway refused this password. Check it (is Caps Lock on?) and enter "
                    "it again, or check the agent ID in Settings."
                )
            )
        self.password_edit.setAccessibleName(self.tr("Password"))
        self.remember_box.setText(self.tr("Remember the password in the system keyring"))
        self.remember_box.setAccessibleName(self.tr("Remember the password"))
