"""The settings' "System-wide keys" group: recording, refusing, moving and clearing chords."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from agentbar.config import HotkeysConfig, UiConfig
from agentbar.ui.settings.hotkey_settings import HotkeySettings
from agentbar.ui.settings.settings_dialog import SettingsDialog

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def _group(qtbot: QtBot, current: HotkeysConfig | None = None) -> HotkeySettings:
    group = HotkeySettings(current or HotkeysConfig())
    qtbot.addWidget(group)
    group.show()
    return group


def _press(
    qtbot: QtBot, group: HotkeySettings, action: str, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    edit = group.edits[action]
    edit.setFocus()
    qtbot.keyClick(edit, key, modifiers)
    # The field records one chord and is done with it.
    qtbot.waitUntil(lambda: not edit.keySequence().isEmpty() or group.note.isVisible())


def test_the_keys_start_off_and_a_pressed_chord_is_kept_as_the_profile_writes_it(
    qtbot: QtBot,
) -> None:
    group = _group(qtbot)
    assert group.hotkeys_config() == HotkeysConfig()
    # An empty field says it is off, in our words (Qt's own has no zh_CN translation).
    line = group.edits["answer"].findChild(QLineEdit)
    assert line is not None
    assert line.placeholderText() == "Off (click, then press the keys)"
    _press(qtbot, group, "answer", Qt.Key.Key_A, CTRL_ALT)
    assert group.hotkeys_config() == HotkeysConfig(answer="Ctrl+Alt+A")
    assert not group.note.isVisible()


def test_the_profile_s_chords_are_shown_and_clear_turns_one_off(qtbot: QtBot) -> None:
    group = _group(qtbot, HotkeysConfig(hang_up="Ctrl+Alt+H", ready="F9"))
    assert group.chord_text("hang_up") == "Ctrl+Alt+H"
    qtbot.mouseClick(group.clear_buttons["hang_up"], Qt.MouseButton.LeftButton)
    assert group.hotkeys_config() == HotkeysConfig(ready="F9")


@pytest.mark.parametrize(
    ("key", "modifiers", "shown"),
    [
        (Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "A"),
        (Qt.Key.Key_A, Qt.KeyboardModifier.ShiftModifier, "Shift+A"),
        (Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier, "Ctrl+Return"),
    ],
)
def test_a_chord_agentbar_cannot_take_is_not_kept_and_the_group_says_why(
    qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier, shown: str
) -> None:
    group = _group(qtbot, HotkeysConfig(busy="Ctrl+Alt+B"))
    _press(qtbot, group, "busy", key, modifiers)
    assert group.hotkeys_config() == HotkeysConfig()
    assert group.note.isVisible()
    assert f"{shown} cannot be a system-wide key" in group.note.text()


def test_a_chord_given_to_a_second_command_moves_there(qtbot: QtBot) -> None:
    group = _group(qtbot, HotkeysConfig(ready="Ctrl+Alt+A"))
    _press(qtbot, group, "answer", Qt.Key.Key_A, CTRL_ALT)
    assert group.hotkeys_config() == HotkeysConfig(answer="Ctrl+Alt+A")
    assert group.note.text() == "Ctrl+Alt+A was the key for Ready; it is now the key for Answer."


@pytest.mark.parametrize(
    ("key", "modifiers", "to"),
    [
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier, "hang_up"),
        (Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier, "answer"),
        (Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier, "answer"),
    ],
)
def test_tab_and_shift_tab_leave_a_key_field_instead_of_being_recorded(
    qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier, to: str
) -> None:
    group = _group(qtbot)
    group.activateWindow()
    group.edits["hang_up"].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is group.edits["hang_up"])
    qtbot.keyClick(group.windowHandle(), key, modifiers)  # as a real key press arrives
    # Forward goes to the row's Clear button, back to the row above's.
    assert QApplication.focusWidget() is group.clear_buttons[to]
    assert group.hotkeys_config() == HotkeysConfig()
    assert not group.note.isVisible()


def test_the_settings_dialog_carries_the_group_and_its_chords(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = SettingsDialog(UiConfig(), parent, hotkeys=HotkeysConfig(busy="F6"))
    assert dialog.hotkeys.title() == "System-wide keys"
    assert dialog.hotkeys.hotkeys_config() == HotkeysConfig(busy="F6")
