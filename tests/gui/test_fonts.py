"""The window says why Chinese text shows as boxes when no installed font covers Chinese.

This machine has fonts-noto-cjk, so most tests give the window's notice a font lookup that finds
none; one runs the window in a process whose fontconfig knows no CJK font, and nothing is faked.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from agentbar.app.agent.session import AgentSession
from agentbar.cec.models import Skill
from agentbar.config import demo_profile
from agentbar.desktop.fonts import chinese_font_package
from agentbar.ui.i18n import install_language
from agentbar.ui.window.fonts import missing_font_text, qt_chinese_families
from agentbar.ui.window.main_window import MainWindow
from tests.gui.conftest import settle_tasks, wait_until
from tests.gui.test_agent_window import Rig
from tests.no_cjk_fonts import no_cjk_fonts_conf

ROOT = Path(__file__).resolve().parents[2]
TEXT_CHAT = Skill(10, "文字交谈_Text chat", 1)  # as the simulator's demo centre names it
VOICE = Skill(1, "Voice", 5)


@pytest.fixture
def window(qtbot: QtBot) -> MainWindow:
    """A window whose notice finds no Chinese font, in English."""
    install_language("en")
    session = AgentSession(None, "88880101")
    made = MainWindow(demo_profile("http://127.0.0.1:9"), session)
    qtbot.addWidget(made)
    made.font_notice.chinese_fonts = lambda: []
    made.show()
    return made


@pytest.fixture
def chinese() -> Iterator[None]:
    assert install_language("zh_CN")
    yield
    install_language("en")


def skills(window: MainWindow, *shown: Skill) -> None:
    # What the window hands over on the session's skills_changed (signing in to the simulator
    # below goes that way); emitting it here would start the Skills tab's loads with no loop.
    window.font_notice.set_texts(skill.name for skill in shown)


def warning(window: MainWindow) -> str:
    banner = window.font_banner
    return banner.text if banner.isVisibleTo(window) else ""


def test_qt_finds_the_installed_chinese_fonts(qapp: Any) -> None:
    assert "Noto Sans CJK SC" in qt_chinese_families()


def test_chinese_skill_names_in_the_english_interface_need_a_font(window: MainWindow) -> None:
    skills(window, VOICE)
    assert warning(window) == ""

    skills(window, VOICE, TEXT_CHAT)
    assert warning(window) == (
        "Chinese text cannot be shown: no Chinese font is installed. "
        "Ask IT to install fonts-noto-cjk."
    )
    assert window.font_banner.kind == "warning"

    skills(window)  # signed out: nothing Chinese on show
    assert warning(window) == ""


def test_the_chinese_interface_needs_a_font_and_is_checked_when_the_language_changes(
    window: MainWindow,
) -> None:
    assert warning(window) == ""
    try:
        assert install_language("zh_CN")
        assert warning(window) == missing_font_text(chinese_font_package())
    finally:
        install_language("en")
    assert warning(window) == ""


def test_a_dismissed_warning_stays_away_until_the_language_changes(
    window: MainWindow, qtbot: QtBot
) -> None:
    skills(window, TEXT_CHAT)
    assert warning(window)
    window.font_banner.close_button.click()
    skills(window, TEXT_CHAT, VOICE)  # a refresh of the same skills
    assert warning(window) == ""
    try:
        assert install_language("zh_CN")
        assert warning(window)  # the language changed: said again, in it
    finally:
        install_language("en")
    assert warning(window)  # and back in English


def test_the_font_warning_leaves_the_other_banners_alone(window: MainWindow) -> None:
    skills(window, TEXT_CHAT)
    window.status_banner.show_message("warning", "Connection to the gateway lost. Reconnecting…")
    window.error_banner.show_message("error", "The gateway refused the sign-in.")
    skills(window, TEXT_CHAT, VOICE)
    assert warning(window).startswith("Chinese text cannot be shown")
    assert window.status_banner.text == "Connection to the gateway lost. Reconnecting…"
    assert window.error_banner.text == "The gateway refused the sign-in."


def test_no_warning_when_a_font_covers_chinese_or_the_lookup_cannot_tell(
    window: MainWindow, chinese: None
) -> None:
    skills(window, TEXT_CHAT)
    assert warning(window)
    window.font_notice.chinese_fonts = qt_chinese_families  # this machine's real fonts
    window.font_notice.check()
    assert warning(window) == ""
    window.font_notice.chinese_fonts = lambda: None
    window.font_notice.check()
    assert warning(window) == ""


def test_signing_in_to_skills_with_chinese_names_warns(
    qtbot: QtBot, qloop: asyncio.AbstractEventLoop, sim: Any
) -> None:
    """The demo agent 101 has the skill 文字交谈_Text chat: the session's skills_changed."""
    install_language("en")
    rig = Rig(sim.url)

    async def scenario() -> None:
        await rig.open()
        rig.window.font_notice.chinese_fonts = lambda: []
        try:
            assert warning(rig.window) == ""
            await rig.signed_in_ready()
            await wait_until(lambda: bool(warning(rig.window)))
            assert TEXT_CHAT.name in [skill.name for skill in rig.session.skills]
            await settle_tasks()
        finally:
            await rig.close()

    qloop.run_until_complete(asyncio.wait_for(scenario(), 60))


WINDOW_WITHOUT_CJK_FONTS = """
import json
from PySide6.QtWidgets import QApplication
app = QApplication([])
from agentbar.app.agent.session import AgentSession
from agentbar.config import demo_profile
from agentbar.ui.window.fonts import qt_chinese_families
from agentbar.ui.i18n import install_language
from agentbar.ui.window.main_window import MainWindow
window = MainWindow(demo_profile("http://127.0.0.1:9"), AgentSession(None, "88880101"))
window.show()
english = window.font_banner.isVisibleTo(window)
install_language("zh_CN")
print(json.dumps({
    "families": qt_chinese_families(),
    "english": english,
    "chinese": window.font_banner.isVisibleTo(window),
}))
"""


def test_a_desktop_without_cjk_fonts_gets_the_warning_in_the_chinese_interface(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", WINDOW_WITHOUT_CJK_FONTS],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "QT_QPA_PLATFORM": "offscreen",
            "FONTCONFIG_FILE": str(no_cjk_fonts_conf(tmp_path / "fonts")),
        },
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {
        "families": [],
        "english": False,
        "chinese": True,
    }
