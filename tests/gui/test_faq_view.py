"""The FAQ tab on real widgets (offscreen), driven through a qasync loop, against the simulator.

The simulator runs on its own thread (``SimThread``); each test's scenario is a coroutine run by
``qloop.run_until_complete`` and waits for signals through futures, never with ``qtbot.wait*``
(see tests/gui/conftest.py).
"""

from __future__ import annotations

import ast
import asyncio
import gc
import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import qasync
from PySide6.QtCore import QObject, Qt, QTranslator, SignalInstance
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from agentbar.app.faq.faq_cache import FaqCache
from agentbar.app.faq.faq_service import FaqOutcome, FaqService
from agentbar.cec import AsyncClient, build_client
from agentbar.cec.faq import FaqClient
from agentbar.sim.server import SimThread
from agentbar.ui.faq.faq_view import FaqView, SuggestFaqDialog, install_search_shortcut

TENANT = "00030010"
SECRET = "demo-oifde-secret"


@pytest.fixture
def qloop(qapp: QApplication) -> Iterator[qasync.QEventLoop]:
    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    loop.close()
    asyncio.set_event_loop(None)
    # Collect Qt objects caught in reference cycles here, on the GUI thread: a collection that
    # happens to run on the simulator's or an executor's thread would delete them there and
    # leave their timers dangling (a segfault in a later test).
    gc.collect()


@pytest.fixture
def sim() -> Iterator[SimThread]:
    thread = SimThread()
    thread.start()
    yield thread
    # Some tests stop it themselves; SimThread.stop() is not (yet) safe to call twice.
    if thread._thread is not None:
        thread.stop()


@pytest.fixture
def http(qloop: qasync.QEventLoop) -> Iterator[AsyncClient]:
    client = build_client()
    yield client
    qloop.run_until_complete(client.aclose())


@pytest.fixture
def service(
    qloop: qasync.QEventLoop, sim: SimThread, http: AsyncClient, tmp_path: Path
) -> Iterator[FaqService]:
    service = FaqService(
        FaqClient(http, sim.url, TENANT, SECRET),
        FaqCache(tmp_path / "faq-cache.sqlite3"),
        debounce_ms=60,
    )
    yield service
    qloop.run_until_complete(service.aclose())


@pytest.fixture
def view(qtbot: Any, service: FaqService) -> FaqView:
    widget = FaqView(service)
    qtbot.addWidget(widget)
    return widget


def control(sim: SimThread, action: str, **body: Any) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{sim.url}/sim/faq/{action}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        data: dict[str, Any] = json.loads(response.read())
    return data


def next_emission(signal: SignalInstance) -> asyncio.Future[Any]:
    """A future resolved with the first argument of the signal's next emission."""
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    def fire(*args: Any) -> None:
        if not future.done():
            future.set_result(args[0] if args else None)
        signal.disconnect(fire)

    signal.connect(fire)
    return future


def test_typing_shows_the_best_answer_and_similar_questions(
    qloop: qasync.QEventLoop, qtbot: Any, view: FaqView, sim: SimThread
) -> None:
    async def scenario() -> FaqOutcome:
        shown = next_emission(view.answer_shown)
        qtbot.keyClicks(view.search, "How do I make a claim")
        return await asyncio.wait_for(shown, 5)

    outcome = qloop.run_until_complete(scenario())
    assert outcome.text == "How do I make a claim"
    assert not outcome.cached
    assert view.card.isVisibleTo(view)
    assert view.card.question.text() == "How do I make a claim?"
    assert "Insurance" in view.card.meta.text()
    assert "%" in view.card.meta.text()
    assert "claim form" in view.card.answer.text()
    assert view.similar_model.rowCount() >= 1
    # The debounce sent one query for the 21 keystrokes.
    assert control(sim, "stats")["queries"] == 1


def test_newer_query_wins_over_a_slower_older_one(
    qloop: qasync.QEventLoop, view: FaqView, service: FaqService, sim: SimThread
) -> None:
    control(sim, "delay", seconds=1.0, count=1, sentence="claim")
    shown: list[FaqOutcome] = []
    view.answer_shown.connect(shown.append)

    async def scenario() -> None:
        started = next_emission(service.busy_changed)
        view.search.setText("How do I make a claim")
        await asyncio.wait_for(started, 5)
        await asyncio.sleep(0.1)  # the older request is now waiting on the slow simulator
        newer = next_emission(view.answer_shown)
        view.search.setText("lost card")
        await asyncio.wait_for(newer, 5)
        await asyncio.sleep(1.2)  # long enough for the older answer to have arrived

    qloop.run_until_complete(scenario())
    assert [o.text for o in shown] == ["lost card"]
    assert "lost" in view.card.question.text().lower()


