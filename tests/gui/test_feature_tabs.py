"""The FAQ, Work order and Recordings tabs inside the agent window, against the real simulator.

The window is built as ``agentbar/startup/window.py`` builds it (demo profile, in-memory secrets
with the demo tenant's credentials); the tabs appear after sign-in and are fed by the session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

from agentbar.app.agent.session import AgentSession, CallPhase
from agentbar.app.services import Services
from agentbar.cec.models import AgentState
from agentbar.config import demo_profile
from agentbar.secrets import MemoryStore
from agentbar.startup.demo import demo_secrets
from agentbar.ui.window.main_window import MainWindow
from tests.gui.conftest import settle_tasks, wait_for_signal, wait_until

AGENT = "101"
CALLER = "13912345678"


class Rig:
    def __init__(self, sim_url: str, data_dir: Path) -> None:
        self.profile = demo_profile(sim_url)
        self.data_dir = data_dir
        self.services: Services
        self.session: AgentSession
        self.window: MainWindow
        self.closed = False

    async def open(self) -> None:
        self.services = await Services.open(self.profile, MemoryStore(demo_secrets()))
        self.session = AgentSession(self.services.gateway, self.profile.gateway.phone)
        self.window = MainWindow(self.profile, self.session)
        self.window.show()

    def attach(self) -> None:
        # Inside a running scenario: the window's background task must run on a running loop.
        self.window.set_services(self.services)
        self.window.open_features(self.data_dir)

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        await settle_tasks()  # the tabs' first loads end before their services close
        self.window.prepare_to_quit()
        if self.session.signed_in:
            await self.session.sign_out(force=True)
        await self.session.close()
        self.window.close()
        await self.services.aclose()

    async def signed_in_with_tabs(self) -> None:
        self.attach()
        assert await self.window.sign_in()
        await wait_until(lambda: self.window.feature_tabs is not None, within=15)


@pytest.fixture
def rig(qtbot: Any, qloop: asyncio.AbstractEventLoop, sim: Any, tmp_path: Path) -> Iterator[Rig]:
    made = Rig(sim.url, tmp_path / "data")
    qloop.run_until_complete(made.open())
    yield made
    qloop.run_until_complete(made.close())


def run(qloop: asyncio.AbstractEventLoop, rig: Rig, coro: Any, within: float = 60.0) -> Any:
    """Run ``coro`` and close the rig on the same run of the loop.

    The tabs start background work (FAQ groups, inspected calls, the outbox); between two
    ``run_until_complete`` calls Qt could step those tasks with no running loop.
    """

    async def then_close() -> Any:
        try:
            return await asyncio.wait_for(coro, within)
        finally:
            await rig.close()

    return qloop.run_until_complete(then_close())


def tab_titles(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_tabs_appear_after_sign_in_and_keep_their_data_in_the_given_dir(qloop, rig):
    assert tab_titles(rig.window) == ["Skills", "Events"]

    async def scenario() -> None:
        await rig.signed_in_with_tabs()
        tabs = rig.window.feature_tabs
        assert tabs is not None
        await wait_until(lambda: tabs.faq_view.group_combo.count() > 1)

    run(qloop, rig, scenario())
    assert tab_titles(rig.window) == ["Skills", "Events", "FAQ", "Work order", "Recordings"]
    assert (rig.data_dir / "outbox.sqlite3").exists()
    assert rig.window.feature_tabs is not None
    assert rig.window.feature_tabs.faq_view.accessibleName() == "FAQ"


def test_tabs_come_even_when_the_agent_does_not_sign_in(qloop, rig, monkeypatch):
    monkeypatch.setattr("agentbar.ui.window.main_window.FEATURES_AT_THE_LATEST", 0.2)

    async def scenario() -> None:
        rig.attach()
        await wait_until(lambda: rig.window.feature_tabs is not None, within=10)

    run(qloop, rig, scenario())
    assert not rig.session.signed_in
    assert "Work order" in tab_titles(rig.window)


def test_faq_search_answers_from_the_simulator_inside_the_window(qloop, rig, qtbot):
    async def scenario() -> Any:
        await rig.signed_in_with_tabs()
        tabs = rig.window.feature_tabs
        assert tabs is not None
        shown = asyncio.ensure_future(wait_for_signal(tabs.faq_view.answer_shown))
        QTest.keySequence(rig.window, QKeySequence("Ctrl+Shift+F"))
        assert rig.window.tabs.currentWidget() is tabs.faq_view
        qtbot.keyClicks(tabs.faq_view.search, "How do I make a claim")
        (outcome,) = await shown
        return outcome

    outcome = run(qloop, rig, scenario())
    assert outcome.result.best is not None
    assert "claim" in outcome.result.best.question.lower()


def test_a_talking_call_prefills_the_work_order_and_its_recording_is_listed(qloop, rig, sim):
    async def scenario() -> None:
        await rig.signed_in_with_tabs()
        tabs = rig.window.feature_tabs
        assert tabs is not None
        await wait_until(lambda: rig.session.snapshot.state == AgentState.IDLE)
        ringing = asyncio.ensure_future(wait_for_signal(rig.session.ringing))
        await asyncio.to_thread(sim.control.call, AGENT, CALLER)
        await ringing
        # Ringing alone does not fill the form: the call may still go elsewhere.
        assert not tabs.case_view.fill_button.isEnabled()
        assert await rig.session.answer()
        await wait_until(
            lambda: rig.session.call is not None and rig.session.call.phase == CallPhase.TALKING
        )
        await wait_until(lambda: tabs.case_view.contact_phone_edit.text() == CALLER)
        assert CALLER in tabs.case_view.call_label.text()
        await wait_until(lambda: tabs.recordings_view.model.rowCount() > 0, within=10)
        await asyncio.to_thread(sim.control.hangup, AGENT)
        await wait_until(lambda: rig.session.call is None)
        assert "Last call" in tabs.case_view.call_label.text()
        QTest.keySequence(rig.window, QKeySequence("Ctrl+Shift+W"))
        assert rig.window.tabs.currentWidget() is tabs.case_view

    run(qloop, rig, scenario())


def test_tab_titles_follow_the_language(qloop, rig):
    from agentbar.ui.i18n import install_language

    async def scenario() -> None:
        await rig.signed_in_with_tabs()
        try:
            assert install_language("zh_CN")
            # Qt posts LanguageChange; the window retranslates when the loop delivers it.
            await wait_until(lambda: tab_titles(rig.window)[0] != "Skills")
            assert tab_titles(rig.window)[2:] == ["常见问题", "工单", "录音"]
            assert rig.window.feature_tabs is not None
            assert rig.window.feature_tabs.case_view.accessibleName() == "工单"
        finally:
            install_language("en")
        await wait_until(lambda: tab_titles(rig.window)[0] == "Skills")

    run(qloop, rig, scenario())
    assert tab_titles(rig.window)[2:] == ["FAQ", "Work order", "Recordings"]


def test_a_failing_task_shows_a_banner_only_for_a_service_error(qloop, rig):
    from agentbar.cec.errors import TransportError
    from agentbar.ui.asyncslot import spawn

    async def fail(exc: BaseException) -> None:
        raise exc

    async def scenario() -> tuple[bool, bool]:
        spawn(fail(RuntimeError("a bug")))
        await settle_tasks()
        after_bug = rig.window.error_banner.isVisible()
        spawn(fail(TransportError("The gateway cannot be reached.", endpoint="x")))
        await settle_tasks()
        return after_bug, rig.window.error_banner.isVisible()

    after_bug, after_outage = run(qloop, rig, scenario())
    assert not after_bug, "a crash is the crash notice's to show, not a second message"
    assert after_outage


def test_the_bar_opens_the_work_order_once_the_tab_exists(qloop, rig, qtbot):
    from PySide6.QtCore import Qt

    from agentbar.ui.window.bar import SHORTCUT_WORK_ORDER
    from agentbar.ui.work_order.case_view import DEFAULT_SHORTCUT

    button = rig.window.bar.work_order_button
    assert not button.isEnabled()  # no tab to open yet
    assert SHORTCUT_WORK_ORDER == DEFAULT_SHORTCUT
    assert DEFAULT_SHORTCUT in button.toolTip()

    async def scenario() -> None:
        await rig.signed_in_with_tabs()
        tabs = rig.window.feature_tabs
        assert tabs is not None
        assert button.isEnabled()
        rig.window.set_expanded(False)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert rig.window.tabs.isVisible()
        assert rig.window.tabs.currentWidget() is tabs.case_view

    run(qloop, rig, scenario())
