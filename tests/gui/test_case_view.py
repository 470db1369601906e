"""The Work order tab and dialog on real widgets, against the simulator over loopback."""

from __future__ import annotations

import ast
import asyncio
import gc
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTranslator, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from agentbar.app.agent.session import CallPhase, CallState
from agentbar.app.backoff import Backoff
from agentbar.app.work_order.case_draft import CallContext
from agentbar.app.work_order.outbox import Outbox
from agentbar.app.work_order.outbox_store import EntryState, OutboxEntry, OutboxStore
from agentbar.app.work_order.work_orders import WorkOrders, build_work_orders
from agentbar.cec import AsyncClient, build_client, case_validation
from agentbar.cec.case_validation import CaseProblem
from agentbar.cec.cases import CaseClient, NewCase
from agentbar.config import Profile
from agentbar.ui.work_order import case_view
from agentbar.ui.work_order.case_view import CaseDialog, CaseView, install_case_shortcut
from agentbar.ui.work_order.outbox_view import OutboxView, reason_text
from tests.conftest import RunningSim
from tests.gui.conftest import wait_for_signal, wait_until

CREATOR = "10gg000000sLj1ytR70C"


@pytest.fixture
def http(qloop: asyncio.AbstractEventLoop) -> Iterator[AsyncClient]:
    client = build_client()
    yield client
    qloop.run_until_complete(client.aclose())


@pytest.fixture
def work_orders(
    qloop: asyncio.AbstractEventLoop, http: AsyncClient, sim: RunningSim, tmp_path: Path
) -> Iterator[WorkOrders]:
    client = CaseClient(http, sim.url, "demo-client", "demo-client-secret", creator_id=CREATOR)
    outbox = Outbox(OutboxStore(tmp_path / "outbox.sqlite3"), client, backoff=Backoff(0.05, 0.3))
    orders = WorkOrders(client, outbox, CREATOR)
    yield orders
    # Collect the test's widgets here, on the main thread: a collection that happened to run on
    # a worker thread (to_thread below) would delete Qt objects from the wrong thread.
    gc.collect()
    qloop.run_until_complete(orders.close())


def simulated_call() -> CallContext:
    # The session's own call model, as AgentSession.call_changed delivers it, 42 s into the call.
    call = CallState(
        call_id="1700000000-1234",
        caller="13800000000",
        called="88880101",
        phase=CallPhase.TALKING,
        since=time.monotonic() - 42,
    )
    return CallContext.from_call_state(call)


def test_new_call_prefills_an_empty_form(qtbot: QtBot, work_orders: WorkOrders) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    call = simulated_call()
    view.set_call(call)
    draft = view.draft()
    assert draft.contact_phone == "13800000000"
    assert "1700000000-1234" in draft.description
    assert f"{call.started_at:%Y-%m-%d %H:%M:%S}" in draft.description
    assert draft.origin == "Voice"
    assert view.origin_combo.currentData() == "Voice"
    assert abs((datetime.now() - call.started_at).total_seconds() - 42) < 3


def test_form_with_typed_work_is_filled_only_on_request(
    qtbot: QtBot, work_orders: WorkOrders
) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    view.title_edit.setText("Printer on fire")
    view.description_edit.setPlainText("Customer reports smoke.")
    view.set_call(simulated_call())
    assert view.draft().contact_phone == ""
    view.fill_button.click()
    draft = view.draft()
    assert draft.title == "Printer on fire"
    assert draft.contact_phone == "13800000000"
    assert draft.description.endswith("Customer reports smoke.")
    view.fill_button.click()  # the note goes in once
    assert view.draft().description.count("1700000000-1234") == 1


def test_last_call_stays_available_after_hang_up(qtbot: QtBot, work_orders: WorkOrders) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    view.title_edit.setText("typed")
    view.set_call(simulated_call())
    view.set_call(None)
    assert "13800000000" in view.call_label.text()
    view.fill_from_call()
    assert view.draft().contact_phone == "13800000000"


