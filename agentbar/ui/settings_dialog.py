"""The settings dialog: interface language, always-on-top and the download folder."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from agentbar.config import UiConfig
from agentbar.ui.i18n import LANGUAGES


class SettingsDialog(QDialog):
    """Edits a ``UiConfig``; read the result with ``ui_config()`` after it is accepted."""

    def __init__(self, current: UiConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self._current = current
        self.language = QComboBox(self)
        self.always_on_top = QCheckBox(self)
        self.always_on_top.setChecked(current.always_on_top)
        self.download_dir = QLineEdit(current.download_dir, self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout(self)
        self.language_label = QLabel(self)
        self.download_label = QLabel(self)
        self.form.addRow(self.language_label, self.language)
        self.form.addRow("", self.always_on_top)
        self.form.addRow(self.download_label, self.download_dir)
        self.form.addRow(self.buttons)
        self.retranslate()

    def ui_config(self) -> UiConfig:
        return replace(
            self._current,
            language=str(self.language.currentData() or ""),
            always_on_top=self.always_on_top.isChecked(),
            download_dir=self.download_dir.text().strip(),
        )

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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
