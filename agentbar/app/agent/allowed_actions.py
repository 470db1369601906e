"""Which of the agent's commands make sense now, from what the session reports.

One answer for every way of giving a command: the bar enables its buttons and window shortcuts
from it, and the system-wide keys (``agentbar/ui/window/hotkey_actions.py``) ask it before they act,
so a key pressed in another application never sends what the bar's button would not.
"""

from __future__ import annotations

from dataclasses import dataclass

from agentbar.app.agent.session import (
    AgentSnapshot,
    CallPhase,
    CallState,
    Connection,
    ConnectionStatus,
)
from agentbar.cec import AgentState


@dataclass(frozen=True, slots=True)
class AllowedActions:
    """What the agent may ask for now; every field False while signed out or reconnecting."""

    ready: bool = False
    busy: bool = False
    rest: bool = False
    wrap_up: bool = False
    answer: bool = False
    hang_up: bool = False
    hold: bool = False  # and resume
    mute: bool = False  # and unmute
    transfer: bool = False


def allowed_actions(
    snapshot: AgentSnapshot, connection: Connection, call: CallState | None
) -> AllowedActions:
    """The commands that make sense in this state (as ``AgentSession`` reports it)."""
    online = snapshot.signed_in and connection.status == ConnectionStatus.CONNECTED
    if not online:
        return AllowedActions()
    # A command already on its way is confirmed or refused before the next state change.
    settled = snapshot.pending is None
    state = snapshot.state
    talking = call is not None and call.phase == CallPhase.TALKING
    return AllowedActions(
        ready=settled and call is None and state != AgentState.IDLE,
        busy=settled,
        rest=settled and call is None,
        wrap_up=settled and state != AgentState.WRAP_UP,
        answer=call is not None and call.phase == CallPhase.RINGING,
        hang_up=call is not None,
        hold=talking,
        mute=talking,
        transfer=talking,
    )
