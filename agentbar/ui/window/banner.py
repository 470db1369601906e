"""A message strip above the bar: a warning, an error or a note, with an optional action."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from agentbar.ui.i18n import Retranslating

KINDS = ("info", "warning", "error")


class Banner(Retranslating, QFrame):
    """Hidden until ``show_message``; the style sheet colours it by its ``kind`` property."""

    def __init__(self, parent: QWidget | None = None, *, closable: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.action_button = QPushButton(self)
        self.action_button.hide()
        self.close_button = QToolButton(self)
        self.close_button.setText("✕")
        self.close_button.setVisible(closable)
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 6, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.action_button)
        layout.addWidget(self.close_button)
        self._action: Callable[[], object] | None = None
        self.action_button.clicked.connect(self._run_action)
        self.retranslate()
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text()

    @property
    def kind(self) -> str:
        return str(self.property("kind") or "")

    def show_message(
        self,
        kind: str,
        text: str,
        action_text: str = "",
        action: Callable[[], object] | None = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown banner kind {kind!r}")
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self._action = action
        self.action_button.setText(action_text)
        self.action_button.setAccessibleName(action_text)
        self.action_button.setVisible(bool(action_text and action))
        self.show()

    def dismiss(self) -> None:
        self._action = None
        self.hide()

    def _run_action(self) -> None:
        action = self._action
        self.dismiss()
        if action is not None:
            action()

    def retranslate(self) -> None:
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        self.close_button.setToolTip(self.tr("Dismiss message"))
