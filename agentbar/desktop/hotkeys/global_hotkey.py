"""A system-wide hotkey: a key chord that reaches agentbar while another application has focus.

Windows (``RegisterHotKey``) and Linux on X11 (a root-window key grab) have one; Wayland, macOS
(Carbon ``RegisterEventHotKey``, not carried here) and Qt's offscreen platform do not, and
:meth:`GlobalHotkey.register` says so with False and a :attr:`~GlobalHotkey.reason`, so the caller
keeps its application-wide shortcut. Nothing here raises: a missing library or a refusing server
is a reason, logged at info.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from agentbar.desktop.hotkeys.chord import HotkeyUnavailable, parse_chord

log = logging.getLogger(__name__)


class HotkeyBackend(Protocol):
    """One platform's way of holding the key: ``grab`` raises HotkeyUnavailable when it cannot."""

    def grab(self) -> None: ...
    def release(self) -> None: ...


def backend_for(
    sequence: str,
    on_activated: Callable[[], None],
    platform_name: str,
    os_name: str = sys.platform,
) -> HotkeyBackend:
    """The backend for Qt platform ``platform_name`` on ``os_name``; HotkeyUnavailable if none."""
    chord = parse_chord(sequence)
    if platform_name == "windows" and os_name == "win32":
        from agentbar.desktop.hotkeys.win32 import Win32HotkeyRegistration

        return Win32HotkeyRegistration(chord, on_activated)
    if platform_name == "xcb":
        from agentbar.desktop.hotkeys.x11 import X11HotkeyGrab

        return X11HotkeyGrab(chord, on_activated)
    if platform_name.startswith("wayland"):
        raise HotkeyUnavailable(
            "Wayland lets no application grab a key for the whole desktop "
            "(bind the key to 'agentbar' in the desktop's own shortcut settings)"
        )
    if os_name == "darwin":
        raise HotkeyUnavailable(
            "system-wide hotkeys are not implemented on macOS (Carbon RegisterEventHotKey)"
        )
    raise HotkeyUnavailable(f"the Qt platform {platform_name!r} has no system-wide hotkeys")


class _Holder:
    """The current backend, reachable from the ``destroyed`` handler after the QObject is gone."""

    def __init__(self) -> None:
        self.backend: HotkeyBackend | None = None

    def release(self) -> None:
        backend, self.backend = self.backend, None
        if backend is not None:
            backend.release()


class GlobalHotkey(QObject):
    """Emits :attr:`activated` when the registered chord is pressed, in any application.

    The key is given back by :meth:`unregister`, or when this object is destroyed (with its
    parent window, for one).
    """

    activated = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._holder = _Holder()
        self._reason = ""
        holder = self._holder
        # A closure over the holder alone: PySide keeps it alive, and it runs after this
        # object's Python wrapper may be gone (a bound method would be held weakly and dropped).
        self.destroyed.connect(lambda *_: holder.release())

    @property
    def reason(self) -> str:
        """Why the last :meth:`register` returned False ("" after a success)."""
        return self._reason

    @property
    def registered(self) -> bool:
        return self._holder.backend is not None

    def register(self, sequence: str, *, platform_name: str | None = None) -> bool:
        """Take ``sequence`` ("Ctrl+Shift+F") system-wide; False, with :attr:`reason`, if not.

        ``platform_name`` defaults to ``QGuiApplication.platformName()``.
        """
        self.unregister()
        if platform_name is None:
            platform_name = QGuiApplication.platformName()
        try:
            backend = backend_for(sequence, self.activated.emit, platform_name)
            backend.grab()
        except HotkeyUnavailable as error:
            self._reason = str(error)
        except (OSError, AttributeError, ValueError, TypeError, ctypes.ArgumentError) as error:
            # A library that is not the one the signatures were written for.
            self._reason = f"{type(error).__name__}: {error}"
        else:
            self._holder.backend = backend
            self._reason = ""
            log.info("system-wide hotkey %s registered", sequence)
            return True
        log.info("no system-wide hotkey %s: %s", sequence, self._reason)
        return False

    def unregister(self) -> None:
        """Give the key back (nothing happens when none is held)."""
        self._holder.release()