def test_type_picker_shows_the_tree_and_filters_it(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, work_orders: WorkOrders
) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    qloop.run_until_complete(view.load_types())
    picker = view.type_picker
    names = picker.visible_names()
    assert names.index("Fault report") < names.index("Broadband fault") < names.index("Slow speed")
    assert "Legacy fax request" not in names  # inactive
    picker.search.setText("SLOW")
    assert picker.visible_names() == ["Fault report", "Broadband fault", "Slow speed"]
    chosen: list[tuple[str, str]] = []
    picker.type_chosen.connect(lambda type_id, name: chosen.append((type_id, name)))
    leaf = picker.proxy.index(0, 0, picker.proxy.index(0, 0, picker.proxy.index(0, 0)))
    picker.tree.setCurrentIndex(leaf)
    assert chosen
    assert chosen[-1][1] == "Slow speed"
    assert view.draft().type_id == chosen[-1][0]
    assert view.type_label.text() == "Slow speed"
    picker.search.setText("")
    assert picker.select(chosen[-1][0])


def make_file(folder: Path, name: str, size: int) -> str:
    path = folder / name
    path.write_bytes(b"x" * size)
    return str(path)


def test_attachments_are_checked_against_the_limits(
    qtbot: QtBot, work_orders: WorkOrders, tmp_path: Path
) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    too_big = make_file(tmp_path, "scan.pdf", 5 * 1024 * 1024 + 1)
    wrong_type = make_file(tmp_path, "tool.exe", 10)
    refused = view.add_files([too_big, wrong_type])
    assert len(refused) == 2
    assert view.attached_names() == []
    assert "scan.pdf" in view.status_label.text()
    assert "tool.exe" in view.status_label.text()

    six = [make_file(tmp_path, f"photo{n}.png", 100) for n in range(6)]
    refused = view.add_files(six)
    assert view.attached_names() == [f"photo{n}.png" for n in range(5)]
    assert refused == ["At most 5 files can be attached. (photo5.png)"]
    assert view.attachment_list.count() == 5


