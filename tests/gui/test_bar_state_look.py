"""The bar's state label: grey and italic while a state is pending, the state's colour and upright
once the server confirmed it (agentbar/ui/window/bar.py, ``_render_state``)."""

from __future__ import annotations

import time

from PySide6.QtGui import QPalette
from pytestqt.qtbot import QtBot

from agentbar.app.agent.session import AgentSession, AgentSnapshot
from agentbar.cec.models import AgentState
from agentbar.ui.window.bar import PENDING_COLOUR, AgentBar
from agentbar.ui.window.state_text import STATE_COLOURS


def look(bar: AgentBar) -> tuple[bool, str, bool]:
    label = bar.state_label
    label.ensurePolished()
    colour = label.palette().color(QPalette.ColorRole.WindowText).name()
    return label.font().italic(), colour, bool(label.property("pending"))


def test_pending_state_is_grey_italic_and_confirmed_state_takes_its_colour(qtbot: QtBot) -> None:
    session = AgentSession(None, "88880101")
    bar = AgentBar(session, "101")
    qtbot.addWidget(bar)
    now = time.monotonic()

    session.state_changed.emit(AgentSnapshot(AgentState.BUSY, AgentState.IDLE, now, signed_in=True))
    assert look(bar) == (True, PENDING_COLOUR, True)

    session.state_changed.emit(AgentSnapshot(AgentState.IDLE, None, now, signed_in=True))
    assert look(bar) == (False, STATE_COLOURS["ready"], False)

    session.state_changed.emit(AgentSnapshot(AgentState.IDLE, AgentState.BUSY, now, signed_in=True))
    assert look(bar) == (True, PENDING_COLOUR, True)

    session.state_changed.emit(AgentSnapshot(AgentState.BUSY, None, now, signed_in=True))
    assert look(bar) == (False, STATE_COLOURS["busy"], False)
