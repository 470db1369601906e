"""The optional system-wide keys for Answer, Hang up, Ready and Busy (``[hotkeys]`` in the profile).

Each chord is one :class:`~agentbar.desktop.hotkeys.global_hotkey.GlobalHotkey`, the mechanism of
the FAQ search's Ctrl+Shift+F. A key pressed in any application does what the bar's button does, and
only when the bar would let it (:func:`~agentbar.app.agent.allowed_actions.allowed_actions`): Answer
while a call rings, Hang up during a call, Ready and Busy when the state allows. The keyboard
focus stays where it is, in whatever the agent is typing in. A chord that cannot be had (another
program holds it, the platform has no system-wide keys) is said in the window's banner, with a
way to the settings; the other chords still work.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, Signal

from agentbar.app.agent.allowed_actions import allowed_actions
from agentbar.app.agent.session import AgentSession
from agentbar.config import HotkeysConfig
from agentbar.desktop.hotkeys.global_hotkey import GlobalHotkey
from agentbar.ui.asyncslot import spawn
from agentbar.ui.window.banner import Banner

log = logging.getLogger(__name__)

# The [hotkeys] keys, in the order the settings list them.
ACTIONS: tuple[str, ...] = tuple(field.name for field in fields(HotkeysConfig))


def action_name(action: str) -> str:
    """The action's name as the bar's button says it ("Hang up")."""
    names = {
        "answer": QCoreApplication.translate("SessionHotkeys", "Answer"),
        "hang_up": QCoreApplication.translate("SessionHotkeys", "Hang up"),
        "ready": QCoreApplication.translate("SessionHotkeys", "Ready"),
        "busy": QCoreApplication.translate("SessionHotkeys", "Busy"),
    }
    return names[action]


@dataclass(frozen=True, slots=True)
class HotkeyRefusal:
    """A chord that could not be registered: the [hotkeys] key, the chord and the reason."""

    action: str
    chord: str
    reason: str


def refusal_text(refusals: list[HotkeyRefusal]) -> str:
    """What the banner says about chords that do not work, one line each, and what to do."""
    lines = [
        QCoreApplication.translate(
            "SessionHotkeys", "The system-wide key {0} for {1} does not work: {2}."
        ).format(refusal.chord, action_name(refusal.action), refusal.reason)
        for refusal in refusals
    ]
    lines.append(
        QCoreApplication.translate(
            "SessionHotkeys",
            "The bar's own keys still work in its window. Choose another key in Settings.",
        )
    )
    return "\n".join(lines)


class SessionHotkeys(QObject):
    """Holds the [hotkeys] chords for ``session``; problems are shown in ``banner``.

    ``open_settings`` is the banner's action. The keys are given back by :meth:`unregister`, or
    when this object is destroyed (with its parent window, for one).
    """

    # The [hotkeys] key of an action a chord started (after the guard let it through).
    triggered = Signal(str)

    def __init__(
        self,
        session: AgentSession,
        banner: Banner,
        open_settings: Callable[[], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._banner = banner
        self._open_settings = open_settings
        self._shown = ""  # the banner text this object put up, to take it down again
        self.hotkeys: dict[str, GlobalHotkey] = {}
        for action in ACTIONS:
            hotkey = GlobalHotkey(self)
            hotkey.activated.connect(partial(self.trigger, action))
            self.hotkeys[action] = hotkey

    def apply(
        self, config: HotkeysConfig, *, platform_name: str | None = None
    ) -> list[HotkeyRefusal]:
        """Register the chords of ``config`` (empty ones stay off); the refused ones, shown.

        Every key is given back first, so two actions can swap chords. ``platform_name`` is
        for tests (``GlobalHotkey.register``).
        """
        self.unregister()
        refusals: list[HotkeyRefusal] = []
        for action, hotkey in self.hotkeys.items():
            chord = getattr(config, action)
            if chord and not hotkey.register(chord, platform_name=platform_name):
                refusals.append(HotkeyRefusal(action, chord, hotkey.reason))
        if refusals:
            self._shown = refusal_text(refusals)
            self._banner.show_message(
                "warning",
                self._shown,
                QCoreApplication.translate("SessionHotkeys", "Settings…"),
                self._open_settings,
            )
        elif self._shown:
            # The problem this object reported is gone; a later message of others stays.
            if self._banner.isVisible() and self._banner.text == self._shown:
                self._banner.dismiss()
            self._shown = ""
        return refusals

    def trigger(self, action: str) -> bool:
        """Do ``action`` if the bar would let it now; False (and nothing sent) if not."""
        session = self._session
        allowed = allowed_actions(session.snapshot, session.connection, session.call)
        if not getattr(allowed, action):
            log.info("system-wide key for %s ignored: not possible now", action)
            return False
        commands = {
            "answer": session.answer,
            "hang_up": session.hang_up,
            "ready": session.say_ready,
            "busy": session.say_busy,
        }
        spawn(commands[action]())
        self.triggered.emit(action)
        return True

    def unregister(self) -> None:
        """Give every key back (on quit, and before new chords are registered)."""
        for hotkey in self.hotkeys.values():
            hotkey.unregister()