def test_enter_and_clicks_copy_answers_to_the_clipboard(
    qloop: qasync.QEventLoop, qtbot: Any, view: FaqView
) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("")

    async def scenario() -> None:
        shown = next_emission(view.answer_shown)
        view.search.setText("lost card")
        await asyncio.wait_for(shown, 5)

    qloop.run_until_complete(scenario())
    best = view.outcome.result.best if view.outcome else None
    assert best is not None

    qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert clipboard.text() == best.answer
    assert view.status.text() == "Copied"

    clipboard.setText("")
    qtbot.mouseClick(view.card, Qt.MouseButton.LeftButton)
    assert clipboard.text() == best.answer

    similar = view.similar_model.match_at(0)
    assert similar is not None
    view.show()
    rect = view.similar_list.visualRect(view.similar_model.index(0))
    qtbot.mouseClick(view.similar_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert clipboard.text() == similar.answer


def test_enter_before_the_answer_arrives_copies_it_when_it_does(
    qloop: qasync.QEventLoop, qtbot: Any, view: FaqView
) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("")

    async def scenario() -> str:
        copied = next_emission(view.copied)
        qtbot.keyClicks(view.search, "lost card")
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
        text: str = await asyncio.wait_for(copied, 5)
        return text

    text = qloop.run_until_complete(scenario())
    assert text
    assert clipboard.text() == text


def test_cache_answers_with_the_simulator_stopped_and_says_so(
    qloop: qasync.QEventLoop, view: FaqView, service: FaqService, sim: SimThread
) -> None:
    async def scenario() -> FaqOutcome:
        shown = next_emission(view.answer_shown)
        view.search.setText("How do I make a claim")
        live = await asyncio.wait_for(shown, 5)
        assert not live.cached
        await service.settle()  # the answer is in the cache
        sim.stop()
        cached = next_emission(view.answer_shown)
        view.search.setText("make a claim")
        return await asyncio.wait_for(cached, 5)

    outcome = qloop.run_until_complete(scenario())
    assert outcome.cached
    assert view.card.question.text() == "How do I make a claim?"
    assert "Cached answer" in view.status.text()
    assert "unreachable" in view.status.text()


def test_unreachable_service_without_cached_answer_shows_the_error(
    qloop: qasync.QEventLoop, view: FaqView, service: FaqService, sim: SimThread
) -> None:
    sim.stop()

    async def scenario() -> BaseException:
        failed = next_emission(service.failed)
        view.search.setText("lost card")
        exc: BaseException = await asyncio.wait_for(failed, 5)
        return exc

    qloop.run_until_complete(scenario())
    assert not view.card.isVisibleTo(view)
    assert "Cannot reach the server" in view.status.text()


def test_no_match_says_so(qloop: qasync.QEventLoop, view: FaqView) -> None:
    async def scenario() -> None:
        shown = next_emission(view.answer_shown)
        view.search.setText("pizza recipe")
        await asyncio.wait_for(shown, 5)

    qloop.run_until_complete(scenario())
    assert not view.card.isVisibleTo(view)
    assert "No answer found" in view.status.text()
    assert not view.copy_button.isEnabled()


def test_group_filter_limits_the_search_to_that_group(
    qloop: qasync.QEventLoop, view: FaqView, service: FaqService
) -> None:
    async def scenario() -> FaqOutcome:
        groups = next_emission(service.groups_changed)
        view.show()  # the first show loads the groups
        await asyncio.wait_for(groups, 5)
        index = view.group_combo.findText("Telecom")
        assert index > 0
        shown = next_emission(view.answer_shown)
        view.search.setText("lost card")
        await asyncio.wait_for(shown, 5)
        regrouped = next_emission(view.answer_shown)
        view.group_combo.setCurrentIndex(index)
        return await asyncio.wait_for(regrouped, 5)

    outcome = qloop.run_until_complete(scenario())
    assert view.group_combo.count() == 1 + 9
    assert "(disabled)" in view.group_combo.itemText(view.group_combo.count() - 1)
    assert outcome.result.best is not None
    assert outcome.result.best.group_name == "Telecom"
    assert "SIM" in view.card.question.text()


def test_suggested_faq_is_validated_then_sent_and_found(
    qloop: qasync.QEventLoop, view: FaqView, service: FaqService
) -> None:
    async def scenario() -> FaqOutcome:
        groups = next_emission(service.groups_changed)
        view.show()
        await asyncio.wait_for(groups, 5)
        view.search.setText("How do I order a chequebook")
        view.suggest_button.click()
        dialog = view.findChild(SuggestFaqDialog)
        assert dialog is not None
        assert dialog.question.text() == "How do I order a chequebook"
        dialog.group_combo.setCurrentIndex(dialog.group_combo.findText("Banking"))
        dialog.answer.setPlainText("Order one in the app under Cards; it arrives in 5 days.")
        dialog.keywords.setText("cheque|book")
        dialog.buttons.accepted.emit()
        assert dialog.isVisible()
        assert '"|"' in dialog.errors.text()
        dialog.keywords.setText("chequebook, cheques")
        created = next_emission(service.created)
        dialog.buttons.accepted.emit()
        faq = await asyncio.wait_for(created, 5)
        assert faq.keywords == ("chequebook", "cheques")
        assert "was sent" in view.status.text()
        shown = next_emission(view.answer_shown)
        view.search.setText("order a chequebook")
        return await asyncio.wait_for(shown, 5)

    outcome = qloop.run_until_complete(scenario())
    assert outcome.result.best is not None
    assert outcome.result.best.question == "How do I order a chequebook"


def test_shortcut_brings_the_window_forward_with_the_search_focused(
    qloop: qasync.QEventLoop, qtbot: Any, view: FaqView
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    view.setParent(window)
    view.search.setText("previous question")
    shown_tab: list[bool] = []
    shortcut = install_search_shortcut(window, view, show_tab=lambda: shown_tab.append(True))
    assert shortcut.context() == Qt.ShortcutContext.ApplicationShortcut
    assert shortcut.key().toString() == "Ctrl+Shift+F"
    assert not window.isVisible()
    shortcut.activated.emit()
    assert window.isVisible()
    assert shown_tab == [True]
    assert view.search.selectedText() == "previous question"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.search, timeout=2000)


def test_texts_are_accessible(view: FaqView) -> None:
    names = [
        w.accessibleName()
        for w in (view.search, view.group_combo, view.card, view.similar_list, view.status)
    ]
    assert all(names)
    assert isinstance(view, QObject)


def test_answer_of_a_superseded_query_is_dropped_even_if_it_completes(
    qloop: qasync.QEventLoop, service: FaqService
) -> None:
    # Cancellation normally stops the older query; this checks the second guard on its own: an
    # answer that completes anyway (cancelled too late) is not shown once a newer query started.
    answered: list[FaqOutcome] = []
    service.answered.connect(answered.append)

    async def scenario() -> None:
        service.search("lost card")
        service.search_now()
        older = service._task
        assert older is not None
        service._seq += 1  # a newer query has started meanwhile
        await older

    qloop.run_until_complete(scenario())
    assert answered == []


def _faq_limit_sentences() -> set[str]:
    """The literals validate_new_faq appends to its problems."""
    from agentbar.cec import faq as faq_module

    tree = ast.parse(Path(faq_module.__file__ or "").read_text("utf-8"))
    function = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef) and node.name == "validate_new_faq"
    )
    return {
        node.args[0].value
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "append"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


def test_every_faq_limit_sentence_has_a_chinese_translation(qapp: QApplication) -> None:
    import agentbar._resources_rc  # noqa: F401  -- registers :/agentbar/…
    from agentbar.ui.faq import faq_view

    sentences = _faq_limit_sentences()
    assert len(sentences) >= 10
    assert sentences <= set(faq_view.FAQ_LIMIT_SENTENCES)  # lupdate sees each one
    translator = QTranslator()
    assert translator.load(":/agentbar/i18n/agentbar_zh_CN.qm")
    for sentence in sentences:
        assert translator.translate("FaqLimits", sentence), sentence
    QApplication.installTranslator(translator)
    try:
        dialog = SuggestFaqDialog([], None, "")
        assert "问题为空。" in dialog.problems()
        dialog.deleteLater()
    finally:
        QApplication.removeTranslator(translator)


def test_slow_service_shows_the_cached_answer_at_once_then_its_own(
    qloop: qasync.QEventLoop, qtbot: Any, view: FaqView, service: FaqService, sim: SimThread
) -> None:
    async def scenario() -> tuple[FaqOutcome, float, str, FaqOutcome]:
        shown = next_emission(view.answer_shown)
        view.search.setText("How do I make a claim")
        await asyncio.wait_for(shown, 5)
        await service.settle()  # the answer is in the cache
        # The service now hangs for 3 s on this question (no refusal: just silence).
        control(sim, "delay", seconds=3.0, count=1, sentence="claim")
        provisional = next_emission(view.answer_shown)
        typed = time.perf_counter()
        view.search.setText("make a claim")
        first: FaqOutcome = await asyncio.wait_for(provisional, 5)
        waited = time.perf_counter() - typed
        status = view.status.text()
        live = next_emission(view.answer_shown)
        QGuiApplication.clipboard().setText("before")
        qtbot.keyClick(view.search, Qt.Key.Key_Return)  # copies what is shown, now
        copied = QGuiApplication.clipboard().text()
        assert copied == first.result.best.answer  # type: ignore[union-attr]
        final: FaqOutcome = await asyncio.wait_for(live, 6)
        return first, waited, status, final

    first, waited, status, final = qloop.run_until_complete(scenario())
    assert first.cached
    assert first.provisional
    assert first.text == "make a claim"
    # debounce (60 ms) + grace (300 ms) + a cache search, far below the 3 s the service takes
    assert waited < 1.5
    assert "has not answered yet" in status
    assert not final.cached
    assert not final.provisional
    assert final.text == "make a claim"
    assert view.status.text() == ""


def _answer(qloop: qasync.QEventLoop, view: FaqView, text: str) -> None:
    async def scenario() -> None:
        shown = next_emission(view.answer_shown)
        view.search.setText(text)
        await asyncio.wait_for(shown, 5)

    qloop.run_until_complete(scenario())


def _show_active(qtbot: Any, widget: QWidget) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=2000)


