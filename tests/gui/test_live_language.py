"""Switching the language at run time retranslates the widgets that were built in English.

Each widget is built in English, switched to zh_CN (the settings dialog's way: ``install_language``
then one turn of Qt's event processing) and must show no English text left; switched back, it must
show exactly the English it showed before. The check is the one the main window's test uses
(``tests/gui/i18n_check.py``). No widget here sends a request: the clients point at a closed
loopback port and nothing asks them anything.
"""

from __future__ import annotations

import asyncio
import gc
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from agentbar.app.agent.session import CallPhase, CallState
from agentbar.app.recordings.download_queue import DownloadQueue
from agentbar.app.recordings.downloads import Downloads
from agentbar.app.work_order.case_draft import CallContext
from agentbar.app.work_order.outbox import Outbox
from agentbar.app.work_order.outbox_store import EntryState, OutboxEntry, OutboxStore
from agentbar.app.work_order.work_orders import WorkOrders
from agentbar.cec import AsyncClient, build_client
from agentbar.cec.errors import RETCODE_MESSAGES
from agentbar.cec.quality import (
    CallDetail,
    ChannelFigures,
    Emotion,
    InspectedCall,
    QualityClient,
    TranscriptSegment,
)
from agentbar.cec.recordings import RecordingsClient
from agentbar.cec.signing import AuthV2
from agentbar.cec.tokens import TokenByAkSk
from agentbar.config import UiConfig
from agentbar.desktop.crash import CrashReport
from agentbar.doctor.report import DoctorReport
from agentbar.doctor.rows import CheckResult, Status
from agentbar.ui.i18n import install_language
from agentbar.ui.recordings.recordings_view import SOURCE, RecordingsView
from agentbar.ui.recordings.transcript_view import SPEAKER, TranscriptView
from agentbar.ui.settings.doctor_dialog import DoctorDialog
from agentbar.ui.settings.settings_dialog import SettingsDialog
from agentbar.ui.setup.password_dialog import PasswordDialog
from agentbar.ui.setup.setup_dialog import SetupDialog
from agentbar.ui.window.crash_notice import CrashNotice
from agentbar.ui.work_order.case_view import CaseDialog, CaseView
from tests.gui.i18n_check import CJK, leftovers

CLOSED = "http://127.0.0.1:9"  # nothing listens there; no test here sends a request
CREATOR = "10gg000000sLj1ytR70C"

Switch = Callable[[str], None]


@pytest.fixture
def switch(qapp: QApplication) -> Iterator[Switch]:
    def to(language: str) -> None:
        assert install_language(language)
        qapp.processEvents()  # one turn, as the running application gets after Settings → OK

    try:
        yield to
    finally:
        install_language("en")


def assert_switches_live(widget: QWidget, switch: Switch) -> list[tuple[str, str]]:
    """zh_CN leaves no English; English again shows what it showed. Returns the English."""
    english = leftovers(widget)
    assert len(english) >= 3, "the check must see the English source text"
    switch("zh_CN")
    assert leftovers(widget) == []
    switch("en")
    assert leftovers(widget) == english
    return english


def cell(widget_model: object, row: int, column: int) -> str:
    model = widget_model
    return str(model.data(model.index(row, column)))  # type: ignore[attr-defined]


# ---- the Work order tab ------------------------------------------------------------------------


@pytest.fixture
def work_orders(qloop: asyncio.AbstractEventLoop) -> Iterator[WorkOrders]:
    # Not configured (no case client) and never started: the form and outbox need no server.
    orders = WorkOrders(None, Outbox(OutboxStore(":memory:"), None), CREATOR)
    yield orders
    gc.collect()  # on the main thread, not in close()'s worker thread
    qloop.run_until_complete(orders.close())


def failed_entry() -> OutboxEntry:
    now = time.time()
    return OutboxEntry(
        entry_id=1,
        reference="ab0123456789abcdef01",
        title="Printer on fire",
        state=EntryState.FAILED,
        attempts=1,
        next_attempt_at=now + 60,
        maybe_sent=False,
        case_id="",
        case_no="",
        reason=next(iter(RETCODE_MESSAGES.values())),
        field="",
        created_at=now,
        updated_at=now,
    )


def call_context() -> CallContext:
    return CallContext.from_call_state(
        CallState(
            call_id="1700000000-1234",
            caller="13800000000",
            called="88880101",
            phase=CallPhase.TALKING,
            since=time.monotonic() - 42,
        )
    )


