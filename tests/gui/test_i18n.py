"""zh_CN loads, and every visible string of the main window is translated (and switches back)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from agentbar.app.agent.session import AgentSession
from agentbar.app.services import Services
from agentbar.config import demo_profile
from agentbar.secrets import MemoryStore
from agentbar.ui.error_text import error_message
from agentbar.ui.i18n import install_language
from agentbar.ui.window.main_window import MainWindow
from agentbar.ui.window.tray import TrayIcon
from tests.gui.i18n_check import CJK, untranslated, visible_strings


@pytest.fixture
def window(qtbot: Any, qloop: Any) -> Iterator[MainWindow]:
    # No request is sent: the window is built signed out against an unused loopback port.
    services = qloop.run_until_complete(
        Services.open(demo_profile("http://127.0.0.1:9"), MemoryStore())
    )
    session = AgentSession(services.gateway, "88880101")
    made = MainWindow(services.profile, session, TrayIcon(session), services)
    qtbot.addWidget(made)
    made.show()
    made.set_expanded(True)
    yield made
    install_language("en")
    qloop.run_until_complete(services.aclose())


def test_english_source_strings_are_caught_by_the_check(window):
    # The check itself must see English text, or the zh_CN test would pass vacuously.
    leftovers = [item for item in visible_strings(window) if untranslated(item[1])]
    assert len(leftovers) > 30


def test_zh_cn_translates_every_visible_string_of_the_main_window(window):
    assert install_language("zh_CN")
    leftovers = [item for item in visible_strings(window) if untranslated(item[1])]
    assert leftovers == []
    assert window.bar.ready_button.text() == "示闲"
    assert window.bar.busy_button.text() == "示忙"


def test_switching_back_to_english_retranslates_live(window):
    install_language("zh_CN")
    assert window.bar.sign_button.text() == "签入"
    install_language("en")
    assert window.bar.sign_button.text() == "Sign in"
    assert window.tabs.tabText(0) == "Skills"


def test_cec_error_messages_are_translated(qapp):
    from agentbar.cec.errors import RETCODE_MESSAGES, gateway_error

    install_language("zh_CN")
    try:
        for code in RETCODE_MESSAGES:
            text = error_message(gateway_error(code, "", "test"))
            assert CJK.search(text), (code, text)
    finally:
        install_language("en")


def test_zh_cn_translates_every_visible_string_of_the_feature_tabs(
    window, qloop, tmp_path, monkeypatch
):
    import asyncio

    from tests.gui.conftest import settle_tasks, wait_until

    monkeypatch.setattr("agentbar.ui.window.main_window.FEATURES_AT_THE_LATEST", 0.0)

    async def scenario() -> list[tuple[str, str]]:
        # As at start-up with zh_CN chosen: the tabs are built in that language.
        assert install_language("zh_CN")
        window.open_features(tmp_path)
        await wait_until(lambda: window.feature_tabs is not None)
        tabs = window.feature_tabs
        assert tabs is not None
        # Their first loads fail (no secrets, closed port): those messages are checked too.
        await asyncio.sleep(0.5)
        leftovers = []
        for view in (tabs.faq_view, tabs.case_view, tabs.recordings_view):
            window.tabs.setCurrentWidget(view)
            leftovers += [item for item in visible_strings(window) if untranslated(item[1])]
        install_language("en")
        await asyncio.sleep(0)
        english = [item for item in visible_strings(window) if untranslated(item[1])]
        assert len(english) > 20, "the check must see the English source text"
        await settle_tasks()  # the tabs' loads end inside this run of the loop
        return leftovers

    leftovers = qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
    assert leftovers == []


def test_every_event_description_template_is_translated(qapp):
    from PySide6.QtCore import QCoreApplication

    from agentbar.cec.events import description_templates

    install_language("zh_CN")
    try:
        missing = [
            template
            for template in description_templates()
            if not CJK.search(QCoreApplication.translate("AgentEvent", template))
            and untranslated(template)
        ]
    finally:
        install_language("en")
    assert missing == []
