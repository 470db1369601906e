"""The compact agent bar: who, state and timer, connection, state controls and call controls.

It renders what ``AgentSession`` reports and turns clicks and keys into session commands; it keeps
no copy of the agent's state beyond the last snapshot it was given.

Two rules keep it safe to type next to: none of its buttons ever takes the keyboard focus (a
clicked button that kept it would turn the next Space or Enter into Hang up or Sign out), and every
command has a key of its own (``SHORTCUTS``). When the window is narrower than the bar wants, the
less-used controls fold into the More menu (``FOLD_ORDER``) instead of running off the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from agentbar.app.agent.allowed_actions import AllowedActions, allowed_actions
from agentbar.app.agent.session import (
    AgentSession,
    AgentSnapshot,
    CallPhase,
    CallState,
    Connection,
    ConnectionStatus,
)
from agentbar.ui.asyncslot import spawn
from agentbar.ui.i18n import Retranslating
from agentbar.ui.window.bar_panels import RestPanel, TransferPanel
from agentbar.ui.window.state_text import (
    STATE_COLOURS,
    connection_text,
    format_duration,
    snapshot_text,
    state_icon,
    visual_key,
)

# Tenant-defined busy reasons are codes 200–250 (Huawei CEC, "Setting an Agent to Busy"); their
# names live in the tenant's configuration, which the gateway does not expose, so the menu offers
# the first codes.
BUSY_REASONS = tuple(range(200, 206))

# The grey of a state the server has not confirmed yet (and of states without a colour).
PENDING_COLOUR = "#868e96"

SHORTCUT_READY = "F5"
SHORTCUT_BUSY = "F6"
SHORTCUT_BUSY_REASON = "Shift+F6"
SHORTCUT_ANSWER = "F7"
SHORTCUT_HANG_UP = "F8"
SHORTCUT_HOLD = "F9"
SHORTCUT_MUTE = "F10"
SHORTCUT_WRAP_UP = "F11"
SHORTCUT_TRANSFER = "F12"
SHORTCUT_REST = "Ctrl+Shift+R"
SHORTCUT_SIGN = "Ctrl+Shift+L"
SHORTCUT_SETTINGS = "Ctrl+,"
SHORTCUT_EXPAND = "Ctrl+Shift+E"
# Installed by the Work order tab (ui/work_order/case_view.py); shown here in the tip.
SHORTCUT_WORK_ORDER = "Ctrl+Shift+W"


class AgentBar(Retranslating, QFrame):
    """The always-visible strip at the top of the window."""

    sign_in_requested = Signal()
    sign_out_requested = Signal()
    expand_toggled = Signal(bool)
    settings_requested = Signal()
    work_order_requested = Signal()

    def __init__(self, session: AgentSession, agent_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agentBar")
        self._session = session
        self._agent_id = agent_id
        self._agent_name = ""
        self._snapshot = session.snapshot
        self._call: CallState | None = session.call
        self._connection = session.connection
        # Whether the state wants a widget shown, before folding hides it (see _apply_fold).
        self._wanted: dict[QWidget, bool] = {}
        self._folded: tuple[QWidget, ...] = ()

        self.state_dot = QLabel(self)
        self.state_dot.setObjectName("stateDot")
        self.agent_label = QLabel(self)
        self.agent_label.setObjectName("agentLabel")
        self.state_label = QLabel(self)
        self.state_label.setObjectName("stateLabel")
        self.state_label.setMinimumWidth(120)
        self.connection_label = QLabel(self)
        self.connection_label.setObjectName("connectionLabel")

        self.ready_button = QPushButton(self)
        self.ready_button.setObjectName("readyButton")
        self.busy_button = QToolButton(self)
        self.busy_button.setObjectName("busyButton")
        self.busy_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.busy_menu = QMenu(self)
        self.busy_button.setMenu(self.busy_menu)
        self.rest_button = QToolButton(self)
        self.rest_button.setObjectName("restButton")
        self.rest_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.rest_menu = QMenu(self)
        self.rest_panel = RestPanel(self.rest_menu)
        rest_action = QWidgetAction(self.rest_menu)
        rest_action.setDefaultWidget(self.rest_panel)
        self.rest_menu.addAction(rest_action)
        self.rest_button.setMenu(self.rest_menu)
        self.wrap_up_button = QPushButton(self)
        self.wrap_up_button.setObjectName("wrapUpButton")

        self.call_panel = QFrame(self)
        self.call_panel.setObjectName("callPanel")
        self.caller_label = QLabel(self.call_panel)
        self.caller_label.setObjectName("callerLabel")
        self.call_timer_label = QLabel(self.call_panel)
        self.call_timer_label.setObjectName("callTimerLabel")
        self.answer_button = QPushButton(self.call_panel)
        self.answer_button.setObjectName("answerButton")
        self.hang_up_button = QPushButton(self.call_panel)
        self.hang_up_button.setObjectName("hangUpButton")
        self.hold_button = QPushButton(self.call_panel)
        self.hold_button.setObjectName("holdButton")
        self.mute_button = QPushButton(self.call_panel)
        self.mute_button.setObjectName("muteButton")
        self.transfer_button = QToolButton(self.call_panel)
        self.transfer_button.setObjectName("transferButton")
        self.transfer_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.transfer_menu = QMenu(self)
        self.transfer_panel = TransferPanel(self.transfer_menu)
        transfer_action = QWidgetAction(self.transfer_menu)
        transfer_action.setDefaultWidget(self.transfer_panel)
        self.transfer_menu.addAction(transfer_action)
        self.transfer_button.setMenu(self.transfer_menu)
        call_layout = QHBoxLayout(self.call_panel)
        call_layout.setContentsMargins(8, 0, 0, 0)
        call_layout.setSpacing(4)
        for widget in (
            self.caller_label,
            self.call_timer_label,
            self.answer_button,
            self.hang_up_button,
            self.hold_button,
            self.mute_button,
            self.transfer_button,
        ):
            call_layout.addWidget(widget)

        self.sign_button = QPushButton(self)
        self.sign_button.setObjectName("signButton")
        self.work_order_button = QPushButton(self)
        self.work_order_button.setObjectName("workOrderButton")
        # Enabled once the window has its Work order tab (after sign-in, see MainWindow).
        self.work_order_button.setEnabled(False)
        self.expand_button = QToolButton(self)
        self.expand_button.setObjectName("expandButton")
        self.expand_button.setCheckable(True)
        self.expand_button.setArrowType(Qt.ArrowType.DownArrow)
        self.settings_button = QToolButton(self)
        self.settings_button.setObjectName("settingsButton")
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("moreButton")
        self.more_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.more_menu = QMenu(self)
        self.more_menu.aboutToShow.connect(self._fill_more_menu)
        self.more_button.setMenu(self.more_menu)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(6)
        layout.addWidget(self.state_dot)
        layout.addWidget(self.agent_label)
        layout.addWidget(_separator(self))
        layout.addWidget(self.state_label)
        layout.addWidget(self.connection_label)
        layout.addWidget(_separator(self))
        for widget in (self.ready_button, self.busy_button, self.rest_button, self.wrap_up_button):
            layout.addWidget(widget)
        layout.addWidget(self.call_panel)
        layout.addStretch(1)
        layout.addWidget(self.work_order_button)
        layout.addWidget(self.sign_button)
        layout.addWidget(self.more_button)
        layout.addWidget(self.expand_button)
        layout.addWidget(self.settings_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        # Folded first when the bar is short of room: the least used first, the call's own
        # Answer and Hang up and the Ready and Busy buttons never.
        self.fold_order: tuple[QWidget, ...] = (
            self.settings_button,
            self.work_order_button,
            self.sign_button,
            self.rest_button,
            self.wrap_up_button,
            self.transfer_button,
            self.mute_button,
            self.hold_button,
            self.agent_label,
        )
        for button in self.findChildren(QAbstractButton):
            if button.parent() is self or button.parent() is self.call_panel:
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.ready_button.clicked.connect(self._ready)
        self.busy_button.clicked.connect(lambda: self._busy(None))
        self.wrap_up_button.clicked.connect(self._wrap_up)
        self.rest_panel.requested.connect(self._rest)
        self.answer_button.clicked.connect(self._answer)
        self.hang_up_button.clicked.connect(self._hang_up)
        self.hold_button.clicked.connect(self._toggle_hold)
        self.mute_button.clicked.connect(self._toggle_mute)
        self.transfer_panel.requested.connect(self._transfer)
        self.sign_button.clicked.connect(self._sign_clicked)
        self.expand_button.toggled.connect(self._expand)
        self.settings_button.clicked.connect(self.settings_requested)
        self.work_order_button.clicked.connect(self.work_order_requested)

        # Each shortcut is enabled exactly when its button is (see _render_controls).
        self._shortcuts = [
            self._shortcut(SHORTCUT_READY, self.ready_button, self._ready),
            self._shortcut(SHORTCUT_BUSY, self.busy_button, lambda: self._busy(None)),
            self._shortcut(SHORTCUT_BUSY_REASON, self.busy_button, self.open_busy_menu),
            self._shortcut(SHORTCUT_ANSWER, self.answer_button, self._answer),
            self._shortcut(SHORTCUT_HANG_UP, self.hang_up_button, self._hang_up),
            self._shortcut(SHORTCUT_HOLD, self.hold_button, self._toggle_hold),
            self._shortcut(SHORTCUT_MUTE, self.mute_button, self._toggle_mute),
            self._shortcut(SHORTCUT_WRAP_UP, self.wrap_up_button, self._wrap_up),
            self._shortcut(SHORTCUT_TRANSFER, self.transfer_button, self.open_transfer_panel),
            self._shortcut(SHORTCUT_REST, self.rest_button, self.open_rest_panel),
            self._shortcut(SHORTCUT_SIGN, self.sign_button, self._sign_clicked),
            self._shortcut(SHORTCUT_SETTINGS, self.settings_button, self.settings_requested.emit),
            self._shortcut(SHORTCUT_EXPAND, self.expand_button, self.expand_button.toggle),
        ]

        session.state_changed.connect(self._on_state)
        session.call_changed.connect(self._on_call)
        session.connection_changed.connect(self._on_connection)

        # The clocks tick only while someone can see them (showEvent/hideEvent): hidden in the
        # tray through a shift, the bar should not wake the machine every second.
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._refresh_timers)

        self.retranslate()
        self._render()

    # -- public -------------------------------------------------------------------------------

    def set_agent_name(self, name: str) -> None:
        self._agent_name = name
        self._render_agent()

    def folded(self) -> tuple[QWidget, ...]:
        """The controls that are in the More menu now, for want of room."""
        return self._folded

    def open_busy_menu(self) -> None:
        """The busy reasons, from the keyboard (Shift+F6) as from the Busy button's arrow."""
        self._popup(self.busy_menu, self.busy_button)

    def open_rest_panel(self) -> None:
        self._popup(self.rest_menu, self.rest_button)
        self.rest_panel.minutes.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def open_transfer_panel(self) -> None:
        if not self._allowed().transfer:
            return
        self._popup(self.transfer_menu, self.transfer_button)
        self.transfer_panel.address.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- translation --------------------------------------------------------------------------

    def retranslate(self) -> None:
        def button(widget: QAbstractButton, text: str, tip: str, key: str = "") -> None:
            widget.setText(text)
            widget.setAccessibleName(text)
            widget.setToolTip(f"{tip} ({key})" if key else tip)

        button(
            self.ready_button, self.tr("Ready"), self.tr("Become ready for calls"), SHORTCUT_READY
        )
        button(
            self.busy_button,
            self.tr("Busy"),
            self.tr("Become busy; the arrow picks a reason ({0})").format(SHORTCUT_BUSY_REASON),
            SHORTCUT_BUSY,
        )
        button(self.rest_button, self.tr("Rest"), self.tr("Take a rest for a while"), SHORTCUT_REST)
        button(
            self.wrap_up_button,
            self.tr("Wrap-up"),
            self.tr("Enter wrap-up (after-call work)"),
            SHORTCUT_WRAP_UP,
        )
        button(
            self.answer_button,
            self.tr("Answer"),
            self.tr("Answer the ringing call"),
            SHORTCUT_ANSWER,
        )
        button(self.hang_up_button, self.tr("Hang up"), self.tr("End the call"), SHORTCUT_HANG_UP)
        button(
            self.transfer_button,
            self.tr("Transfer"),
            self.tr("Transfer the call"),
            SHORTCUT_TRANSFER,
        )
        button(
            self.settings_button,
            self.tr("Settings"),
            self.tr("Language and window settings"),
            SHORTCUT_SETTINGS,
        )
        button(
            self.work_order_button,
            self.tr("Work order"),
            self.tr("Open a work order for this call"),
            SHORTCUT_WORK_ORDER,
        )
        button(self.more_button, "⋯", self.tr("More commands"))
        self.more_button.setAccessibleName(self.tr("More commands"))
        self.expand_button.setAccessibleName(self.tr("Show tabs"))
        self.expand_button.setToolTip(
            self.tr("Show or hide the Skills and Events tabs ({0})").format(SHORTCUT_EXPAND)
        )
        self.state_dot.setAccessibleName(self.tr("State colour"))
        self.agent_label.setAccessibleName(self.tr("Agent"))
        self.state_label.setAccessibleName(self.tr("Agent state and time in it"))
        self.connection_label.setAccessibleName(self.tr("Connection and round trip"))
        self.caller_label.setAccessibleName(self.tr("Caller number"))
        self.call_timer_label.setAccessibleName(self.tr("Call time"))
        self.busy_menu.clear()
        plain = self.busy_menu.addAction(self.tr("Busy, no reason"))
        plain.triggered.connect(lambda: self._busy(None))
        for code in BUSY_REASONS:
            action = self.busy_menu.addAction(self.tr("Busy, reason {0}").format(code))
            action.triggered.connect(lambda _checked=False, code=code: self._busy(code))
        self._render()

    # -- room: folding into the More menu -----------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(self._width_with(()), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        # What the bar needs with everything folded, so the window may be narrower than the
        # unfolded bar: the bar then folds instead of pushing the window off the screen.
        return QSize(self._width_with(self.fold_order), super().minimumSizeHint().height())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fold_to(self.width())  # the state may have changed while it was hidden
        self._refresh_timers()
        self._tick.start()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._tick.stop()

    def ticking(self) -> bool:
        return self._tick.isActive()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fold_to(event.size().width())

    def _fold_to(self, width: int) -> None:
        """Fold the fewest controls that make the bar fit ``width``."""
        if not self.isVisible():
            return  # folded on the resize that comes with showing it
        hints: dict[QWidget, int] = {}  # each widget's size hint asked once, not once a fold
        for count in range(len(self.fold_order) + 1):
            folded = self.fold_order[:count]
            if self._width_with(folded, hints) <= width:
                break
        if folded != self._folded:
            self._folded = folded
            self._apply_fold()

    def _width_with(
        self, folded: tuple[QWidget, ...], hints: dict[QWidget, int] | None = None
    ) -> int:
        """The width the bar's layout asks for when ``folded`` are in the More menu."""
        return _layout_width(
            self.layout(),
            lambda widget: self._shown(widget, folded),
            {} if hints is None else hints,
        )

    def _shown(self, widget: QWidget, folded: tuple[QWidget, ...]) -> bool:
        if widget is self.more_button:
            return bool([w for w in folded if w is not self.agent_label])
        if widget in folded:
            return False
        return self._wanted.get(widget, True)

    def _want(self, widget: QWidget, shown: bool) -> None:
        """Show ``widget`` when the state calls for it, unless it is folded for want of room."""
        self._wanted[widget] = shown
        widget.setVisible(self._shown(widget, self._folded))

    def _apply_fold(self) -> None:
        for widget in (*self.fold_order, self.more_button):
            widget.setVisible(self._shown(widget, self._folded))

    def _fill_more_menu(self) -> None:
        """The folded controls as menu entries, each with its key and its button's state."""
        menu = self.more_menu
        menu.clear()
        commands: list[tuple[QAbstractButton, Callable[[], None], str]] = [
            (self.hold_button, self._toggle_hold, SHORTCUT_HOLD),
            (self.mute_button, self._toggle_mute, SHORTCUT_MUTE),
            (self.transfer_button, self.open_transfer_panel, SHORTCUT_TRANSFER),
            (self.wrap_up_button, self._wrap_up, SHORTCUT_WRAP_UP),
            (self.rest_button, self.open_rest_panel, SHORTCUT_REST),
            (self.sign_button, self._sign_clicked, SHORTCUT_SIGN),
            (self.work_order_button, self.work_order_requested.emit, SHORTCUT_WORK_ORDER),
            (self.settings_button, self.settings_requested.emit, SHORTCUT_SETTINGS),
        ]
        for button, run, key in commands:
            if button not in self._folded or not self._wanted.get(button, True):
                continue
            # The key is shown, not bound: the window-wide shortcut already runs the command.
            action = menu.addAction(f"{button.text()}\t{key}")
            action.setEnabled(button.isEnabled())
            # Queued: the panels pop up after this menu has closed, not inside it.
            action.triggered.connect(lambda _checked=False, run=run: QTimer.singleShot(0, run))

    def _popup(self, menu: QMenu, button: QWidget) -> None:
        """Pop ``menu`` up under ``button``, or under the More button when that is folded."""
        anchor = button if button.isVisible() else self.more_button
        if not anchor.isVisible():
            anchor = self
        menu.popup(anchor.mapToGlobal(QPoint(0, anchor.height())))

    # -- session → widgets --------------------------------------------------------------------

    def _on_state(self, snapshot: AgentSnapshot) -> None:
        self._snapshot = snapshot
        self._render()

    def _on_call(self, call: CallState | None) -> None:
        self._call = call
        self._render()

    def _on_connection(self, connection: Connection) -> None:
        self._connection = connection
        self._render_connection()
        self._render_controls()

    def _render(self) -> None:
        self._render_agent()
        self._render_state()
        self._render_connection()
        self._render_call()
        self._render_controls()
        self._fold_to(self.width())

    def _render_agent(self) -> None:
        text = self.tr("Agent {0}").format(self._agent_id)
        if self._agent_name:
            text = f"{text} · {self._agent_name}"
        self.agent_label.setText(text)

    def _render_state(self) -> None:
        snapshot = self._snapshot
        key = visual_key(snapshot, self._call)
        self.state_dot.setPixmap(state_icon(key).pixmap(18, 18))
        pending = snapshot.pending is not None and snapshot.pending != snapshot.state
        text = snapshot_text(snapshot)
        if snapshot.signed_in and not pending:
            elapsed = self._session_clock() - snapshot.since
            text = f"{text}  {format_duration(elapsed)}"
        self.state_label.setText(text)
        self.state_label.setProperty("pending", pending)
        # A sheet of its own for both looks: setting it re-polishes the label, with no
        # unpolish/polish through style() (whose first use from Python builds QStyle's enums,
        # ~10 ms before the first paint), and "normal" undoes the italic of a pending state.
        self.state_label.setStyleSheet(
            f"color: {PENDING_COLOUR}; font-style: italic;"
            if pending
            else f"color: {STATE_COLOURS.get(key, PENDING_COLOUR)}; font-style: normal;"
        )

    def _render_connection(self) -> None:
        connection = self._connection
        colour = {
            ConnectionStatus.CONNECTED: "#2f9e44",
            ConnectionStatus.CONNECTING: "#f08c00",
            ConnectionStatus.RECONNECTING: "#f08c00",
        }.get(connection.status, "#868e96")
        if connection.status in (ConnectionStatus.LOST, ConnectionStatus.SIGNED_OUT_BY_SERVER):
            colour = "#e03131"
        rtt = ""
        if connection.status == ConnectionStatus.CONNECTED and connection.round_trip is not None:
            rtt = self.tr("{0} ms").format(round(connection.round_trip * 1000))
        self.connection_label.setText(f"<span style='color:{colour}'>●</span> {rtt}".rstrip())
        self.connection_label.setToolTip(connection_text(connection.status))

    def _render_call(self) -> None:
        call = self._call
        self._want(self.call_panel, call is not None)
        if call is None:
            return
        ringing = call.phase == CallPhase.RINGING
        self.caller_label.setText(call.caller or self.tr("Unknown caller"))
        self._want(self.answer_button, ringing)
        self._want(self.hold_button, not ringing)
        self._want(self.mute_button, not ringing)
        self._want(self.transfer_button, not ringing)
        hold_text = self.tr("Resume") if call.held else self.tr("Hold")
        self.hold_button.setText(hold_text)
        self.hold_button.setAccessibleName(hold_text)
        self.hold_button.setToolTip(
            (
                self.tr("Take the customer off hold")
                if call.held
                else self.tr("Put the customer on hold")
            )
            + f" ({SHORTCUT_HOLD})"
        )
        mute_text = self.tr("Unmute") if call.muted else self.tr("Mute")
        self.mute_button.setText(mute_text)
        self.mute_button.setAccessibleName(mute_text)
        self.mute_button.setToolTip(
            (
                self.tr("Let the customer hear you again")
                if call.muted
                else self.tr("Stop the customer hearing you")
            )
            + f" ({SHORTCUT_MUTE})"
        )
        self._refresh_call_timer()

    def _allowed(self) -> AllowedActions:
        return allowed_actions(self._snapshot, self._connection, self._call)

    def _render_controls(self) -> None:
        snapshot = self._snapshot
        settled = snapshot.pending is None
        allowed = self._allowed()
        for button, enabled in (
            (self.ready_button, allowed.ready),
            (self.busy_button, allowed.busy),
            (self.rest_button, allowed.rest),
            (self.wrap_up_button, allowed.wrap_up),
            (self.answer_button, allowed.answer),
            (self.hang_up_button, allowed.hang_up),
            (self.hold_button, allowed.hold),
            (self.mute_button, allowed.mute),
            (self.transfer_button, allowed.transfer),
        ):
            button.setEnabled(enabled)
        if snapshot.signed_in:
            text, tip = self.tr("Sign out"), self.tr("Sign out of the gateway")
        else:
            text, tip = self.tr("Sign in"), self.tr("Sign in to the gateway")
        self.sign_button.setText(text)
        self.sign_button.setAccessibleName(text)
        self.sign_button.setToolTip(f"{tip} ({SHORTCUT_SIGN})")
        self.sign_button.setEnabled(settled)
        # Last, once every button has its state: a key follows its button exactly.
        for shortcut, target in self._shortcuts:
            shortcut.setEnabled(target.isEnabled())

    def _refresh_timers(self) -> None:
        if self._snapshot.signed_in and self._snapshot.pending is None:
            self._render_state()
        self._refresh_call_timer()

    def _refresh_call_timer(self) -> None:
        call = self._call
        if call is None:
            return
        elapsed = format_duration(self._session_clock() - call.since)
        if call.phase == CallPhase.RINGING:
            self.call_timer_label.setText(self.tr("ringing {0}").format(elapsed))
        else:
            self.call_timer_label.setText(elapsed)

    def _session_clock(self) -> float:
        return self._session.clock()

    # -- widgets → session --------------------------------------------------------------------

    def _shortcut(
        self, key: str, target: QWidget, action: Callable[[], None]
    ) -> tuple[QShortcut, QWidget]:
        shortcut = QShortcut(QKeySequence(key), self)
        # The bar lives in the main window; the keys work anywhere in that window.
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(action)
        return shortcut, target

    def _ready(self) -> None:
        if self._allowed().ready:
            spawn(self._session.say_ready())

    def _busy(self, reason: int | None) -> None:
        if self._allowed().busy:
            spawn(self._session.say_busy(reason))

    def _wrap_up(self) -> None:
        if self._allowed().wrap_up:
            spawn(self._session.enter_wrap_up())

    def _rest(self, seconds: int, cause: int) -> None:
        self.rest_menu.close()
        if self._allowed().rest:
            spawn(self._session.rest(seconds, cause))

    def _answer(self) -> None:
        if self._allowed().answer:
            spawn(self._session.answer())

    def _hang_up(self) -> None:
        if self._allowed().hang_up:
            spawn(self._session.hang_up())

    def _toggle_hold(self) -> None:
        call = self._call
        if call is not None and self._allowed().hold:
            spawn(self._session.unhold() if call.held else self._session.hold())

    def _toggle_mute(self) -> None:
        call = self._call
        if call is not None and self._allowed().mute:
            spawn(self._session.unmute() if call.muted else self._session.mute())

    def _transfer(self, device_type: int, address: str, mode: int) -> None:
        self.transfer_menu.close()
        if self._allowed().transfer:
            spawn(self._session.transfer(device_type, address, mode))

    def _sign_clicked(self) -> None:
        if not self.sign_button.isEnabled():
            return
        if self._snapshot.signed_in:
            self.sign_out_requested.emit()
        else:
            self.sign_in_requested.emit()

    def _expand(self, expanded: bool) -> None:
        self.expand_button.setArrowType(
            Qt.ArrowType.UpArrow if expanded else Qt.ArrowType.DownArrow
        )
        self.expand_toggled.emit(expanded)


def _layout_width(
    layout: QLayout | None, shown: Callable[[QWidget], bool], hints: dict[QWidget, int]
) -> int:
    """The width a horizontal box layout asks for when only the widgets ``shown`` accepts show.

    Computed from the widgets' own size hints, so it can be asked for any folding without
    hiding anything first (a hidden widget's layout item would answer only after a relayout).
    """
    if layout is None:
        return 0
    margins = layout.contentsMargins()
    total = margins.left() + margins.right()
    count = 0
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item is None:
            continue
        widget = item.widget()
        if widget is None:
            continue  # the stretch
        if not shown(widget):
            continue
        inner = widget.layout()
        if inner is not None:
            frame = widget.contentsMargins()
            width = _layout_width(inner, shown, hints) + frame.left() + frame.right()
        else:
            if widget not in hints:
                hints[widget] = max(widget.sizeHint().width(), widget.minimumWidth())
            width = hints[widget]
        total += width
        count += 1
    return total + max(0, count - 1) * max(0, layout.spacing())


def _separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