def test_work_order_form_and_outbox_switch_language_live(
    qtbot: QtBot, work_orders: WorkOrders, switch: Switch
) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    view.show()
    view.set_call(call_context())  # the empty form is filled from the call
    view.priority_combo.setCurrentIndex(view.priority_combo.findData("High"))
    view.show_problems(view.problems())
    view.outbox_view.model.update_entry(failed_entry())
    draft = view.draft()
    view._draft_timer.stop()
    headers: list[tuple[object, ...]] = []
    view.outbox_view.model.headerDataChanged.connect(lambda *args: headers.append(args))

    english = leftovers(view)
    texts = {text for _, text in english}
    assert "Call from 13800000000 at " + f"{call_context().started_at:%H:%M:%S}" in texts
    assert "Title" in texts
    assert "High" in texts
    assert "Retry now" in texts
    switch("zh_CN")
    assert leftovers(view) == []
    assert CJK.search(view.call_label.text())
    assert "13800000000" in view.call_label.text()
    assert CJK.search(view.problems_label.text())
    assert CJK.search(view.type_label.text())
    assert CJK.search(cell(view.outbox_view.model, 0, 1))  # the state column
    assert headers, "the outbox table must be told its headers changed"
    # The form is what it was: same selections, no edit seen, no draft save started.
    assert view.priority_combo.currentData() == "High"
    assert view.origin_combo.currentData() == "Voice"
    assert view.draft() == draft
    assert not view._draft_timer.isActive()

    view.set_call(None)  # a state reached in zh_CN is rendered in zh_CN
    assert CJK.search(view.call_label.text())
    switch("en")
    assert view.call_label.text().startswith("Last call: 13800000000 at ")
    assert view.problems_label.text() == next(t for w, t in english if "caseProblems" in w)
    assert cell(view.outbox_view.model, 0, 1) == "Failed"
    assert view.draft() == draft


def test_work_order_dialog_switches_language_live(
    qtbot: QtBot, work_orders: WorkOrders, switch: Switch
) -> None:
    dialog = CaseDialog(work_orders)
    qtbot.addWidget(dialog)
    dialog.show()
    english = assert_switches_live(dialog, switch)
    assert ("window title", "New work order") in english


# ---- the Recordings tab ------------------------------------------------------------------------


@pytest.fixture
def http(qloop: asyncio.AbstractEventLoop) -> Iterator[AsyncClient]:
    client = build_client()
    yield client
    qloop.run_until_complete(client.aclose())
    gc.collect()


@pytest.fixture
def downloads(
    qloop: asyncio.AbstractEventLoop, http: AsyncClient, tmp_path: Path
) -> Iterator[Downloads]:
    client = RecordingsClient(
        http, ccfs_url=CLOSED, ccfs_auth=AuthV2("demo-ak", "demo-sk-0123456789abcdef")
    )
    service = Downloads(client, DownloadQueue(tmp_path / "queue.json"), lambda: tmp_path / "rec")
    yield service
    qloop.run_until_complete(service.aclose())


def test_recordings_tab_switches_language_live(
    qtbot: QtBot, http: AsyncClient, downloads: Downloads, tmp_path: Path, switch: Switch
) -> None:
    tokens = TokenByAkSk(http, CLOSED, "demo-app", "demo-app-secret")
    quality = QualityClient(http, CLOSED, tokens, app_key="demo-app", user_id="101")
    view = RecordingsView(downloads, quality, "101", lambda: tmp_path / "rec")
    qtbot.addWidget(view)
    view.show()
    view.add_shift_recording(call_id="1704191400-1001", file_name="Y:/1/1030001.V3")
    view.add_inspected(
        [InspectedCall("uuid-1", "1704191400-0999", datetime(2024, 1, 2, 9, 0, tzinfo=UTC), 61)]
    )
    view.select_call("1704191400-1001")  # a shift call: "not inspected yet" in the transcript
    headers: list[tuple[object, ...]] = []
    view.model.headerDataChanged.connect(lambda *args: headers.append(args))

    english = assert_switches_live(view, switch)
    assert ("QLabel  text", "No transcript: this call has not been inspected yet.") in english
    assert {cell(view.model, 0, SOURCE), cell(view.model, 1, SOURCE)} == {
        "This shift",
        "Inspected",
    }
    switch("zh_CN")
    assert all(CJK.search(cell(view.model, row, SOURCE)) for row in range(2))
    assert headers, "the recordings table must be told its headers changed"


