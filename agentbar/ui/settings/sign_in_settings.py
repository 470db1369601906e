"""The "Gateway and sign-in" group of Settings: the gateway address, agent ID and phone of the
profile, and the password stored in the system keyring ("Change password…", "Forget stored
password").

Nothing is written here: the settings dialog's caller applies ``gateway_config()``,
``new_password`` and ``forget_password`` once the dialog is accepted. The fields are checked as
typed, with the first-run dialog's checks. A ``--demo`` profile lives in memory and belongs to its
simulator, so there the gateway fields are read-only and say why.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from agentbar.config import GatewayConfig
from agentbar.secrets import SecretStoreError
from agentbar.ui.asyncslot import spawn
from agentbar.ui.dialogs import run_dialog
from agentbar.ui.error_text import error_message
from agentbar.ui.i18n import Retranslating
from agentbar.ui.setup.password_dialog import PasswordDialog
from agentbar.ui.setup.setup_dialog import gateway_problems

log = logging.getLogger(__name__)


class SignInSettings(Retranslating, QGroupBox):
    """Edits a ``GatewayConfig`` and the stored password; ``valid_changed`` says whether the
    fields may be accepted."""

    valid_changed = Signal(bool)

    def __init__(
        self, gateway: GatewayConfig, parent: QWidget | None = None, *, demo: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInSettings")
        self._current = gateway
        self._demo = demo
        # What the keyring holds: None until read (or when it cannot be read).
        self.password_stored: bool | None = None
        self._keyring_problem = ""
        # What OK will do to the stored password.
        self.new_password: str | None = None
        self.forget_password = False

        self.note = QLabel(self)
        self.note.setObjectName("gatewayNote")
        self.note.setWordWrap(True)
        self.url = QLineEdit(gateway.url, self)
        self.agent_id = QLineEdit(gateway.agent_id, self)
        self.agent_id.setMaxLength(6)
        self.phone = QLineEdit(gateway.phone, self)
        self.phone.setMaxLength(24)
        self.errors: dict[str, QLabel] = {}
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.addRow(self.note)
        for key, edit in (("url", self.url), ("agent_id", self.agent_id), ("phone", self.phone)):
            edit.setReadOnly(demo)
            edit.textChanged.connect(self._validate)
            label = QLabel(self)
            self._labels[key] = label
            form.addRow(label, edit)
            error = QLabel(self)
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            self.errors[key] = error
            form.addRow("", error)

        self.password_status = QLabel(self)
        self.password_status.setObjectName("passwordStatus")
        self.password_status.setWordWrap(True)
        self.change_password_button = QPushButton(self)
        self.change_password_button.setObjectName("changePasswordButton")
        self.forget_password_button = QPushButton(self)
        self.forget_password_button.setObjectName("forgetPasswordButton")
        for button in (self.change_password_button, self.forget_password_button):
            button.setAutoDefault(False)  # Enter accepts Settings, it does not open a dialog
        self.change_password_button.clicked.connect(lambda: spawn(self.change_password()))
        self.forget_password_button.clicked.connect(self._forget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_password_button)
        buttons.addWidget(self.forget_password_button)
        buttons.addStretch(1)
        self.password_label = QLabel(self)
        form.addRow(self.password_label, self.password_status)
        form.addRow("", buttons)
        self.retranslate()

    # -- results ------------------------------------------------------------------------------

    def gateway_config(self) -> GatewayConfig:
        """The gateway as the fields give it (the demo's is never changed)."""
        if self._demo:
            return self._current
        return GatewayConfig(
            url=self.url.text().strip().rstrip("/"),
            agent_id=self.agent_id.text().strip(),
            phone=self.phone.text().strip(),
        )

    def gateway_changed(self) -> bool:
        return self.gateway_config() != self._current

    def is_valid(self) -> bool:
        return self._demo or not self._problems()

    # -- the stored password ------------------------------------------------------------------

    async def load_password_state(self, read: Callable[[], Awaitable[str | None]]) -> None:
        """Read whether a password is stored (``read`` runs off the loop) and show it."""
        try:
            self.password_stored = bool(await read())
        except SecretStoreError as exc:
            log.warning("cannot read the stored password: %s", exc)
            self._keyring_problem = error_message(exc)
        self._show_password_state()

    async def change_password(self) -> bool:
        """Ask for the new password to store on OK; False when that was cancelled."""
        dialog = PasswordDialog(self.gateway_config().agent_id, self, for_keyring=True)
        dialog.setObjectName("changePasswordDialog")
        try:
            if await run_dialog(dialog) != PasswordDialog.DialogCode.Accepted:
                return False
            self.new_password, self.forget_password = dialog.password(), False
        finally:
            dialog.deleteLater()
        self._show_password_state()
        return True

    def _forget(self) -> None:
        self.new_password, self.forget_password = None, True
        self._show_password_state()

    def _show_password_state(self) -> None:
        if self.new_password is not None:
            text = self.tr("The new password is stored when you press OK.")
        elif self.forget_password:
            text = self.tr("The stored password is deleted when you press OK.")
        elif self._keyring_problem:
            text = self.tr("The system keyring cannot be read: {0}").format(self._keyring_problem)
        elif self.password_stored is None:
            text = self.tr("Checking the system keyring…")
        elif self.password_stored:
            text = self.tr("A password is stored in the system keyring.")
        else:
            text = self.tr("No password is stored: agentbar asks for it at each sign-in.")
        self.password_status.setText(text)
        self.forget_password_button.setEnabled(
            not self.forget_password and (bool(self.password_stored) or bool(self.new_password))
        )

    # -- checks -------------------------------------------------------------------------------

    def _problems(self) -> dict[str, str]:
        return gateway_problems(self.url.text(), self.agent_id.text(), self.phone.text())

    def _validate(self) -> None:
        problems = {} if self._demo else self._problems()
        for key, label in self.errors.items():
            label.setText(problems.get(key, ""))
            label.setVisible(key in problems)
        self.valid_changed.emit(not problems)

    # -- text ---------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setTitle(self.tr("Gateway and sign-in"))
        if self._demo:
            self.note.setText(
                self.tr(
                    "The demo signs in to its own simulator: its gateway cannot be changed. "
                    "Run agentbar with your profile to change these."
                )
            )
        else:
            self.note.setText(
                self.tr(
                    "Gateway changes are saved in your profile and used when agentbar starts again."
                )
            )
        for key, text in (
            ("url", self.tr("Gateway address")),
            ("agent_id", self.tr("Agent ID")),
            ("phone", self.tr("Phone number")),
        ):
            self._labels[key].setText(text)
        self.url.setAccessibleName(self.tr("Gateway address"))
        self.agent_id.setAccessibleName(self.tr("Agent ID"))
        self.phone.setAccessibleName(self.tr("Phone number"))
        self.password_label.setText(self.tr("Password"))
        self.change_password_button.setText(self.tr("Change password…"))
        self.forget_password_button.setText(self.tr("Forget stored password"))
        self._show_password_state()
        self._validate()
