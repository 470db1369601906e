"""The settings dialog: interface language, always-on-top, download folder, start at login, and the
shift-start check ("Check…", "Save diagnostics…"); given a ``gateway``, also the gateway fields
and the stored password (``sign_in_settings.py``).

The start-at-login entry is a file or registry value: its status is read, and it is written when
the dialog is accepted, in a thread (``load_autostart``, ``apply_autostart``). A ``--demo`` run
never registers itself, so there the box is disabled and says why.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from agentbar.config import GatewayConfig, HotkeysConfig, UiConfig
from agentbar.desktop.autostart import AutostartEntry, AutostartError, launch_command
from agentbar.ui.asyncslot import spawn
from agentbar.ui.i18n import LANGUAGES, Retranslating
from agentbar.ui.settings.hotkey_settings import HotkeySettings
from agentbar.ui.settings.sign_in_settings import SignInSettings

if TYPE_CHECKING:
    from agentbar.ui.settings.shift_check import ShiftCheck

log = logging.getLogger(__name__)


class SettingsDialog(Retranslating, QDialog):
    """Edits a ``UiConfig``; read the result with ``ui_config()`` after it is accepted.

    ``shift_check`` enables "Check…" and "Save diagnostics…"; ``autostart`` is this platform's
    start-at-login entry (None: the box is hidden); ``demo`` disables that box.
    """

    def __init__(
        self,
        current: UiConfig,
        parent: QWidget | None = None,
        *,
        shift_check: ShiftCheck | None = None,
        autostart: AutostartEntry | None = None,
        demo: bool = False,
        hotkeys: HotkeysConfig | None = None,
        gateway: GatewayConfig | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self._current = current
        self._shift_check = shift_check
        self._autostart = autostart
        self._demo = demo
        # What the entry was when the dialog opened; None until read (or when it cannot be).
        self.autostart_was: bool | None = None
        self.autostart_error: QMessageBox | None = None
        self.language = QComboBox(self)
        self.always_on_top = QCheckBox(self)
        self.always_on_top.setChecked(current.always_on_top)
        self.download_dir = QLineEdit(current.download_dir, self)
        self.start_at_login = QCheckBox(self)
        self.start_at_login.setObjectName("startAtLogin")
        self.start_at_login.setEnabled(False)  # until its status is read
        self.start_at_login.setVisible(autostart is not None)
        self.check_button = QPushButton(self)
        self.check_button.setObjectName("checkButton")
        self.save_button = QPushButton(self)
        self.save_button.setObjectName("saveDiagnosticsButton")
        for button in (self.check_button, self.save_button):
            button.setAutoDefault(False)  # Enter accepts the dialog, it does not run a check
            button.setEnabled(shift_check is not None)
        self.check_button.clicked.connect(self._check)
        self.save_button.clicked.connect(self._save_diagnostics)
        # The [hotkeys] chords; read them with self.hotkeys.hotkeys_config() after accept.
        self.hotkeys = HotkeySettings(hotkeys or HotkeysConfig(), self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # The gateway fields and the stored password (None: not offered); applied by the caller.
        self.sign_in: SignInSettings | None = None
        if gateway is not None:
            self.sign_in = SignInSettings(gateway, self, demo=demo)
            ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
            self.sign_in.valid_changed.connect(ok.setEnabled)
        self.form = QFormLayout(self)
        self.language_label = QLabel(self)
        self.download_label = QLabel(self)
        self.check_label = QLabel(self)
        checks = QHBoxLayout()
        checks.addWidget(self.check_button)
        checks.addWidget(self.save_button)
        checks.addStretch(1)
        self.form.addRow(self.language_label, self.language)
        self.form.addRow("", self.always_on_top)
        self.form.addRow(self.download_label, self.download_dir)
        self.form.addRow("", self.start_at_login)
        self.form.addRow(self.check_label, checks)
        self.form.addRow(self.hotkeys)
        if self.sign_in is not None:
            self.form.addRow(self.sign_in)
        self.form.addRow(self.buttons)
        self.retranslate()

    def ui_config(self) -> UiConfig:
        return replace(
            self._current,
            language=str(self.language.currentData() or ""),
            always_on_top=self.always_on_top.isChecked(),
            download_dir=self.download_dir.text().strip(),
        )

    # --- start at login ------------------------------------------------------------------------

    async def load_autostart(self) -> None:
        """Read whether agentbar starts at login and show it (the box stays off in a demo)."""
        entry = self._autostart
        if entry is None:
            return
        try:
            status = await asyncio.to_thread(entry.status)
        except AutostartError as exc:
            log.warning("cannot read the start-at-login entry: %s", exc)
            # The system's own words; retranslate() replaces them only in a demo (its reason).
            self.start_at_login.setToolTip(str(exc))
            return
        self.autostart_was = status.enabled
        self.start_at_login.setChecked(status.enabled)
        self.start_at_login.setEnabled(not self._demo)

    async def apply_autostart(self) -> bool:
        """Create or remove the entry if the box changed (call after accept); False on failure.

        A failure is shown in a message box on the dialog's parent.
        """
        entry = self._autostart
        wanted = self.start_at_login.isChecked()
        if entry is None or self._demo or self.autostart_was is None:
            return True
        if wanted == self.autostart_was:
            return True
        try:
            if wanted:
                await asyncio.to_thread(entry.enable, launch_command())
            else:
                await asyncio.to_thread(entry.disable)
        except (AutostartError, OSError) as exc:
            log.warning("cannot change the start-at-login entry: %s", exc)
            self._show_autostart_error(str(exc))
            return False
        log.info("start at login %s (%s)", "on" if wanted else "off", entry.location)
        self.autostart_was = wanted
        return True

    def _show_autostart_error(self, detail: str) -> None:
        parent = self.parentWidget() or self
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Start at login not changed"),
            self.tr("agentbar could not change whether it starts at login:\n{0}").format(detail),
            QMessageBox.StandardButton.Close,
            parent,
        )
        box.setObjectName("autostartError")
        box.open()  # not exec(): no nested event loop inside the running task
        self.autostart_error = box

    # --- the shift-start check -----------------------------------------------------------------

    def _check(self) -> None:
        if self._shift_check is not None:
            spawn(self._shift_check.check())

    def _save_diagnostics(self) -> None:
        if self._shift_check is not None:
            spawn(self._shift_check.save_diagnostics())

    # --- text ----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        chosen = self.language.currentData() if self.language.count() else self._current.language
        self.language.clear()
        self.language.addItem(self.tr("System language"), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)  # each language in its own words, never translated
        self.language.setCurrentIndex(max(0, self.language.findData(chosen or "")))
        self.language_label.setText(self.tr("Language"))
        self.language.setAccessibleName(self.tr("Language"))
        self.always_on_top.setText(self.tr("Keep the bar above other windows"))
        self.always_on_top.setAccessibleName(self.tr("Keep the bar above other windows"))
        self.download_label.setText(self.tr("Download folder"))
        self.download_dir.setAccessibleName(self.tr("Download folder"))
        self.download_dir.setPlaceholderText(self.tr("Empty: the system's Downloads folder"))
        self.start_at_login.setText(self.tr("Start agentbar when I log in"))
        self.start_at_login.setAccessibleName(self.tr("Start agentbar when I log in"))
        if self._demo:
            self.start_at_login.setToolTip(
                self.tr(
                    "Not in the demo: a demo never registers itself to start at login. "
                    "Run agentbar with your profile to turn this on."
                )
            )
        self.check_label.setText(self.tr("Shift-start check"))
        self.check_button.setText(self.tr("Check…"))
        self.check_button.setToolTip(
            self.tr("Check the profile, the connections, the clock and the stored secrets")
        )
        self.save_button.setText(self.tr("Save diagnostics…"))
        self.save_button.setToolTip(
            self.tr("Save logs, the check's results and versions in a zip file for IT")
        )