def test_transcript_redraws_its_figures_and_speakers_in_the_new_language(
    qtbot: QtBot, switch: Switch
) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    view.show()
    call = InspectedCall("uuid-1", "1704191400-0999", None, 61)
    view.set_detail(
        CallDetail(
            call=call,
            segments=(
                TranscriptSegment(1, "staff", "agent", "您好", 0.0, 2.0),
                TranscriptSegment(2, "customer", "customer", "你好", 2.0, 4.0),
            ),
            left=ChannelFigures("staff", "agent", 180, 0.5, 3, (Emotion("positive", 80),)),
            right=ChannelFigures("customer", "customer", 150, 0.4, 5, (Emotion("negative", 20),)),
        )
    )
    english = assert_switches_live(view, switch)
    assert any("speed 180" in text for _, text in english)
    switch("zh_CN")
    assert CJK.search(cell(view.model, 0, SPEAKER))
    assert "positive" not in view.summary.text()
    assert "negative" not in view.summary.text()


def test_transcript_hint_is_redrawn_but_a_callers_message_is_kept(
    qtbot: QtBot, switch: Switch
) -> None:
    view = TranscriptView()
    qtbot.addWidget(view)
    switch("zh_CN")
    assert CJK.search(view.summary.text())  # the "select a call" hint is the view's own
    view.set_message("Gateway said no")  # a message the caller wrote stays as it was given
    switch("en")
    assert view.summary.text() == "Gateway said no"


# ---- dialogs -----------------------------------------------------------------------------------


def test_shift_check_dialog_switches_language_live(qtbot: QtBot, switch: Switch) -> None:
    dialog = DoctorDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.set_report(
        DoctorReport(
            results=(
                CheckResult("config", Status.PASS, "valid"),
                CheckResult("clock", Status.WARN, "1 s behind", "Turn on NTP."),
            ),
            config_path="/tmp/profile.toml",
        )
    )
    english = assert_switches_live(dialog, switch)
    assert ("QLabel  text", "1 passed, 1 warnings, 0 failed. Ready, with warnings.") in english
    switch("zh_CN")
    assert CJK.search(cell(dialog.model, 0, 0))  # "pass" in the result column
    dialog.set_running()
    switch("en")
    assert dialog.summary.text() == "Checking…"


def test_crash_notice_switches_language_live(qtbot: QtBot, switch: Switch) -> None:
    window = QPushButton("window")
    qtbot.addWidget(window)
    window.show()
    notice = CrashNotice(window)
    notice.report(CrashReport("RuntimeError: the slot broke", "Traceback …", "slot"))
    qtbot.waitUntil(lambda: notice.box is not None and notice.box.isVisible())
    box = notice.box
    assert box is not None
    try:
        english = assert_switches_live(box, switch)
        assert ("window title", "agentbar problem") in english
        switch("zh_CN")
        assert "RuntimeError: the slot broke" in box.text()
        buttons = [b.text() for b in box.buttons()]
        assert all(CJK.search(text) for text in buttons), buttons
    finally:
        # The box must be gone before the notice is: its destroyed signal calls the notice.
        box.close()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert notice.box is None


def _settings(parent: QWidget) -> QWidget:
    return SettingsDialog(UiConfig(language="zh_CN"), parent, demo=True)


def _setup(parent: QWidget) -> QWidget:
    dialog = SetupDialog(parent)
    dialog.url.setText("ftp://example")  # a field error, redrawn in the new language
    dialog.show_all_problems()
    return dialog


def _password(parent: QWidget) -> QWidget:
    return PasswordDialog("101", parent)


@pytest.mark.parametrize("build", [_settings, _setup, _password], ids=lambda f: f.__name__[1:])
def test_settings_setup_and_password_dialogs_switch_language_live(
    qtbot: QtBot, switch: Switch, build: Callable[[QWidget], QWidget]
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = build(parent)
    dialog.show()
    try:
        assert_switches_live(dialog, switch)
    finally:
        dialog.close()


def test_settings_dialog_keeps_the_chosen_language_across_a_switch(
    qtbot: QtBot, switch: Switch
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = SettingsDialog(UiConfig(language="zh_CN"), parent)
    switch("zh_CN")
    assert dialog.language.currentData() == "zh_CN"
    assert dialog.language.itemText(0) == QCoreApplication.translate(
        "SettingsDialog", "System language"
    )
    assert dialog.language.itemText(0) != "System language"
