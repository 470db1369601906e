"""The [hotkeys] chords in the running app: Settings saves them into the profile and registers
them at once (``agentbar --demo`` in a child process, offscreen, where every chord is refused and
the window says so)."""

from __future__ import annotations

from pathlib import Path

from tests.gui.launch_script import run_scenario

SETTINGS_HOTKEY_SCENARIO = """
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

await wait_ready(running)
banner = running.window.error_banner
results["banner_at_start"] = banner.isVisible()

def shown(name):
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == name and widget.isVisible():
            return widget
    return None

running.window.settings_requested.emit()
await wait_until(lambda: shown("settingsDialog") is not None)
dialog = shown("settingsDialog")
dialog.hotkeys.edits["answer"].setKeySequence(QKeySequence("Ctrl+Alt+A"))
dialog.accept()
await wait_until(lambda: banner.isVisible())
results["profile_answer"] = running.services.profile.hotkeys.answer
results["banner"] = banner.text
results["banner_kind"] = banner.kind
banner.action_button.click()  # "Settings…" opens the settings again
await wait_until(lambda: shown("settingsDialog") is not None)
again = shown("settingsDialog")
results["shown_again"] = again.hotkeys.chord_text("answer")
again.hotkeys.clear_buttons["answer"].click()
again.accept()
await wait_until(lambda: running.services.profile.hotkeys.answer == "")
results["banner_after_clear"] = banner.isVisible()
"""


def test_settings_save_a_system_wide_key_and_register_it_at_once(tmp_path: Path) -> None:
    outcome = run_scenario(tmp_path, SETTINGS_HOTKEY_SCENARIO)

    assert outcome.returncode == 0, outcome.stderr
    assert "scenario_error" not in outcome.results, outcome.results
    assert outcome.results["banner_at_start"] is False  # no key set: nothing registered
    assert outcome.results["profile_answer"] == "Ctrl+Alt+A"
    assert "The system-wide key Ctrl+Alt+A for Answer does not work" in outcome.results["banner"]
    assert "'offscreen'" in outcome.results["banner"]
    assert outcome.results["banner_kind"] == "warning"
    assert outcome.results["shown_again"] == "Ctrl+Alt+A"
    assert outcome.results["banner_after_clear"] is False
