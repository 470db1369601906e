"""The compact agent bar: who, state and timer, connection, state controls and call controls.

It renders what ``AgentSession`` reports and turns clicks into session commands; it keeps no copy
of the agent's state beyond the last snapshot it was given.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from agentbar.app.session import (
    AgentSession,
    AgentSnapshot,
    CallPhase,
    CallState,
    Connection,
    ConnectionStatus,
)
from agentbar.cec.models import AgentState
from agentbar.ui.asyncslot import spawn
from agentbar.ui.state_text import (
    STATE_COLOURS,
    connection_text,
    format_duration,
    snapshot_text,
    state_icon,
    visual_key,
)

# Tenant-defined busy reasons are codes 200–250 (cec-api.md §2.2); their names live in the
# tenant's configuration, which the gateway does not expose, so the menu offers the first codes.
BUSY_REASONS = tuple(range(200, 206))

# The grey of a state the server has not confirmed yet (and of states without a colour).
PENDING_COLOUR = "#868e96"

SHORTCUT_READY = "F5"
SHORTCUT_BUSY = "F6"
SHORTCUT_ANSWER = "F7"
SHORTCUT_HANG_UP = "F8"
# Installed by the Work order tab (ui/case_view.py install_case_shortcut); shown here in the tip.
SHORTCUT_WORK_ORDER = "Ctrl+Shift+W"


class RestPanel(QWidget):
    """Duration and cause of a rest, inside the Rest button's menu."""

    requested = Signal(int, int)  # seconds, cause

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, 1440)
        self.minutes.setValue(15)
        self.cause = QSpinBox(self)
        self.cause.setRange(0, 255)
        self.start = QPushButton(self)
        self.start.clicked.connect(
            lambda: self.requested.emit(self.minutes.value() * 60, self.cause.value())
        )
        self._form = QFormLayout(self)
        self._form.setContentsMargins(8, 8, 8, 8)
        self._form.addRow("", self.minutes)
        self._form.addRow("", self.cause)
        self._form.addRow(self.start)
        self.retranslate()

    def retranslate(self) -> None:
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Rest duration in minutes"))
        self.cause.setAccessibleName(self.tr("Rest cause code"))
        self.start.setText(self.tr("Start rest"))
        self.start.setAccessibleName(self.tr("Start rest"))
        self._label(0, self.tr("Duration"))
        self._label(1, self.tr("Cause"))

    def _label(self, row: int, text: str) -> None:
        item = self._form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        if item is not None and isinstance(item.widget(), QLabel):
            label = item.widget()
            assert isinstance(label, QLabel)
            label.setText(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class TransferPanel(QWidget):
    """Target of a transfer, inside the Transfer button's menu."""

    requested = Signal(int, str, int)  # device type, address, mode

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.device = QComboBox(self)
        self.address = QLineEdit(self)
        self.address.setMaxLength(24)
        self.mode = QComboBox(self)
        self.start = QPushButton(self)
        self.start.clicked.connect(self._request)
        self.address.returnPressed.connect(self._request)
        self._form = QFormLayout(self)
        self._form.setContentsMargins(8, 8, 8, 8)
        self._form.addRow("", self.device)
        self._form.addRow("", self.address)
        self._form.addRow("", self.mode)
        self._form.addRow(self.start)
        self.retranslate()

    def _request(self) -> None:
        address = self.address.text().strip()
        if address:
            self.requested.emit(self.device.currentData(), address, self.mode.currentData())

    def retranslate(self) -> None:
        # Device types and modes of the transfer body (cec-api.md §1.15).
        self._fill(
            self.device,
            [
                (2, self.tr("Agent")),
                (1, self.tr("Skill queue")),
                (3, self.tr("IVR")),
                (4, self.tr("Access code")),
                (5, self.tr("External number")),
            ],
        )
        self._fill(self.mode, [(0, self.tr("Blind transfer")), (3, self.tr("Consult first"))])
        self.device.setAccessibleName(self.tr("Transfer target type"))
        self.address.setAccessibleName(self.tr("Transfer target"))
        self.address.setPlaceholderText(self.tr("Agent ID or number"))
        self.mode.setAccessibleName(self.tr("Transfer mode"))
        self.start.setText(self.tr("Transfer call"))
        self.start.setAccessibleName(self.tr("Transfer call"))
        for row, text in enumerate((self.tr("To"), self.tr("Target"), self.tr("Mode"))):
            item = self._form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                label.setText(text)

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[int, str]]) -> None:
        index = max(0, combo.currentIndex())
        combo.clear()
        for value, text in items:
            combo.addItem(text, value)
        combo.setCurrentIndex(index)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class AgentBar(QFrame):
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
        self.busy_button = QToolButton(self)
        self.busy_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.busy_menu = QMenu(self)
        self.busy_button.setMenu(self.busy_menu)
        self.rest_button = QToolButton(self)
        self.rest_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.rest_menu = QMenu(self)
        self.rest_panel = RestPanel(self.rest_menu)
        rest_action = QWidgetAction(self.rest_menu)
        rest_action.setDefaultWidget(self.rest_panel)
        self.rest_menu.addAction(rest_action)
        self.rest_button.setMenu(self.rest_menu)
        self.wrap_up_button = QPushButton(self)

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
        self.mute_button = QPushButton(self.call_panel)
        self.transfer_button = QToolButton(self.call_panel)
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
        self.work_order_button = QPushButton(self)
        self.work_order_button.setObjectName("workOrderButton")
        # Enabled once the window has its Work order tab (after sign-in, see MainWindow).
        self.work_order_button.setEnabled(False)
        self.expand_button = QToolButton(self)
        self.expand_button.setCheckable(True)
        self.expand_button.setArrowType(Qt.ArrowType.DownArrow)
        self.settings_button = QToolButton(self)

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
        layout.addWidget(self.expand_button)
        layout.addWidget(self.settings_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.ready_button.clicked.connect(self._ready)
        self.busy_button.clicked.connect(lambda: self._busy(None))
        self.wrap_up_button.clicked.connect(lambda: spawn(self._session.enter_wrap_up()))
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

        self._shortcuts = [
            self._shortcut(SHORTCUT_READY, self.ready_button, self._ready),
            self._shortcut(SHORTCUT_BUSY, self.busy_button, lambda: self._busy(None)),
            self._shortcut(SHORTCUT_ANSWER, self.answer_button, self._answer),
            self._shortcut(SHORTCUT_HANG_UP, self.hang_up_button, self._hang_up),
        ]

        session.state_changed.connect(self._on_state)
        session.call_changed.connect(self._on_call)
        session.connection_changed.connect(self._on_connection)

        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._refresh_timers)
        self._tick.start()

        self.retranslate()
        self._render()

    # -- public -------------------------------------------------------------------------------

    def set_agent_name(self, name: str) -> None:
        self._agent_name = name
        self._render_agent()

    # -- translation --------------------------------------------------------------------------

    def retranslate(self) -> None:
        def button(widget: QPushButton | QToolButton, text: str, tip: str, key: str = "") -> None:
            widget.setText(text)
            widget.setAccessibleName(text)
            widget.setToolTip(f"{tip} ({key})" if key else tip)

        button(
            self.ready_button, self.tr("Ready"), self.tr("Become ready for calls"), SHORTCUT_READY
        )
        button(
            self.busy_button,
            self.tr("Busy"),
            self.tr("Become busy; the arrow picks a reason"),
            SHORTCUT_BUSY,
        )
        button(self.rest_button, self.tr("Rest"), self.tr("Take a rest for a while"))
        button(self.wrap_up_button, self.tr("Wrap-up"), self.tr("Enter wrap-up (after-call work)"))
        button(
            self.answer_button,
            self.tr("Answer"),
            self.tr("Answer the ringing call"),
            SHORTCUT_ANSWER,
        )
        button(self.hang_up_button, self.tr("Hang up"), self.tr("End the call"), SHORTCUT_HANG_UP)
        button(self.transfer_button, self.tr("Transfer"), self.tr("Transfer the call"))
        button(self.settings_button, self.tr("Settings"), self.tr("Language and window settings"))
        button(
            self.work_order_button,
            self.tr("Work order"),
            self.tr("Open a work order for this call"),
            SHORTCUT_WORK_ORDER,
        )
        self.expand_button.setAccessibleName(self.tr("Show tabs"))
        self.expand_button.setToolTip(self.tr("Show or hide the Skills and Events tabs"))
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

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

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
        self.call_panel.setVisible(call is not None)
        if call is None:
            return
        ringing = call.phase == CallPhase.RINGING
        self.caller_label.setText(call.caller or self.tr("Unknown caller"))
        self.answer_button.setVisible(ringing)
        self.hold_button.setVisible(not ringing)
        self.mute_button.setVisible(not ringing)
        self.transfer_button.setVisible(not ringing)
        hold_text = self.tr("Resume") if call.held else self.tr("Hold")
        self.hold_button.setText(hold_text)
        self.hold_button.setAccessibleName(hold_text)
        self.hold_button.setToolTip(
            self.tr("Take the customer off hold")
            if call.held
            else self.tr("Put the customer on hold")
        )
        mute_text = self.tr("Unmute") if call.muted else self.tr("Mute")
        self.mute_button.setText(mute_text)
        self.mute_button.setAccessibleName(mute_text)
        self.mute_button.setToolTip(
            self.tr("Let the customer hear you again")
            if call.muted
            else self.tr("Stop the customer hearing you")
        )
        self._refresh_call_timer()

    def _render_controls(self) -> None:
        snapshot = self._snapshot
        online = snapshot.signed_in and self._connection.status == ConnectionStatus.CONNECTED
        settled = snapshot.pending is None
        in_call = self._call is not None
        state = snapshot.state
        self.ready_button.setEnabled(
            online and settled and not in_call and state != AgentState.IDLE
        )
        self.busy_button.setEnabled(online and settled)
        self.rest_button.setEnabled(online and settled and not in_call)
        self.wrap_up_button.setEnabled(online and settled and state != AgentState.WRAP_UP)
        self.call_panel.setEnabled(online)
        for shortcut, target in self._shortcuts:
            shortcut.setEnabled(target.isEnabled())
        if snapshot.signed_in:
            text, tip = self.tr("Sign out"), self.tr("Sign out of the gateway")
        else:
            text, tip = self.tr("Sign in"), self.tr("Sign in to the gateway")
        self.sign_button.setText(text)
        self.sign_button.setAccessibleName(text)
        self.sign_button.setToolTip(tip)
        self.sign_button.setEnabled(settled)

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
        if self.ready_button.isEnabled():
            spawn(self._session.say_ready())

    def _busy(self, reason: int | None) -> None:
        if self.busy_button.isEnabled():
            spawn(self._session.say_busy(reason))

    def _rest(self, seconds: int, cause: int) -> None:
        self.rest_menu.close()
        spawn(self._session.rest(seconds, cause))

    def _answer(self) -> None:
        if self._call is not None and self._call.phase == CallPhase.RINGING:
            spawn(self._session.answer())

    def _hang_up(self) -> None:
        if self._call is not None:
            spawn(self._session.hang_up())

    def _toggle_hold(self) -> None:
        if self._call is not None:
            spawn(self._session.unhold() if self._call.held else self._session.hold())

    def _toggle_mute(self) -> None:
        if self._call is not None:
            spawn(self._session.unmute() if self._call.muted else self._session.mute())

    def _transfer(self, device_type: int, address: str, mode: int) -> None:
        self.transfer_menu.close()
        spawn(self._session.transfer(device_type, address, mode))

    def _sign_clicked(self) -> None:
        if self._snapshot.signed_in:
            self.sign_out_requested.emit()
        else:
            self.sign_in_requested.emit()

    def _expand(self, expanded: bool) -> None:
        self.expand_button.setArrowType(
            Qt.ArrowType.UpArrow if expanded else Qt.ArrowType.DownArrow
        )
        self.expand_toggled.emit(expanded)


def _separator(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