def test_keyboard_goes_from_the_search_into_the_results_and_copies_the_chosen_answer(
    qloop: qasync.QEventLoop, qtbot: Any, view: FaqView
) -> None:
    _answer(qloop, view, "lost card")
    assert view.similar_model.rowCount() >= 1
    _show_active(qtbot, view)
    view.focus_search()
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is view.similar_list
    similar = view.similar_model.match_at(0)
    assert similar is not None
    assert view.card.answer.text() == similar.answer  # the chosen result is shown
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("")
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(view.similar_list, Qt.Key.Key_C, ctrl)
    assert clipboard.text() == similar.answer  # the answer, not the question
    clipboard.setText("")
    qtbot.keyClick(view.similar_list, Qt.Key.Key_Return)
    assert clipboard.text() == similar.answer
    qtbot.keyClick(view.similar_list, Qt.Key.Key_Up)
    assert QApplication.focusWidget() is view.search


def test_copy_shortcut_copies_the_answer_shown_from_anywhere_in_the_tab(
    qloop: qasync.QEventLoop, qtbot: Any, view: FaqView
) -> None:
    _answer(qloop, view, "lost card")
    best = view.outcome.result.best if view.outcome else None
    assert best is not None
    _show_active(qtbot, view)
    view.group_combo.setFocus()
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("")
    chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(view.group_combo, Qt.Key.Key_C, chord)
    assert clipboard.text() == best.answer
    assert "Ctrl+Shift+C" in view.copy_button.toolTip()


def test_tab_goes_search_results_answer_copy(
    qloop: qasync.QEventLoop, qtbot: Any, view: FaqView
) -> None:
    _answer(qloop, view, "lost card")
    _show_active(qtbot, view)
    view.focus_search()
    seen = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [view.similar_list, view.card, view.copy_button]


def test_a_long_answer_scrolls_inside_a_tab_that_fits_1280x720(
    qloop: qasync.QEventLoop, qtbot: Any, view: FaqView
) -> None:
    _answer(qloop, view, "lost card")
    view.card.answer.setText("A long answer. " * 600)  # ~9,000 characters
    view.resize(1000, 480)
    view.show()
    assert view.minimumSizeHint().height() <= 480
    assert view.copy_button.geometry().bottom() < view.height()
    bar = view.card.answer_scroll.verticalScrollBar()
    assert bar.maximum() > 0
    view.card.setFocus()
    qtbot.keyClick(view.card, Qt.Key.Key_PageDown)
    assert bar.value() > 0
