"""The first-run dialog: gateway address, agent ID, phone, CA bundle and password.

Fields are checked as they are typed (format only); the CA bundle file is checked on OK, off the
event loop, together with the profile's own validation, so the saved profile always loads.
"""

from __future__ import annotations

import asyncio
import os
import re
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agentbar.config import ConfigError, GatewayConfig, Profile, TlsConfig, validate_profile
from agentbar.ui.asyncslot import spawn
from agentbar.ui.error_text import error_message
from agentbar.ui.i18n import Retranslating

_DIGITS = re.compile(r"[0-9]+")


def gateway_problems(url: str, agent_id: str, phone: str) -> dict[str, str]:
    """Format problems of the gateway fields as typed (no disk access), keyed ``url``,
    ``agent_id`` and ``phone``, in the UI language. Settings checks its copy of them the same
    way."""
    problems: dict[str, str] = {}
    url_problem = _url_problem(url.strip())
    if url_problem:
        problems["url"] = url_problem
    agent_id = agent_id.strip()
    if not (_DIGITS.fullmatch(agent_id) and 3 <= len(agent_id) <= 6):
        problems["agent_id"] = QCoreApplication.translate(
            "SetupDialog", "The agent ID is your work number: 3 to 6 digits."
        )
    phone = phone.strip()
    if not (_DIGITS.fullmatch(phone) and len(phone) <= 24):
        problems["phone"] = QCoreApplication.translate(
            "SetupDialog", "The phone number is 1 to 24 digits."
        )
    return problems


