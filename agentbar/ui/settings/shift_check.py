"""The window's "Check" and "Save diagnostics…" actions: the doctor and the bundle, off the loop.

:class:`ShiftCheck` owns the doctor dialog and the crash handler's reports; the window (or the
settings dialog's "Check" button, or the crash notice) calls :meth:`check` and
:meth:`save_diagnostics`. Network checks run on the qasync loop; the zip is written in a thread.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from agentbar.config import Profile
from agentbar.desktop.crash import CrashHandler
from agentbar.doctor.bundle import DiagnosticsError, default_bundle_name, write_bundle
from agentbar.doctor.report import DoctorReport, run_doctor
from agentbar.secrets import SecretStore
from agentbar.ui.asyncslot import spawn
from agentbar.ui.dialogs import run_dialog
from agentbar.ui.settings.doctor_dialog import DoctorDialog

log = logging.getLogger(__name__)

EventSource = Callable[[], Iterable[object]]


class ShiftCheck:
    """Runs the doctor for the window's profile and saves diagnostics bundles."""

    def __init__(
        self,
        parent: QWidget,
        secrets: SecretStore,
        *,
        config_path: Path | None,
        profile: Callable[[], Profile] | None = None,
        events: EventSource = tuple,
        crash_handler: CrashHandler | None = None,
        log_directory: Path | None = None,
    ) -> None:
        self._parent = parent
        self._secrets = secrets
        self._config_path = config_path
        # Given for --demo, whose profile lives only in memory; else the file is checked.
        self._profile = profile
        self._events = events
        self._crash_handler = crash_handler
        self._log_directory = log_directory
        self.dialog: DoctorDialog | None = None
        self.last_report: DoctorReport | None = None

    async def run(self) -> DoctorReport:
        """The doctor's report for this profile (no dialog)."""
        profile = self._profile() if self._profile is not None else None
        report = await run_doctor(self._config_path, self._secrets, profile=profile)
        self.last_report = report
        return report

    async def check(self) -> DoctorReport:
        """Open the dialog (once) and fill it with a fresh report."""
        if self.dialog is None:
            dialog = DoctorDialog(self._parent)
            dialog.check_requested.connect(lambda: spawn(self._refresh(dialog)))
            dialog.save_requested.connect(lambda: spawn(self.save_diagnostics()))
            dialog.finished.connect(self._forget_dialog)
            self.dialog = dialog
            dialog.open()
        return await self._refresh(self.dialog)

    async def _refresh(self, dialog: DoctorDialog) -> DoctorReport:
        dialog.set_running()
        report = await self.run()
        dialog.set_report(report)
        return report

    def _forget_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    async def save_diagnostics(self, dest: Path | None = None) -> Path | None:
        """Ask where (unless ``dest`` is given), then write the bundle; the file, or None."""
        if dest is None:
            dest = await self._ask_destination()
            if dest is None:
                return None
        report = self.last_report or await self.run()
        crashes = list(self._crash_handler.reports) if self._crash_handler else []
        events = list(self._events())
        try:
            written = await asyncio.to_thread(
                write_bundle,
                dest,
                report=report,
                config_path=self._config_path,
                events=events,
                crashes=crashes,
                log_directory=self._log_directory,
            )
        except DiagnosticsError as exc:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self._parent.tr("Diagnostics not saved"),
                str(exc),
                QMessageBox.StandardButton.Close,
                self._parent,
            )
            box.setObjectName("diagnosticsError")
            box.open()
            return None
        log.info("diagnostics saved to %s", written)
        return written

    async def _ask_destination(self) -> Path | None:
        dialog = QFileDialog(
            self._parent,
            self._parent.tr("Save diagnostics"),
            str(Path.home() / default_bundle_name()),
            self._parent.tr("Zip files (*.zip)"),
        )
        dialog.setObjectName("diagnosticsFileDialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("zip")
        if await run_dialog(dialog) != QFileDialog.DialogCode.Accepted:
            return None
        chosen = dialog.selectedFiles()
        return Path(chosen[0]) if chosen else None