def test_dropped_files_are_attached(qtbot: QtBot, work_orders: WorkOrders, tmp_path: Path) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    view.show()
    files = [make_file(tmp_path, "a.jpg", 10), make_file(tmp_path, "b.docx", 10)]
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(f) for f in files])
    viewport = view.attachment_list.viewport()
    enter = QDragEnterEvent(
        QPoint(5, 5),  # Qt 6: a drag-enter takes a QPoint, a drop a QPointF
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(viewport, drop)
    assert view.attached_names() == ["a.jpg", "b.docx"]


def test_draft_survives_closing_the_dialog(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, work_orders: WorkOrders, tmp_path: Path
) -> None:
    photo = make_file(tmp_path, "photo.png", 100)

    async def scenario() -> None:
        dialog = CaseDialog(work_orders)
        qtbot.addWidget(dialog)
        dialog.show()
        await wait_for_signal(dialog.view.types_loaded)
        dialog.view.title_edit.setText("半写的工单 half-written")
        dialog.view.contact_id_edit.setText("ciIy0000013y7cC8T2rA")
        dialog.view.priority_combo.setCurrentIndex(dialog.view.priority_combo.findData("High"))
        dialog.view.add_files([photo])
        saved = asyncio.ensure_future(wait_for_signal(dialog.view.draft_saved))
        dialog.close()
        await saved
        dialog.deleteLater()

        again = CaseDialog(work_orders)
        qtbot.addWidget(again)
        again.show()
        await wait_for_signal(again.view.types_loaded)
        draft = again.view.draft()
        assert draft.title == "半写的工单 half-written"
        assert draft.contact_id == "ciIy0000013y7cC8T2rA"
        assert draft.priority == "High"
        assert again.view.attached_names() == ["photo.png"]
        again.close()

    qloop.run_until_complete(scenario())


def test_invalid_form_is_not_submitted_and_says_why(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, work_orders: WorkOrders
) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    view.title_edit.setText("x" * 129)
    entry = qloop.run_until_complete(view.submit())
    assert entry is None
    text = view.problems_label.text()
    assert "128 bytes" in text
    assert "Choose a case type." in text
    assert "Enter the contact ID." in text
    assert view.title_edit.text() == "x" * 129  # nothing lost
    assert qloop.run_until_complete(work_orders.entries()) == []


def test_submitted_case_is_listed_and_shows_its_case_number(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, work_orders: WorkOrders, tmp_path: Path
) -> None:
    async def scenario() -> None:
        view = CaseView(work_orders)
        qtbot.addWidget(view)
        work_orders.start()
        await view.load()
        view.set_call(simulated_call())
        view.title_edit.setText("Refund request")
        view.contact_id_edit.setText("ciIy0000013y7cC8T2rA")
        view.type_picker.search.setText("Refund")
        view.type_picker.tree.setCurrentIndex(
            view.type_picker.proxy.index(0, 0, view.type_picker.proxy.index(0, 0))
        )
        view.add_files([make_file(tmp_path, "receipt.pdf", 2048)])
        sent = asyncio.ensure_future(
            wait_for_signal(
                work_orders.signals.entry_changed,
                lambda e: isinstance(e, OutboxEntry) and e.state is EntryState.SENT,
            )
        )
        entry = await view.submit()
        assert entry is not None
        assert view.draft().title == ""  # a fresh form
        (done,) = await sent
        # Stop sending while the loop still runs (the fixture's teardown comes after Qt
        # processed events with no loop running).
        await work_orders.close()
        assert done.case_no
        row = view.outbox_view.model.row_of(entry.entry_id)
        model = view.outbox_view.model
        assert model.index(row, 1).data() == "Sent"
        assert model.index(row, 2).data() == done.case_no

    qloop.run_until_complete(scenario())


def test_factory_builds_from_the_demo_profile(
    qloop: asyncio.AbstractEventLoop, http: AsyncClient, sim: RunningSim, tmp_path: Path
) -> None:
    class Secrets:
        def get(self, name: str) -> str | None:
            return "demo-client-secret" if name == "cases-client-secret" else None

    orders = build_work_orders(
        Profile.demo(sim.url),
        Secrets(),  # type: ignore[arg-type]
        http,
        store_path=tmp_path / "o.sqlite3",
    )
    assert orders.configured
    roots = qloop.run_until_complete(orders.case_type_tree())
    assert len(roots) >= 4
    qloop.run_until_complete(orders.close())


def test_refused_case_is_fixed_in_the_form_and_sent(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, work_orders: WorkOrders
) -> None:
    async def scenario() -> None:
        view = CaseView(work_orders)
        qtbot.addWidget(view)
        work_orders.start()
        await view.load()
        refused = asyncio.ensure_future(
            wait_for_signal(
                work_orders.signals.entry_changed,
                lambda e: isinstance(e, OutboxEntry) and e.state is EntryState.INVALID,
            )
        )
        # A type that was deleted on the server after the agent picked it.
        entry = await work_orders.submit(
            NewCase(
                title="Old type",
                description="d",
                type_id="cvmC0000014deleted01",
                contact_id="ciIy0000013y7cC8T2rA",
                creator_id=CREATOR,
            )
        )
        await refused
        view.outbox_view.select_entry(entry.entry_id)
        assert view.outbox_view.fix_button.isEnabled()
        assert not view.outbox_view.retry_button.isEnabled()
        view.outbox_view.fix_button.click()
        await wait_until(lambda: view.draft().title == "Old type")
        assert "type" in view.status_label.text()
        view.type_picker.search.setText("Refund")
        view.type_picker.tree.setCurrentIndex(
            view.type_picker.proxy.index(0, 0, view.type_picker.proxy.index(0, 0))
        )
        sent = asyncio.ensure_future(
            wait_for_signal(
                work_orders.signals.entry_changed,
                lambda e: isinstance(e, OutboxEntry) and e.state is EntryState.SENT,
            )
        )
        again = await view.submit()
        assert again is not None
        assert again.entry_id == entry.entry_id  # the same outbox entry, not a new one
        (done,) = await sent
        await work_orders.close()
        assert done.reference == entry.reference

    qloop.run_until_complete(scenario())


def refund_case(title: str) -> NewCase:
    return NewCase(
        title=title,
        description="Customer asks for a refund.",
        type_id="cvmC00000149NzxF1ePA",
        contact_id="ciIy0000013y7cC8T2rA",
        creator_id=CREATOR,
        origin="Voice",
    )


def unreachable_client(http: AsyncClient) -> CaseClient:
    # A port nothing listens on: connections are refused at once.
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return CaseClient(
        http, f"http://127.0.0.1:{port}", "demo-client", "demo-client-secret", creator_id=CREATOR
    )


def test_outbox_shows_each_state_and_retry_sends_a_failed_case(
    qtbot: QtBot,
    qloop: asyncio.AbstractEventLoop,
    http: AsyncClient,
    sim: RunningSim,
    tmp_path: Path,
) -> None:
    async def scenario() -> None:
        # Long back-off: only the Retry button can make the case go out again in time.
        outbox = Outbox(
            OutboxStore(tmp_path / "retry.sqlite3"),
            unreachable_client(http),
            backoff=Backoff(first=300, longest=300, jitter=0),
        )
        orders = WorkOrders(None, outbox, CREATOR)
        view = OutboxView(orders)
        qtbot.addWidget(view)
        model = view.model
        states: list[str] = []
        orders.signals.entry_changed.connect(
            lambda e: states.append(model.index(model.row_of(e.entry_id), 1).data())
        )
        failed = asyncio.ensure_future(
            wait_for_signal(
                orders.signals.entry_changed,
                lambda e: isinstance(e, OutboxEntry) and e.state is EntryState.FAILED,
            )
        )
        entry = await orders.submit(refund_case("Needs a retry"))
        orders.start()
        await failed
        assert states[:3] == ["Queued", "Sending", "Failed"]
        row = model.row_of(entry.entry_id)
        assert model.index(row, 0).data() == "Needs a retry"
        assert "Cannot reach the server" in model.index(row, 3).data()
        assert "Retrying at" in model.index(row, 3).data()
        assert not view.retry_button.isEnabled()  # nothing selected yet
        view.select_entry(entry.entry_id)
        assert view.retry_button.isEnabled()
        assert not view.fix_button.isEnabled()

        # The service is back (the agent fixed the settings); Retry sends it now, once.
        working = CaseClient(http, sim.url, "demo-client", "demo-client-secret", creator_id=CREATOR)
        outbox.sender = working
        sent = asyncio.ensure_future(
            wait_for_signal(
                orders.signals.entry_changed,
                lambda e: isinstance(e, OutboxEntry) and e.state is EntryState.SENT,
            )
        )
        view.retry_button.click()
        (done,) = await sent
        await orders.close()
        assert model.index(row, 1).data() == "Sent"
        assert model.index(row, 2).data() == done.case_no
        assert model.index(row, 3).data() == ""
        assert not view.retry_button.isEnabled()
        found = await working.find_case(entry.reference)
        assert found is not None
        assert found.case_no == done.case_no

    qloop.run_until_complete(scenario())


def test_queued_cases_and_the_draft_survive_a_restart(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, http: AsyncClient, tmp_path: Path
) -> None:
    path = tmp_path / "restart.sqlite3"

    async def first_run() -> int:
        # No work-order service configured: the case waits, queued, on disk.
        orders = WorkOrders(None, Outbox(OutboxStore(path), None), CREATOR)
        view = CaseView(orders)
        qtbot.addWidget(view)
        orders.start()
        entry = await orders.submit(refund_case("Written before the restart"))
        view.title_edit.setText("draft typed before the restart")
        view.contact_phone_edit.setText("13800000000")
        await view.save_draft()
        await orders.close()
        view.deleteLater()
        return entry.entry_id

    async def second_run(entry_id: int) -> None:
        orders = WorkOrders(None, Outbox(OutboxStore(path), None), CREATOR)
        view = CaseView(orders)
        qtbot.addWidget(view)
        await view.load()  # restores the draft and fills the outbox list
        draft = view.draft()
        assert draft.title == "draft typed before the restart"
        assert draft.contact_phone == "13800000000"
        model = view.outbox_view.model
        row = model.row_of(entry_id)
        assert row == 0
        assert model.index(row, 0).data() == "Written before the restart"
        assert model.index(row, 1).data() == "Queued"
        assert "not configured" in view.status_label.text()  # no case types without a service
        await orders.close()

    entry_id = qloop.run_until_complete(first_run())
    qloop.run_until_complete(second_run(entry_id))


def test_shortcut_opens_the_work_order_form(qtbot: QtBot, work_orders: WorkOrders) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    opened: list[bool] = []
    shortcut = install_case_shortcut(window, lambda: opened.append(True))
    assert shortcut.key().toString() == "Ctrl+Shift+W"
    assert shortcut.context() == Qt.ShortcutContext.ApplicationShortcut
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(window, Qt.Key.Key_W, chord)  # type: ignore[no-untyped-call]
    assert opened == [True]
    dialog = CaseDialog(work_orders)
    qtbot.addWidget(dialog)
    assert not dialog.isModal()  # the agent keeps working in the bar


def _case_problem_sentences() -> set[str]:
    """Every sentence a CaseProblem is made with, in the validator and in the form."""
    found: set[str] = set()
    for module in (case_validation, case_view):
        tree = ast.parse(Path(module.__file__ or "").read_text("utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "CaseProblem"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
                and node.args[1].value
            ):
                found.add(node.args[1].value)
    return found


@pytest.fixture
def zh_translator(qapp: QApplication) -> Iterator[QTranslator]:
    import agentbar._resources_rc  # noqa: F401  -- registers :/agentbar/…

    translator = QTranslator()
    assert translator.load(":/agentbar/i18n/agentbar_zh_CN.qm")
    QApplication.installTranslator(translator)
    yield translator
    QApplication.removeTranslator(translator)


def test_every_validation_sentence_has_a_chinese_translation(zh_translator: QTranslator) -> None:
    sentences = _case_problem_sentences()
    assert len(sentences) >= 20
    assert sentences <= set(case_view.VALIDATION_SENTENCES)  # lupdate sees each one
    for sentence in sentences:
        assert zh_translator.translate("CaseValidation", sentence), sentence
    problem = CaseProblem("attachment", "At most 5 files can be attached.", "photo5.png")
    assert case_view.problem_text(problem) == "最多可附加 5 个文件。 (photo5.png)"


def test_failure_reason_is_shown_translated_with_the_servers_words_kept(
    zh_translator: QTranslator,
) -> None:
    reason = (
        "Cannot reach the server. Check the address and the network."
        " (All connection attempts failed)"
    )
    shown = reason_text(reason)
    assert shown != reason
    assert shown.endswith(" (All connection attempts failed)")
    assert "Cannot reach" not in shown
    assert reason_text("Something the catalogue does not know (x)") == (
        "Something the catalogue does not know (x)"
    )


def _show_active(qtbot: QtBot, widget: QWidget) -> None:
    """Show ``widget`` as the active window, so keys and shortcuts reach it as for a person."""
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)


def test_tab_moves_through_the_form_top_to_bottom_then_submit(
    qtbot: QtBot, work_orders: WorkOrders
) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    view.resize(900, 480)
    sent = OutboxEntry(
        1, "ref", "Sent before", EntryState.SENT, 1, 0, False, "c1", "n1", "", "", 0, 0
    )
    view.outbox_view.model.set_entries([sent])
    _show_active(qtbot, view)
    view.title_edit.setFocus()
    seen: list[QWidget | None] = []
    for _ in range(17):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # type: ignore[no-untyped-call]
        seen.append(QApplication.focusWidget())
    expected = [
        view.type_picker.search,
        view.type_picker.tree,
        view.contact_id_edit,
        view.contact_phone_edit,
        view.priority_combo,
        view.origin_combo,
        view.due_check,
        view.auto_assign_check,  # the due date and the owner are off until ticked
        view.description_edit,  # Tab leaves the description: it does not type a tab
        view.attachment_list,
        view.add_file_button,
        view.remove_file_button,
        view.template_edit,
        view.clear_button,
        view.submit_button,
        view.outbox_view.table,
        view.title_edit,  # out of the outbox (Retry and Fix are off), not to its next cell
    ]
    assert seen == expected
    assert view.description_edit.toPlainText() == ""


def test_ctrl_return_submits_from_any_field(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, work_orders: WorkOrders
) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    _show_active(qtbot, view)
    assert "Ctrl+Return" in view.submit_button.toolTip()

    async def scenario() -> None:
        view.description_edit.setFocus()
        ctrl = Qt.KeyboardModifier.ControlModifier
        qtbot.keyClick(view.description_edit, Qt.Key.Key_Return, ctrl)  # type: ignore[no-untyped-call]
        await wait_until(lambda: not view.problems_label.isHidden(), within=5)

    qloop.run_until_complete(scenario())
    assert "Enter a title." in view.problems_label.text()
    assert QApplication.focusWidget() is view.title_edit  # the first problem has the keyboard
    assert view.description_edit.toPlainText() == ""  # no line break typed


def test_form_scrolls_to_the_focused_field_and_submit_stays_on_screen(
    qtbot: QtBot, work_orders: WorkOrders
) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    # The tab area of the expanded window on a 1280×720 screen, less the bar and the tab bar.
    view.resize(1000, 480)
    _show_active(qtbot, view)
    bar = view.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0  # the fields are taller than the tab: they scroll
    assert bar.value() == 0
    view.template_edit.setFocus()
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=2000)
    viewport = view.scroll_area.viewport()

    def shown_whole(field: QWidget) -> bool:
        top = field.mapTo(viewport, QPoint(0, 0)).y()
        return top >= 0 and top + field.height() <= viewport.height()

    assert shown_whole(view.template_edit)
    assert not shown_whole(view.title_edit)
    view.title_edit.setFocus()
    qtbot.waitUntil(lambda: shown_whole(view.title_edit), timeout=2000)
    # Submit is outside the scrolled fields, inside the view, whatever is focused.
    submit = view.submit_button
    assert submit.isVisible()
    corner = submit.mapTo(view, QPoint(submit.width(), submit.height()))
    assert view.rect().contains(corner - QPoint(1, 1))


def test_work_order_tab_and_dialog_fit_a_1280x720_screen(
    qtbot: QtBot, work_orders: WorkOrders
) -> None:
    view = CaseView(work_orders)
    qtbot.addWidget(view)
    hint = view.minimumSizeHint()
    assert hint.height() <= 480
    assert hint.width() <= 1280
    dialog = CaseDialog(work_orders)
    qtbot.addWidget(dialog)
    _show_active(qtbot, dialog)
    # With a title bar and a task bar of ~40 px each.
    assert dialog.height() <= 720 - 80
    assert dialog.width() <= 1280
    assert QApplication.focusWidget() is dialog.view.title_edit
