"""The settings' "System-wide keys" group: a key field and a Clear button per [hotkeys] command.

A field takes one chord as it is pressed. One agentbar cannot take system-wide (a bare letter,
Ctrl+Tab) is not kept, and the group says why; a chord given to a second command moves there
and leaves the first, so the group never holds what the profile would refuse.
"""

from __future__ import annotations

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from agentbar.config import HotkeysConfig
from agentbar.desktop.hotkeys.chord import HotkeyUnavailable, parse_chord
from agentbar.ui.i18n import Retranslating
from agentbar.ui.window.hotkey_actions import ACTIONS, action_name

_PORTABLE = QKeySequence.SequenceFormat.PortableText

# Tab and Shift+Tab leave the field instead of being recorded: a key field must not trap the
# keyboard (neither can be a system-wide key anyway). Qt's own list has Tab and a bare Backtab,
# but Shift+Tab arrives as Backtab (or Tab) with Shift held and would be recorded.
_LEAVING_KEYS = [
    QKeyCombination(Qt.KeyboardModifier.NoModifier, Qt.Key.Key_Tab),
    QKeyCombination(Qt.KeyboardModifier.NoModifier, Qt.Key.Key_Backtab),
    QKeyCombination(Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Backtab),
    QKeyCombination(Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Tab),
]


class HotkeySettings(Retranslating, QGroupBox):
    """Edits a ``HotkeysConfig``; read the result with :meth:`hotkeys_config`."""

    def __init__(self, current: HotkeysConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hotkeySettings")
        self.labels: dict[str, QLabel] = {}
        self.edits: dict[str, QKeySequenceEdit] = {}
        self.clear_buttons: dict[str, QPushButton] = {}
        form = QFormLayout(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        form.addRow(self.hint)
        for action in ACTIONS:
            edit = QKeySequenceEdit(QKeySequence(getattr(current, action), _PORTABLE), self)
            edit.setObjectName(f"hotkey_{action}")
            edit.setMaximumSequenceLength(1)
            edit.setFinishingKeyCombinations(_LEAVING_KEYS)
            edit.keySequenceChanged.connect(lambda _keys, action=action: self._changed(action))
            clear = QPushButton(self)
            clear.setObjectName(f"clearHotkey_{action}")
            clear.setAutoDefault(False)  # Enter accepts the dialog, it does not clear a key
            clear.clicked.connect(edit.clear)
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(clear)
            label = QLabel(self)
            label.setBuddy(edit)
            form.addRow(label, row)
            self.labels[action], self.edits[action], self.clear_buttons[action] = label, edit, clear
        # Why a key was not kept, or where it went; empty and hidden until then.
        self.note = QLabel(self)
        self.note.setObjectName("hotkeyNote")
        self.note.setWordWrap(True)
        self.note.hide()
        form.addRow(self.note)
        self.retranslate()

    def chord_text(self, action: str) -> str:
        """The chord in ``action``'s field as the profile writes it ("" when off)."""
        return self.edits[action].keySequence().toString(_PORTABLE)

    def hotkeys_config(self) -> HotkeysConfig:
        return HotkeysConfig(**{action: self.chord_text(action) for action in ACTIONS})

    def _changed(self, action: str) -> None:
        text = self.chord_text(action)
        if not text:
            return
        try:
            chord = parse_chord(text)
        except HotkeyUnavailable:
            self.edits[action].clear()
            self._say(
                self.tr(
                    "{0} cannot be a system-wide key: use Ctrl, Alt or Meta (and Shift if you "
                    "like) with a letter, digit or Space, or an F-key."
                ).format(text)
            )
            return
        for other in ACTIONS:
            other_text = self.chord_text(other)
            if other == action or not other_text:
                continue
            try:
                same = parse_chord(other_text) == chord
            except HotkeyUnavailable:
                same = False
            if same:
                self.edits[other].clear()
                self._say(
                    self.tr("{0} was the key for {1}; it is now the key for {2}.").format(
                        text, action_name(other), action_name(action)
                    )
                )
                return
        self.note.hide()

    def _say(self, text: str) -> None:
        self.note.setText(text)
        self.note.setAccessibleName(text)
        self.note.show()

    def retranslate(self) -> None:
        self.setTitle(self.tr("System-wide keys"))
        self.hint.setText(
            self.tr(
                "Keys that work in any application, also while you type elsewhere. Off unless "
                "you set one. Click a field and press the keys, e.g. Ctrl+Alt+A."
            )
        )
        for action in ACTIONS:
            name = action_name(action)
            self.labels[action].setText(name)
            self.edits[action].setAccessibleName(self.tr("System-wide key for {0}").format(name))
            # Qt's own "Press shortcut" has no translation in every language Qt ships.
            line = self.edits[action].findChild(QLineEdit)
            if line is not None:
                line.setPlaceholderText(self.tr("Off (click, then press the keys)"))
            clear = self.clear_buttons[action]
            clear.setText(self.tr("Clear"))
            clear.setAccessibleName(self.tr("Clear the key for {0}").format(name))
            clear.setToolTip(self.tr("Clear the key for {0}").format(name))
