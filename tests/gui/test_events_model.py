"""The events table: bounded, appended without resets, filtered, copied, and fast under bursts."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication

from agentbar.app.agent.session import AgentSession
from agentbar.cec.events import AgentEvent, EventCategory, parse_event
from agentbar.ui.events.events_model import (
    CATEGORY_ROLE,
    COLUMN_CALL,
    COLUMN_DESCRIPTION,
    COLUMN_TYPE,
    EventsFilterModel,
    EventsModel,
)
from agentbar.ui.events.events_view import EventsView


def event(number: int, event_type: str = "AgentEvent_Ringing") -> AgentEvent:
    content: Any = {"caller": f"1380000{number:04d}", "callid": f"1700000000-{number}"}
    if event_type.startswith("AgentState"):
        content = None
    parsed = parse_event(
        {"eventType": event_type, "workNo": "101", "content": content},
        datetime.now().astimezone(),
    )
    assert parsed is not None
    return parsed


class Counter:
    """Counts the model's structural signals."""

    def __init__(self, model: EventsModel) -> None:
        self.inserts = 0
        self.removes = 0
        self.resets = 0
        model.rowsInserted.connect(lambda *_: self._add("inserts"))
        model.rowsRemoved.connect(lambda *_: self._add("removes"))
        model.modelReset.connect(lambda *_: self._add("resets"))

    def _add(self, name: str) -> None:
        setattr(self, name, getattr(self, name) + 1)


def test_100k_events_keep_the_row_count_at_the_capacity(qapp):
    model = EventsModel()
    counter = Counter(model)
    for chunk in range(20):
        for number in range(5000):
            model.append(event(chunk * 5000 + number))
        model.flush()
    assert model.rowCount() == 5000
    assert counter.resets == 0
    # The newest are kept, the oldest dropped.
    last = model.data(model.index(4999, COLUMN_CALL))
    first = model.data(model.index(0, COLUMN_CALL))
    assert last == "1700000000-99999"
    assert first == "1700000000-95000"


def test_a_burst_becomes_one_insert_and_one_removal(qapp):
    model = EventsModel(capacity=100)
    counter = Counter(model)
    for number in range(80):
        model.append(event(number))
    model.flush()
    assert (counter.inserts, counter.removes) == (1, 0)
    for number in range(80, 130):
        model.append(event(number))
    model.flush()
    assert (counter.inserts, counter.removes, counter.resets) == (2, 1, 0)
    assert model.rowCount() == 100


def test_appended_events_show_up_on_the_next_loop_turn(qapp, qtbot):
    model = EventsModel()
    model.append(event(1))
    assert model.rowCount() == 0  # queued, not inserted one by one
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=1000)


def test_columns_say_time_type_description_and_call_id(qapp):
    model = EventsModel()
    model.append(event(7))
    model.flush()
    assert model.data(model.index(0, COLUMN_TYPE)) == "AgentEvent_Ringing"
    assert "13800000007" in model.data(model.index(0, COLUMN_DESCRIPTION))
    assert model.data(model.index(0, COLUMN_CALL)) == "1700000000-7"
    assert model.data(model.index(0, 0)).count(":") == 2
    assert model.data(model.index(0, 0), CATEGORY_ROLE) == EventCategory.CALL
    assert model.data(QModelIndex()) is None


def test_filter_by_text_and_category(qapp):
    model = EventsModel()
    for number in range(10):
        model.append(event(number))
    model.append(event(100, "AgentState_Ready"))
    model.append(event(101, "AgentState_SetNotReady_Success"))
    model.flush()
    proxy = EventsFilterModel()
    proxy.setSourceModel(model)
    assert proxy.rowCount() == 12
    proxy.set_category(EventCategory.STATE)
    assert proxy.rowCount() == 2
    proxy.set_text("notready")
    assert proxy.rowCount() == 1
    proxy.set_category(None)
    proxy.set_text("1700000000-3")
    assert proxy.rowCount() == 1
    proxy.set_text("13800000005")  # in the description only
    assert proxy.rowCount() == 1
    proxy.set_text("")
    assert proxy.rowCount() == 12


def test_copy_row_as_json(qapp, qtbot):
    session = AgentSession(gateway=None, phone="")  # type: ignore[arg-type]  # signals only
    view = EventsView(session)
    qtbot.addWidget(view)
    session.event_received.emit(event(3))
    session.event_received.emit(event(4))
    view.model.flush()
    view.table.setCurrentIndex(view.proxy.index(1, 0))
    text = view.copy_current()
    data = json.loads(text)
    assert data["eventType"] == "AgentEvent_Ringing"
    assert data["content"]["callid"] == "1700000000-4"
    assert QApplication.clipboard().text() == text


@pytest.mark.slow
def test_ui_never_blocks_50_ms_during_a_2000_event_burst(qapp, qloop, qtbot):
    """2,000 events arrive as fast as the pump can hand them over, with the table on screen."""
    session = AgentSession(gateway=None, phone="")  # type: ignore[arg-type]
    view = EventsView(session)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    burst = [event(number) for number in range(2000)]
    gaps: list[float] = []

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        running = True

        async def heartbeat() -> None:
            last = time.perf_counter()
            while running:
                await asyncio.sleep(0.002)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        beat = loop.create_task(heartbeat())
        await asyncio.sleep(0.05)
        # As the pump does: one event per loop turn, as fast as the loop allows …
        for item in burst[:1000]:
            session.event_received.emit(item)
            await asyncio.sleep(0)
        # … and the worst case: a thousand in a single turn.
        for item in burst[1000:]:
            session.event_received.emit(item)
        await asyncio.sleep(0.3)
        running = False
        await beat

    qloop.run_until_complete(scenario())
    assert view.model.rowCount() == 2000
    worst = max(gaps)
    print(f"longest event-loop stall during the burst: {worst * 1000:.1f} ms")
    assert worst < 0.050


def test_category_filter_is_offered_once_the_view_shows_and_filters(qapp, qtbot):
    session = AgentSession(gateway=None, phone="")  # type: ignore[arg-type]  # signals only
    view = EventsView(session)
    qtbot.addWidget(view)
    for number in range(8):
        session.event_received.emit(event(number))
    for number in range(4):
        session.event_received.emit(event(number, "AgentState_Ready"))
    view.model.flush()
    assert view.category.count() == 0  # filled on first show (start-up does not need it)

    view.show()
    qtbot.waitExposed(view)
    assert view.category.count() == 6
    view.category.setCurrentIndex(view.category.findData(EventCategory.STATE.value))
    assert view.proxy.rowCount() == 4
    assert all(
        view.proxy.index(row, 0).data(CATEGORY_ROLE) == EventCategory.STATE for row in range(4)
    )
    view.category.setCurrentIndex(0)
    assert view.proxy.rowCount() == 12


def test_keyboard_ctrl_c_in_the_table_copies_the_event_as_json_and_tab_leaves_it(qapp, qtbot):
    session = AgentSession(gateway=None, phone="")  # type: ignore[arg-type]  # signals only
    view = EventsView(session)
    qtbot.addWidget(view)
    session.event_received.emit(event(3))
    session.event_received.emit(event(4))
    view.model.flush()
    view.show()
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=2000)
    view.table.setFocus()
    view.table.setCurrentIndex(view.proxy.index(1, 0))
    QApplication.clipboard().setText("")
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert json.loads(QApplication.clipboard().text())["content"]["callid"] == "1700000000-4"
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view.filter_text  # out of the table, round to the top
