"""Names, colours and icons of agent states and connection statuses, in the current language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QIcon

from agentbar.app.agent.session import AgentSnapshot, CallPhase, CallState, ConnectionStatus
from agentbar.cec import AgentState

# Icon (and colour) names under :/agentbar/icons/state-<name>.svg.
_STATE_ICONS: dict[AgentState, str] = {
    AgentState.IDLE: "ready",
    AgentState.BUSY: "busy",
    AgentState.REST: "rest",
    AgentState.WRAP_UP: "wrapup",
    AgentState.TALKING: "talking",
}

STATE_COLOURS: dict[str, str] = {
    "ready": "#2f9e44",
    "busy": "#e03131",
    "rest": "#7048e8",
    "wrapup": "#f08c00",
    "talking": "#1c7ed6",
    "ringing": "#f59f00",
    "offline": "#868e96",
}


def state_name(state: AgentState) -> str:
    names = {
        AgentState.IDLE: QCoreApplication.translate("StateText", "Ready"),
        AgentState.BUSY: QCoreApplication.translate("StateText", "Busy"),
        AgentState.REST: QCoreApplication.translate("StateText", "Resting"),
        AgentState.WRAP_UP: QCoreApplication.translate("StateText", "Wrap-up"),
        AgentState.TALKING: QCoreApplication.translate("StateText", "In a call"),
        AgentState.SIGNED_OUT: QCoreApplication.translate("StateText", "Signed out"),
    }
    return names.get(state, QCoreApplication.translate("StateText", "Unknown"))


def snapshot_text(snapshot: AgentSnapshot) -> str:
    """ "Busy", or "Busy → Ready…" while a change waits for the server."""
    if snapshot.pending is not None and snapshot.pending != snapshot.state:
        if snapshot.pending == AgentState.SIGNED_OUT:
            return QCoreApplication.translate("StateText", "Signing out…")
        if not snapshot.signed_in:
            return QCoreApplication.translate("StateText", "Signing in…")
        return QCoreApplication.translate("StateText", "{0}…").format(state_name(snapshot.pending))
    return state_name(snapshot.state)


def visual_key(snapshot: AgentSnapshot, call: CallState | None) -> str:
    """Which colour and icon stand for the agent right now."""
    if call is not None:
        return "ringing" if call.phase == CallPhase.RINGING else "talking"
    if not snapshot.signed_in:
        return "offline"
    return _STATE_ICONS.get(snapshot.state, "offline")


def state_icon(key: str) -> QIcon:
    import agentbar._resources_rc  # noqa: F401  -- registers :/agentbar/…

    return QIcon(f":/agentbar/icons/state-{key}.svg")


def connection_text(status: ConnectionStatus) -> str:
    texts = {
        ConnectionStatus.OFFLINE: QCoreApplication.translate("StateText", "Offline"),
        ConnectionStatus.CONNECTING: QCoreApplication.translate("StateText", "Connecting…"),
        ConnectionStatus.CONNECTED: QCoreApplication.translate("StateText", "Connected"),
        ConnectionStatus.RECONNECTING: QCoreApplication.translate("StateText", "Reconnecting…"),
        ConnectionStatus.LOST: QCoreApplication.translate("StateText", "Connection lost"),
        ConnectionStatus.SIGNED_OUT_BY_SERVER: QCoreApplication.translate(
            "StateText", "Signed out by the server"
        ),
    }
    return texts[status]


def format_duration(seconds: float) -> str:
    """``m:ss`` under an hour, ``h:mm:ss`` above."""
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
