"""The tray icon: its colour shows the agent's state, its menu shows the window or quits.

Where the desktop has no system tray (offscreen, some Wayland shells) the icon is not shown, but
notifications are still recorded and signalled, so the rest of the window works the same.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from agentbar.app.agent.session import AgentSession, AgentSnapshot, CallState
from agentbar.ui.i18n import RetranslatingObject
from agentbar.ui.window.state_text import snapshot_text, state_icon, visual_key


class TrayIcon(RetranslatingObject, QObject):
    """Owns the QSystemTrayIcon and its menu."""

    show_window_requested = Signal()
    quit_requested = Signal()
    notified = Signal(str, str)  # title, text — every desktop notification, shown or not

    def __init__(self, session: AgentSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._snapshot = session.snapshot
        self._call: CallState | None = session.call
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.show_action = self.menu.addAction("")
        self.show_action.triggered.connect(self.show_window_requested)
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction("")
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.last_notification: tuple[str, str] | None = None
        self.visual = "offline"
        session.state_changed.connect(self._on_state)
        session.call_changed.connect(self._on_call)
        self.retranslate()
        self._render()

    @property
    def available(self) -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        if self.available:
            self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def notify(self, title: str, text: str) -> None:
        """A desktop notification from the tray (also recorded for the window and tests)."""
        self.last_notification = (title, text)
        if self.available and self.icon.isVisible() and QSystemTrayIcon.supportsMessages():
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, 10_000)
        self.notified.emit(title, text)

    def retranslate(self) -> None:
        self.show_action.setText(self.tr("Show agentbar"))
        self.quit_action.setText(self.tr("Quit (signs out)"))
        self._render()

    def _on_state(self, snapshot: AgentSnapshot) -> None:
        self._snapshot = snapshot
        self._render()

    def _on_call(self, call: CallState | None) -> None:
        self._call = call
        self._render()

    def _render(self) -> None:
        self.visual = visual_key(self._snapshot, self._call)
        self.icon.setIcon(state_icon(self.visual))
        self.icon.setToolTip(self.tr("agentbar — {0}").format(snapshot_text(self._snapshot)))

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_window_requested.emit()
