"""A system-wide hotkey's key chord ("Ctrl+Shift+F") in the terms the platform backends need.

Shared by the X11 and Windows backends of :mod:`agentbar.ui.global_hotkey`: a key sequence is read
with Qt's own parser, then limited to what both platforms can grab the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QKeySequence


class HotkeyUnavailable(Exception):
    """The hotkey cannot be had here; the message says why, for the log."""


@dataclass(frozen=True)
class Chord:
    """Modifiers held and the one key pressed (a letter, digit, F-key or Space)."""

    ctrl: bool
    shift: bool
    alt: bool
    meta: bool
    key: Qt.Key

    def modifier_mask(self, *, ctrl: int, shift: int, alt: int, meta: int) -> int:
        """The chord's modifiers as a platform's bit mask, given each modifier's bit."""
        return (
            (ctrl if self.ctrl else 0)
            | (shift if self.shift else 0)
            | (alt if self.alt else 0)
            | (meta if self.meta else 0)
        )

    @property
    def letter_or_digit(self) -> str | None:
        """The key's character ("F" for Key_F, "7" for Key_7); None for other keys."""
        value = self.key.value
        if ord("A") <= value <= ord("Z") or ord("0") <= value <= ord("9"):
            return chr(value)
        return None

    @property
    def function_number(self) -> int | None:
        """The F-key's number (12 for Key_F12); None for other keys."""
        number = self.key.value - Qt.Key.Key_F1.value + 1
        return number if 1 <= number <= 24 else None


def parse_chord(sequence: str) -> Chord:
    """The chord of ``sequence`` (portable text, "Ctrl+Shift+F"); HotkeyUnavailable if unusable."""
    keys = QKeySequence(sequence, QKeySequence.SequenceFormat.PortableText)
    if keys.count() != 1:
        raise HotkeyUnavailable(f"{sequence!r} is not one key chord")
    combination: QKeyCombination = keys[0]  # type: ignore[index]  # the stubs lack operator[]
    modifiers = combination.keyboardModifiers()
    chord = Chord(
        ctrl=bool(modifiers & Qt.KeyboardModifier.ControlModifier),
        shift=bool(modifiers & Qt.KeyboardModifier.ShiftModifier),
        alt=bool(modifiers & Qt.KeyboardModifier.AltModifier),
        meta=bool(modifiers & Qt.KeyboardModifier.MetaModifier),
        key=combination.key(),
    )
    if (
        chord.letter_or_digit is None
        and chord.function_number is None
        and chord.key != Qt.Key.Key_Space
    ):
        raise HotkeyUnavailable(f"{sequence!r}: only letters, digits, F1–F24 and Space are grabbed")
    if not (chord.ctrl or chord.alt or chord.meta) and chord.function_number is None:
        # A bare letter grabbed system-wide would stop the user typing it anywhere else.
        raise HotkeyUnavailable(f"{sequence!r} needs Ctrl, Alt or Meta")
    return chord