def _url_problem(url: str) -> str:
    # The texts keep the context "SetupDialog", where they were first translated.
    if not url:
        return QCoreApplication.translate(
            "SetupDialog", "Enter the gateway address, for example https://10.1.1.1:8043."
        )
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return QCoreApplication.translate(
            "SetupDialog", "The address must start with https:// (or http://)."
        )
    if not parts.hostname:
        return QCoreApplication.translate(
            "SetupDialog", "The address has no host name or IP address."
        )
    try:
        parts.port  # noqa: B018 -- urlsplit checks the port only when it is read
    except ValueError:
        return QCoreApplication.translate(
            "SetupDialog", "The port must be a number from 1 to 65535."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return QCoreApplication.translate(
            "SetupDialog", "Give only scheme, host and port; agentbar adds the path itself."
        )
    if parts.username or parts.password:
        return QCoreApplication.translate(
            "SetupDialog", "The address must not contain a user name or password."
        )
    return ""


class SetupDialog(Retranslating, QDialog):
    """Collects a profile and a password. Read ``profile()``, ``password()``, ``remember()``."""

    def __init__(self, parent: QWidget | None = None, *, problem: str | ConfigError = "") -> None:
        super().__init__(parent)
        self.setObjectName("setupDialog")
        self.setMinimumWidth(480)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        # Why the profile could not be loaded or saved: a ConfigError is shown in the UI
        # language (and again after a switch); plain text from the caller is shown as given.
        self._problem = problem
        self.problem = QLabel(self)
        self.problem.setObjectName("problemLabel")
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        self.url = QLineEdit(self)
        self.agent_id = QLineEdit(self)
        self.agent_id.setMaxLength(6)
        self.phone = QLineEdit(self)
        self.phone.setMaxLength(24)
        self.ca_bundle = QLineEdit(self)
        self.browse = QPushButton(self)
        self.verify = QCheckBox(self)
        self.verify.setChecked(True)
        self.password_edit = QLineEdit(self)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(32)
        self.remember_box = QCheckBox(self)
        self.remember_box.setChecked(True)
        self.errors: dict[str, QLabel] = {}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )

        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(self.browse)
        self.form = QFormLayout()
        self._labels: dict[str, QLabel] = {}
        for key, field in (
            ("url", self.url),
            ("agent_id", self.agent_id),
            ("phone", self.phone),
            ("ca_bundle", ca_row),
            ("verify", self.verify),
            ("password", self.password_edit),
            ("remember", self.remember_box),
        ):
            label = QLabel(self)
            self._labels[key] = label
            self.form.addRow(label, field)
            if key in ("url", "agent_id", "phone", "ca_bundle", "password"):
                error = QLabel(self)
                error.setObjectName("fieldError")
                error.setWordWrap(True)
                error.hide()
                self.errors[key] = error
                self.form.addRow("", error)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problem)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(lambda: spawn(self.check_and_accept()))
        self.buttons.rejected.connect(self.reject)
        self.browse.clicked.connect(self._browse)
        for edit in (self.url, self.agent_id, self.phone, self.ca_bundle, self.password_edit):
            edit.textChanged.connect(self._validate)
        self._touched: set[str] = set()
        for key, edit in (
            ("url", self.url),
            ("agent_id", self.agent_id),
            ("phone", self.phone),
            ("password", self.password_edit),
        ):
            edit.editingFinished.connect(lambda key=key: self._touch(key))
            edit.textEdited.connect(lambda _text, key=key: self._touch(key))
        self.retranslate()

    # -- results ------------------------------------------------------------------------------

    def profile(self) -> Profile:
        return Profile(
            gateway=GatewayConfig(
                url=self.url.text().strip().rstrip("/"),
                agent_id=self.agent_id.text().strip(),
                phone=self.phone.text().strip(),
            ),
            tls=TlsConfig(ca_bundle=self.ca_bundle.text().strip(), verify=self.verify.isChecked()),
        )

    def password(self) -> str:
        return self.password_edit.text()

    def remember(self) -> bool:
        return self.remember_box.isChecked()

    # -- validation ---------------------------------------------------------------------------

    def field_problems(self) -> dict[str, str]:
        """Format problems of each field (no disk access), keyed like ``errors``."""
        problems = gateway_problems(self.url.text(), self.agent_id.text(), self.phone.text())
        if not self.password_edit.text():
            problems["password"] = self.tr("Enter the agent password.")
        return problems

    def _touch(self, key: str) -> None:
        self._touched.add(key)
        self._validate()

    def _validate(self) -> bool:
        problems = self.field_problems()
        for key, label in self.errors.items():
            text = problems.get(key, "")
            # Say nothing about a field the person has not reached yet.
            shown = bool(text) and (key in self._touched or key == "ca_bundle")
            label.setText(text)
            label.setVisible(shown)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problems)
        return not problems

    def show_all_problems(self) -> None:
        self._touched.update(self.errors)
        self._validate()

    async def check_and_accept(self) -> bool:
        """Check the files and the whole profile off the loop; accept only if all is well."""
        self.show_all_problems()
        if self.field_problems():
            return False
        profile = self.profile()
        ca = profile.tls.ca_bundle
        if ca and not await asyncio.to_thread(
            lambda: os.path.isfile(ca) and os.access(ca, os.R_OK)
        ):
            self._show_error(
                "ca_bundle", self.tr("This CA bundle file does not exist or cannot be read.")
            )
            return False
        try:
            await asyncio.to_thread(validate_profile, profile)
        except ConfigError as exc:
            key = exc.key.split(".")[-1] if exc.key else "url"
            self._show_error(key if key in self.errors else "url", error_message(exc))
            return False
        self.accept()
        return True

    def _show_error(self, key: str, text: str) -> None:
        # A problem found on OK (a missing CA file, the profile's own check) lasts until the next
        # edit or language switch redraws the field errors; OK finds it again.
        label = self.errors[key]
        label.setText(text)
        label.show()

    def _browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose the CA bundle (PEM)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [self.tr("Certificates (*.pem *.crt *.cer)"), self.tr("All files (*)")]
        )
        dialog.fileSelected.connect(self.ca_bundle.setText)
        dialog.open()

    # -- translation --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up agentbar"))
        self.intro.setText(
            self.tr(
                "Enter the CC-Gateway your contact center gave you and your agent details. "
                "They are saved in your profile; the password goes to the system keyring only "
                "when you tick Remember."
            )
        )
        texts = {
            "url": (self.tr("Gateway address"), self.tr("https://10.1.1.1:8043")),
            "agent_id": (self.tr("Agent ID"), self.tr("e.g. 101")),
            "phone": (self.tr("Phone number"), self.tr("Softphone or phone number")),
            "ca_bundle": (self.tr("CA bundle"), self.tr("Empty: the system's certificates")),
            "password": (self.tr("Password"), ""),
        }
        edits = {
            "url": self.url,
            "agent_id": self.agent_id,
            "phone": self.phone,
            "ca_bundle": self.ca_bundle,
            "password": self.password_edit,
        }
        for key, (label, placeholder) in texts.items():
            self._labels[key].setText(label)
            edits[key].setAccessibleName(label)
            edits[key].setPlaceholderText(placeholder)
        self._labels["verify"].setText("")
        self._labels["remember"].setText("")
        self.verify.setText(self.tr("Verify the gateway's certificate"))
        self.verify.setAccessibleName(self.tr("Verify the gateway's certificate"))
        self.remember_box.setText(self.tr("Remember the password in the system keyring"))
        self.remember_box.setAccessibleName(self.tr("Remember the password"))
        self.browse.setText(self.tr("Browse…"))
        self.browse.setAccessibleName(self.tr("Browse for the CA bundle"))
        problem = self._problem
        self.problem.setText(
            error_message(problem) if isinstance(problem, ConfigError) else problem
        )
        self._validate()
