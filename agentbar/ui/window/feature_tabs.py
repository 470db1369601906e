"""The FAQ, Work order and Recordings tabs of the agent window, bound to one :class:`Features`.

They are added once the feature services exist (after sign-in, see ``MainWindow``). The session
feeds them: the current call pre-fills the work order, a recording event adds a row to the
Recordings tab. Ctrl+Shift+F and Ctrl+Shift+W bring the window forward on the FAQ search box or the
work-order form; Ctrl+Shift+F also from other applications where the platform lets agentbar grab
it (``agentbar/desktop/hotkeys/global_hotkey.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QWidget

from agentbar.app.agent.session import AgentSession, CallPhase, CallState
from agentbar.app.features import Features
from agentbar.app.work_order.case_draft import CallContext
from agentbar.desktop.hotkeys.global_hotkey import GlobalHotkey
from agentbar.ui.asyncslot import spawn
from agentbar.ui.faq.faq_view import FaqView, install_search_shortcut
from agentbar.ui.recordings.recordings_view import RecordingsView
from agentbar.ui.work_order.case_view import CaseView, install_case_shortcut


class TabHost(Protocol):
    """What the tabs need from the window (``MainWindow`` is one)."""

    def add_tab(self, widget: QWidget, title: Callable[[], str]) -> None: ...
    def show_tab(self, widget: QWidget) -> None: ...


class FeatureTabs(QObject):
    """Builds the three views into ``window`` and keeps them fed from ``session``."""

    def __init__(
        self, window: QWidget, host: TabHost, features: Features, session: AgentSession
    ) -> None:
        super().__init__(window)
        self.features = features
        self.faq_view = FaqView(features.faq, window)
        self.case_view = CaseView(features.work_orders, window)
        self.recordings_view = RecordingsView(
            features.downloads,
            features.quality,
            features.staff_id,
            features.downloads_folder,
            window,
        )
        host.add_tab(self.faq_view, lambda: self.tr("FAQ"))
        host.add_tab(self.case_view, lambda: self.tr("Work order"))
        host.add_tab(self.recordings_view, lambda: self.tr("Recordings"))

        session.call_changed.connect(self._on_call)
        session.event_received.connect(self.recordings_view.on_agent_event)
        if session.call is not None:
            self._on_call(session.call)
        self.faq_shortcut = install_search_shortcut(
            window, self.faq_view, show_tab=lambda: host.show_tab(self.faq_view)
        )
        # The same chord system-wide where the platform allows (Windows, X11), with the same
        # activation; elsewhere register() logs why and the shortcut above still works in-app.
        self.faq_hotkey = GlobalHotkey(self)
        self.faq_hotkey.activated.connect(self.faq_shortcut.activated)
        self.faq_hotkey.register(
            self.faq_shortcut.key().toString(QKeySequence.SequenceFormat.PortableText)
        )
        self._host = host
        self.case_shortcut = install_case_shortcut(window, self.open_case_form)

        spawn(self.faq_view.refresh_groups())
        spawn(self.recordings_view.refresh_inspected())

    def _on_call(self, call: CallState | None) -> None:
        # A work order is about a call the agent took; a ringing call may still go elsewhere.
        if call is None:
            self.case_view.set_call(None)
        elif call.phase is CallPhase.TALKING:
            self.case_view.set_call(CallContext.from_call_state(call))

    def open_case_form(self) -> None:
        """The Work order tab, in front, with the title field focused (bar button, shortcut)."""
        self._host.show_tab(self.case_view)
        self.case_view.title_edit.setFocus()
