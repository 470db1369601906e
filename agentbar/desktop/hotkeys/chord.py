"""A system-wide hotkey's key chord ("Ctrl+Shift+F"), read from text without Qt.

The profile checks the chords it is given (``[hotkeys]`` in :mod:`agentbar.config`, which knows no
Qt) and the X11 and Windows backends of :mod:`agentbar.desktop.hotkeys.global_hotkey` grab
them: both read the text here. It is the portable text of Qt's ``QKeySequence`` (what a
``QKeySequenceEdit`` gives), limited to what both platforms can grab the same way: Ctrl, Shift, Alt
and Meta with one letter, digit, F-key or Space.
"""

from __future__ import annotations

from dataclasses import dataclass


class HotkeyUnavailable(Exception):
    """The hotkey cannot be had here; the message says why, for the log."""


# Qt's portable names, and the order QKeySequence writes them in.
_MODIFIERS = ("Meta", "Ctrl", "Alt", "Shift")
_FUNCTION_KEYS = 24


@dataclass(frozen=True)
class Chord:
    """Modifiers held and the one key pressed: "A"–"Z", "0"–"9", "F1"–"F24" or "Space"."""

    ctrl: bool
    shift: bool
    alt: bool
    meta: bool
    key: str

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
        """The key's character ("F", "7"); None for other keys."""
        return self.key if len(self.key) == 1 else None

    @property
    def function_number(self) -> int | None:
        """The F-key's number (12 for "F12"); None for other keys."""
        if len(self.key) > 1 and self.key[0] == "F" and self.key[1:].isdigit():
            return int(self.key[1:])
        return None

    @property
    def text(self) -> str:
        """The chord as QKeySequence writes it ("Ctrl+Shift+F"): one spelling per chord."""
        held = {"Meta": self.meta, "Ctrl": self.ctrl, "Alt": self.alt, "Shift": self.shift}
        return "+".join([*(name for name in _MODIFIERS if held[name]), self.key])


def _key(name: str) -> str | None:
    """The key ``name`` spells ("f" → "F", "f12" → "F12", "space" → "Space"); None if unusable."""
    upper = name.upper()
    if len(upper) == 1 and ("A" <= upper <= "Z" or "0" <= upper <= "9"):
        return upper
    if upper[:1] == "F" and upper[1:].isdigit() and 1 <= int(upper[1:]) <= _FUNCTION_KEYS:
        return f"F{int(upper[1:])}"
    if upper == "SPACE":
        return "Space"
    return None


def parse_chord(sequence: str) -> Chord:
    """The chord of ``sequence`` ("Ctrl+Shift+F", any case); HotkeyUnavailable if unusable."""
    # A comma separates the chords of a multi-key sequence ("Ctrl+K, Ctrl+C"): one is grabbed.
    if not sequence.strip() or "," in sequence:
        raise HotkeyUnavailable(f"{sequence!r} is not one key chord")
    *modifier_names, key_name = (part.strip() for part in sequence.split("+"))
    held: set[str] = set()
    for name in modifier_names:
        modifier = next((known for known in _MODIFIERS if known.lower() == name.lower()), None)
        if modifier is None:
            raise HotkeyUnavailable(f"{sequence!r}: {name!r} is not Ctrl, Shift, Alt or Meta")
        held.add(modifier)
    key = _key(key_name)
    if key is None:
        raise HotkeyUnavailable(f"{sequence!r}: only letters, digits, F1–F24 and Space are grabbed")
    chord = Chord(
        ctrl="Ctrl" in held, shift="Shift" in held, alt="Alt" in held, meta="Meta" in held, key=key
    )
    if not (chord.ctrl or chord.alt or chord.meta) and chord.function_number is None:
        # A bare letter grabbed system-wide would stop the user typing it anywhere else.
        raise HotkeyUnavailable(f"{sequence!r} needs Ctrl, Alt or Meta")
    return chord
