"""The main window: banners, the agent bar and the tabs it expands into; sign-in and quit flows.

Tabs are open-ended: ``add_tab`` takes any widget (Skills and Events here). The FAQ, Work order
and Recordings tabs (``feature_tabs.py``) are added once the agent is signed in, or a few seconds
after start-up if not: their services are not needed to sign in, so they never delay it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QScreen,
    QShortcut,
)
from PySide6.QtWidgets import QMainWindow, QTabWidget, QVBoxLayout, QWidget

from agentbar.app.agent.session import (
    AgentSession,
    AgentSnapshot,
    CallState,
    Connection,
    ConnectionStatus,
)
from agentbar.cec import AlreadySignedInError, BadCredentialsError, CecError
from agentbar.config import Profile
from agentbar.ui.asyncslot import add_error_sink, remove_error_sink, spawn
from agentbar.ui.dialogs import confirm, run_dialog
from agentbar.ui.error_text import error_message
from agentbar.ui.events.events_view import EventsView
from agentbar.ui.i18n import Retranslating
from agentbar.ui.setup.password_dialog import PasswordDialog, Refused
from agentbar.ui.skills.skills_view import SkillsView
from agentbar.ui.window.banner import Banner
from agentbar.ui.window.bar import AgentBar
from agentbar.ui.window.fonts import FontNotice
from agentbar.ui.window.tray import TrayIcon
from agentbar.ui.window.window_placement import fitted, load_placement, save_placement

if TYPE_CHECKING:
    # Not imported at run time: the window is shown before the HTTP stack and the keyring load.
    from agentbar.app.services import Services
    from agentbar.secrets import SecretStoreError
    from agentbar.ui.window.feature_tabs import FeatureTabs

log = logging.getLogger(__name__)

COLLAPSED_WIDTH = 1060
EXPANDED_HEIGHT = 520
# Without a sign-in (no stored password, the dialog dismissed) the FAQ and the outbox still
# work offline; they are built this long after the services at the latest.
FEATURES_AT_THE_LATEST = 3.0


class MainWindow(Retranslating, QMainWindow):
    """One agent's window. ``quit_requested`` asks the launcher to sign out and end.

    The window can be shown before its ``Services`` exist (start-up shows it first and loads the
    network stack behind it); sign-in waits for ``set_services``.
    """

    quit_requested = Signal()
    settings_requested = Signal()

    def __init__(
        self,
        profile: Profile,
        session: AgentSession,
        tray: TrayIcon | None = None,
        services: Services | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self._profile = profile
        self._services: Services | None = None
        self._session = session
        self.tray = tray
        self.feature_tabs: FeatureTabs | None = None
        self._tab_titles: list[tuple[QWidget, Callable[[], str]]] = []
        self._quitting = False
        # The password of the sign-in that may be forced next, whether to remember it, and
        # whether it came from the keyring.
        self._pending: tuple[str, bool, bool] | None = None
        # The stored password the gateway refused in this run: never sent again unasked.
        self._refused_stored: str | None = None
        # The last refusal, and the Remember wish to offer when asking again.
        self._refusal: tuple[Refused, bool] | None = None
        self.password_dialog: PasswordDialog | None = None  # while one is open

        import agentbar._resources_rc  # noqa: F401  -- registers :/agentbar/…

        self.setWindowIcon(QIcon(":/agentbar/icons/agentbar.svg"))
        agent_id = profile.gateway.agent_id
        self.tls_banner = Banner(self, closable=False)
        self.status_banner = Banner(self)
        self.font_banner = Banner(self)
        self.font_notice = FontNotice(self.font_banner)
        self.error_banner = Banner(self)
        self.bar = AgentBar(session, agent_id, self)
        self.bar.set_agent_name(profile.gateway.phone)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.hide()
        self.skills_view = SkillsView(session, self)
        self.events_view = EventsView(session, parent=self)
        self.add_tab(self.skills_view, lambda: self.tr("Skills"))
        self.add_tab(self.events_view, lambda: self.tr("Events"))

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for widget in (
            self.tls_banner,
            self.font_banner,
            self.status_banner,
            self.error_banner,
            self.bar,
            self.tabs,
        ):
            layout.addWidget(widget)
        self.setCentralWidget(central)

        self.bar.sign_in_requested.connect(lambda: spawn(self.sign_in()))
        self.bar.sign_out_requested.connect(lambda: spawn(self.sign_out()))
        self.bar.expand_toggled.connect(self.set_expanded)
        self.bar.settings_requested.connect(self.settings_requested)
        self.bar.work_order_requested.connect(self._open_work_order)
        session.connection_changed.connect(self._on_connection)
        session.error_occurred.connect(self._on_error)
        session.ringing.connect(self._on_ringing)
        session.skills_changed.connect(
            lambda skills: self.font_notice.set_texts(skill.name for skill in skills)
        )
        if tray is not None:
            tray.show_window_requested.connect(self.bring_forward)
            tray.quit_requested.connect(self.quit_requested)
        add_error_sink(self._on_unexpected)
        self.destroyed.connect(lambda: remove_error_sink(self._on_unexpected))

        self.set_always_on_top(profile.ui.always_on_top)
        self.retranslate()
        self._placement_file: Path | None = None
        # Ctrl+1 … Ctrl+9: the window expanded on that tab, the keyboard in it.
        self._tab_keys: list[QShortcut] = []
        for number in range(1, 10):
            key = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            key.activated.connect(lambda n=number: self.show_tab_at(n - 1))
            self._tab_keys.append(key)
        self.resize(COLLAPSED_WIDTH, self.minimumSizeHint().height())
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self._watch_screen)
            app.screenRemoved.connect(lambda _screen: self.fit_to_screen())
            for screen in app.screens():
                self._watch_screen(screen)
        if services is not None:
            self.set_services(services)

    @property
    def services(self) -> Services | None:
        return self._services

    def set_services(self, services: Services) -> None:
        """Hand over the clients once they are built; sign-in needs them."""
        self._services = services
        self._profile = services.profile
        if services.tls_insecure:
            self.show_tls_warning()

    def open_features(self, data_dir: Path | None = None) -> None:
        """Add the FAQ, Work order and Recordings tabs once the agent is ready (or after
        ``FEATURES_AT_THE_LATEST``); ``data_dir`` holds their caches and outbox (None: the user
        data dir). Needs ``set_services`` first."""
        if self._services is None:
            raise RuntimeError("open_features needs the services")
        spawn(self._open_features(self._services, data_dir))

    async def _open_features(self, services: Services, data_dir: Path | None) -> None:
        ready = asyncio.Event()

        def on_state(snapshot: AgentSnapshot) -> None:
            if snapshot.signed_in and snapshot.pending is None:
                ready.set()

        self._session.state_changed.connect(on_state)
        try:
            await asyncio.wait_for(ready.wait(), FEATURES_AT_THE_LATEST)
        except TimeoutError:
            pass
        finally:
            self._session.state_changed.disconnect(on_state)
        features = await services.open_features(data_dir)
        from agentbar.ui.window.feature_tabs import FeatureTabs

        if self.feature_tabs is None:
            self.feature_tabs = FeatureTabs(self, self, features, self._session)
            self.bar.work_order_button.setEnabled(True)

    def _open_work_order(self) -> None:
        if self.feature_tabs is not None:
            self.feature_tabs.open_case_form()

    # -- public -------------------------------------------------------------------------------

    def add_tab(self, widget: QWidget, title: Callable[[], str]) -> None:
        """Add a tab; ``title`` gives its text in the current language (asked again on change)."""
        self._tab_titles.append((widget, title))
        text = title()
        widget.setAccessibleName(text)
        self.tabs.addTab(widget, text)

    def add_banner(self) -> Banner:
        """A banner of the caller's own above the bar: its messages never replace the others'."""
        banner = Banner(self)
        central = self.centralWidget()
        layout = central.layout() if central is not None else None
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(layout.indexOf(self.bar), banner)
        return banner

    def show_tab_at(self, index: int) -> None:
        """Expand on the tab at ``index`` (if there is one) and give the keyboard to it."""
        page = self.tabs.widget(index)
        if page is None:
            return
        self.set_expanded(True)
        self.tabs.setCurrentIndex(index)
        first = _first_focusable(page)
        if first is not None:
            first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_tab(self, widget: QWidget) -> None:
        """Expand the window on ``widget``'s tab and bring it forward."""
        self.set_expanded(True)
        self.tabs.setCurrentWidget(widget)
        self.bring_forward()

    def set_expanded(self, expanded: bool) -> None:
        self.tabs.setVisible(expanded)
        if self.bar.expand_button.isChecked() != expanded:
            self.bar.expand_button.setChecked(expanded)
        if expanded:
            self.resize(max(self.width(), COLLAPSED_WIDTH), max(self.height(), EXPANDED_HEIGHT))
        else:
            central = self.centralWidget()
            if central is not None:
                central.adjustSize()
            self.resize(self.width(), self.minimumSizeHint().height())
        self.fit_to_screen()

    # -- where the window is ------------------------------------------------------------------

    def restore_placement(self, path: Path) -> None:
        """Go back to the place kept in ``path`` if it is still on a screen; keep it there."""
        self._placement_file = path
        saved = load_placement(path)
        if saved is not None:
            self.resize(saved.size())
            self.move(saved.topLeft())
        self.fit_to_screen(placed=saved is not None)

    def fit_to_screen(self, *, placed: bool = True) -> None:
        """Keep the whole window inside the free area of its screen (task bars excluded).

        ``placed`` False: the window has no place of its own yet and goes to the top centre of
        the primary screen.
        """
        app = QGuiApplication.instance()
        if not isinstance(app, QGuiApplication) or app.primaryScreen() is None:
            return
        primary = app.primaryScreen().availableGeometry()
        frame = self.frameGeometry()
        inner = self.geometry()
        # The title bar and borders, which the window manager adds outside geometry().
        extra_w, extra_h = (
            frame.width() - inner.width(),
            frame.height() - inner.height(),
        )
        areas = [screen.availableGeometry() for screen in app.screens()] if placed else []
        target = fitted(frame, areas, primary)
        size = (target.width() - extra_w, target.height() - extra_h)
        if size != (inner.width(), inner.height()):
            self.resize(*size)
        if target.topLeft() != frame.topLeft():
            self.move(target.topLeft())

    def save_placement(self) -> None:
        if self._placement_file is not None and self.isVisible():
            save_placement(self._placement_file, self.frameGeometry())

    def _watch_screen(self, screen: QScreen) -> None:
        screen.availableGeometryChanged.connect(lambda _area: self.fit_to_screen())

    def set_always_on_top(self, on: bool) -> None:
        visible = self.isVisible()
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)
        if visible:
            self.show()

    def show_without_focus(self) -> None:
        """Bring the window in front without taking the keyboard from where the agent types.

        For a ringing call: the agent may be typing in the CRM, or in the FAQ box here; their
        next keys must still land there, not on the bar.
        """
        if self.isMinimized():
            self.showNormal()
        if not self.isVisible():
            self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
            self.show()
            self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, False)
        self.raise_()

    def bring_forward(self) -> None:
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    async def sign_in(
        self,
        *,
        force: bool = False,
        password: str | None = None,
        remember: bool = False,
        ask: bool = False,
    ) -> bool:
        """Sign in with ``password``, the stored one, or one asked for; offer force when needed.

        ``remember`` (or the dialog's box) stores the password, but only once the gateway has
        accepted it. A refused password is asked for again at once; a stored one the gateway
        refused is not sent again in this run, and stays stored until a good one replaces it.
        ``ask`` asks even when a password is stored ("Enter password").
        """
        from agentbar.secrets import SecretStoreError

        services = self._services
        if services is None:
            return False
        if self.password_dialog is not None:  # one question at a time: show the open one
            self.password_dialog.raise_()
            self.password_dialog.activateWindow()
            return False
        from_keyring = False
        if password is None and force and self._pending is not None:
            password, remember, from_keyring = self._pending
        if password is None and not ask:
            try:
                password = await services.password()
            except SecretStoreError as exc:
                self.show_keyring_warning(exc)
            from_keyring = bool(password)
            if from_keyring and password == self._refused_stored:
                password, from_keyring = None, False
                self._refusal = self._refusal or (Refused.STORED, True)
        while True:
            if not password:
                answer = await self._ask_password()
                if answer is None:
                    return False
                password, remember = answer
                from_keyring = False
            self._pending = (password, remember, from_keyring)
            self._last_error = None
            self.error_banner.dismiss()
            ok = await self._session.sign_in(password, force=force)
            error = self._last_error
            if ok:
                self._pending = self._refusal = None
                if password == self._refused_stored:
                    self._refused_stored = None
                if remember and not from_keyring:
                    spawn(self._remember(password))
                return True
            if isinstance(error, AlreadySignedInError):
                return False  # the banner offers to force it, with this password
            self._pending = None
            if not (isinstance(error, BadCredentialsError) and error.password_refused):
                return False
            if from_keyring:
                self._refused_stored = password
                self._refusal = (Refused.STORED, True)
            else:
                self._refusal = (Refused.TYPED, remember)
            password = None

    async def _ask_password(self) -> tuple[str, bool] | None:
        """The password and the Remember wish from the dialog; None when it was cancelled."""
        refused, remember = self._refusal or (None, False)
        dialog = PasswordDialog(
            self._profile.gateway.agent_id, self, refused=refused, remember=remember
        )
        self.password_dialog = dialog
        try:
            if await run_dialog(dialog) != PasswordDialog.DialogCode.Accepted:
                return None
            return dialog.password(), dialog.remember()
        finally:
            self.password_dialog = None
            dialog.deleteLater()

    async def _remember(self, password: str) -> None:
        from agentbar.secrets import SecretStoreError

        if self._services is None:
            return
        try:
            await self._services.remember_password(password)
        except SecretStoreError as exc:
            self.show_keyring_warning(exc)

    def show_keyring_warning(self, exc: SecretStoreError) -> None:
        """Say that the password could not be kept in the system keyring, and why."""
        # Not the status banner: a connection change (signed in a moment later) would clear it.
        self.error_banner.show_message(
            "warning",
            self.tr("The system keyring cannot be used, so the password is not saved: {0}").format(
                error_message(exc)
            ),
        )

    async def sign_out(self) -> bool:
        force = False
        if self._session.call is not None:
            if not await confirm(
                self,
                self.tr("Sign out during a call?"),
                self.tr("A call is active. Signing out now ends the call."),
                self.tr("End call and sign out"),
            ):
                return False
            force = True
        return await self._session.sign_out(force=force)

    async def confirm_quit(self) -> bool:
        """Ask before quitting during a call (quitting signs out, which ends the call)."""
        if self._session.call is None:
            return True
        return await confirm(
            self,
            self.tr("Quit during a call?"),
            self.tr("A call is active. Quitting signs you out and ends the call."),
            self.tr("End call and quit"),
        )

    def prepare_to_quit(self) -> None:
        """Let the next close really close (the launcher is ending the application)."""
        self.save_placement()
        self._quitting = True

    def show_tls_warning(self) -> None:
        self.tls_banner.show_message(
            "warning",
            self.tr(
                "Certificate verification is off: the connection to the gateway is not "
                "protected against interception. Turn it on in the profile."
            ),
        )

    # -- events -------------------------------------------------------------------------------

    _last_error: CecError | None = None

    def _on_error(self, exc: CecError) -> None:
        self._last_error = exc
        if isinstance(exc, AlreadySignedInError):
            self.error_banner.show_message(
                "warning",
                self.tr("Agent {0} is already signed in elsewhere.").format(
                    self._profile.gateway.agent_id
                ),
                self.tr("Sign in here instead"),
                lambda: spawn(self.sign_in(force=True)),
            )
            return
        if isinstance(exc, BadCredentialsError) and exc.password_refused:
            # sign_in asks again at once; if that is cancelled, this stays to ask later.
            self.error_banner.show_message(
                "error",
                error_message(exc),
                self.tr("Enter password"),
                lambda: spawn(self.sign_in(ask=True)),
            )
            return
        self.error_banner.show_message("error", error_message(exc))

    def _on_unexpected(self, exc: BaseException) -> None:
        # A service's refusal or an outage gets the banner; anything else is a crash, which the
        # crash handler shows once as a notice with "Save diagnostics" (agentbar/startup/window.py).
        if isinstance(exc, CecError):
            self.error_banner.show_message("error", error_message(exc))

    def _on_connection(self, connection: Connection) -> None:
        status = connection.status
        reason = error_message(connection.error) if connection.error else ""
        if status == ConnectionStatus.RECONNECTING:
            self.status_banner.show_message(
                "warning", self.tr("Connection to the gateway lost. Reconnecting…")
            )
        elif status == ConnectionStatus.LOST:
            self.status_banner.show_message(
                "error",
                self.tr("The connection to the gateway was lost. {0}").format(reason).strip(),
                self.tr("Sign in again"),
                lambda: spawn(self.sign_in()),
            )
        elif status == ConnectionStatus.SIGNED_OUT_BY_SERVER:
            self.status_banner.show_message(
                "error",
                self.tr("The server signed you out. {0}").format(reason).strip(),
                self.tr("Sign in again"),
                lambda: spawn(self.sign_in()),
            )
        elif status in (ConnectionStatus.CONNECTED, ConnectionStatus.CONNECTING):
            self.status_banner.dismiss()

    def _on_ringing(self, call: CallState) -> None:
        self.show_without_focus()
        if self.tray is not None:
            caller = call.caller or self.tr("an unknown number")
            self.tray.notify(self.tr("Incoming call"), self.tr("Call from {0}").format(caller))

    # -- Qt -----------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("agentbar — agent {0}").format(self._profile.gateway.agent_id))
        for widget, title in self._tab_titles:
            text = title()
            self.tabs.setTabText(self.tabs.indexOf(widget), text)
            widget.setAccessibleName(text)
        self.tabs.setAccessibleName(self.tr("Tabs"))
        self.font_notice.check()  # the language's script may need another font
        if self._services is not None and self._services.tls_insecure:
            self.show_tls_warning()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._quitting:
            event.accept()
            return
        event.ignore()
        if self.tray is not None and self.tray.available:
            self.save_placement()
            self.hide()  # closing hides to the tray; the tray's Quit ends agentbar
        else:
            self.quit_requested.emit()


def _first_focusable(page: QWidget) -> QWidget | None:
    """The first widget of ``page`` that Tab would reach, in the page's own focus order."""
    widget = page.nextInFocusChain()
    while widget is not None and widget is not page:
        if (
            page.isAncestorOf(widget)
            and widget.isVisibleTo(page)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None
