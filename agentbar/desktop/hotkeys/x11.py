"""The X11 backend of the global hotkey: a passive key grab on the root window, over libxcb.

The grab is made on a connection of our own, watched with a QSocketNotifier, not on Qt's: Qt's
connection would hand us every X event of the application through a Python native-event filter
(a Python call per mouse move), and its pointer and threading are Qt internals. The X server
sends the grabbed key to whichever client grabbed it, so a second connection is all it takes.
"""

from __future__ import annotations

import ctypes
import logging
import os
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QSocketNotifier

from agentbar.desktop.hotkeys.chord import Chord, HotkeyUnavailable

log = logging.getLogger(__name__)

# Modifier masks (X.h).
SHIFT_MASK = 1 << 0
LOCK_MASK = 1 << 1
CONTROL_MASK = 1 << 2
MOD1_MASK = 1 << 3  # Alt
MOD2_MASK = 1 << 4  # Num Lock on every common keymap (xmodmap -pm)
MOD4_MASK = 1 << 6  # Super, which Qt calls Meta
# A grab matches its modifiers exactly: grab again with Caps Lock and Num Lock on, or the hotkey
# dies whenever one of them is lit.
LOCK_VARIANTS = (0, LOCK_MASK, MOD2_MASK, LOCK_MASK | MOD2_MASK)
_CHORD_MASKS = SHIFT_MASK | CONTROL_MASK | MOD1_MASK | MOD4_MASK

XK_SPACE = 0x0020
XK_F1 = 0xFFBE

_KEY_PRESS = 2
_BAD_ACCESS = 10
_GRAB_MODE_ASYNC = 1


def x11_modifiers(chord: Chord) -> int:
    """The X modifier mask of ``chord`` (without the lock variants)."""
    return chord.modifier_mask(ctrl=CONTROL_MASK, shift=SHIFT_MASK, alt=MOD1_MASK, meta=MOD4_MASK)


def x11_keysym(chord: Chord) -> int:
    """The keysym of ``chord``'s key (the unshifted one: "f", not "F")."""
    character = chord.letter_or_digit
    if character is not None:
        return ord(character.lower())
    number = chord.function_number
    if number is not None:
        return XK_F1 + number - 1
    return XK_SPACE


def _function(library: ctypes.CDLL, name: str, argtypes: list[Any], restype: Any) -> Any:
    """``library.name`` with its C signature set (ctypes would otherwise guess int for all)."""
    function = getattr(library, name)
    function.argtypes = argtypes
    function.restype = restype
    return function


class _VoidCookie(ctypes.Structure):
    _fields_ = [("sequence", ctypes.c_uint)]


class _ScreenIterator(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("rem", ctypes.c_int), ("index", ctypes.c_int)]


class _KeyPressEvent(ctypes.Structure):
    # xcb_key_press_event_t; every xcb event is at least 32 bytes, so reading one is safe.
    _fields_ = [
        ("response_type", ctypes.c_uint8),
        ("detail", ctypes.c_uint8),
        ("sequence", ctypes.c_uint16),
        ("time", ctypes.c_uint32),
        ("root", ctypes.c_uint32),
        ("event", ctypes.c_uint32),
        ("child", ctypes.c_uint32),
        ("root_x", ctypes.c_int16),
        ("root_y", ctypes.c_int16),
        ("event_x", ctypes.c_int16),
        ("event_y", ctypes.c_int16),
        ("state", ctypes.c_uint16),
        ("same_screen", ctypes.c_uint8),
        ("pad0", ctypes.c_uint8),
    ]


class _GenericError(ctypes.Structure):
    _fields_ = [("response_type", ctypes.c_uint8), ("error_code", ctypes.c_uint8)]


def _load(soname: str, package: str) -> ctypes.CDLL:
    try:
        return ctypes.CDLL(soname)
    except OSError as error:
        raise HotkeyUnavailable(f"{soname} is missing (apt package {package}): {error}") from error


class Xcb:
    """The few libxcb and libxcb-keysyms calls the grab needs, with their C signatures."""

    def __init__(self) -> None:
        xcb = _load("libxcb.so.1", "libxcb1")
        keysyms = _load("libxcb-keysyms.so.1", "libxcb-keysyms1")
        libc = ctypes.CDLL(None)
        c = ctypes
        self._connect = _function(xcb, "xcb_connect", [c.c_char_p, c.POINTER(c.c_int)], c.c_void_p)
        self._has_error = _function(xcb, "xcb_connection_has_error", [c.c_void_p], c.c_int)
        self._disconnect = _function(xcb, "xcb_disconnect", [c.c_void_p], None)
        self._get_setup = _function(xcb, "xcb_get_setup", [c.c_void_p], c.c_void_p)
        self._roots_iterator = _function(
            xcb, "xcb_setup_roots_iterator", [c.c_void_p], _ScreenIterator
        )
        self._screen_next = _function(xcb, "xcb_screen_next", [c.POINTER(_ScreenIterator)], None)
        self._grab_key = _function(
            xcb,
            "xcb_grab_key_checked",
            [
                c.c_void_p,  # connection
                c.c_uint8,  # owner_events
                c.c_uint32,  # grab_window
                c.c_uint16,  # modifiers
                c.c_uint8,  # key
                c.c_uint8,  # pointer_mode
                c.c_uint8,  # keyboard_mode
            ],
            _VoidCookie,
        )
        self._ungrab_key = _function(
            xcb, "xcb_ungrab_key", [c.c_void_p, c.c_uint8, c.c_uint32, c.c_uint16], _VoidCookie
        )
        self._request_check = _function(
            xcb, "xcb_request_check", [c.c_void_p, _VoidCookie], c.c_void_p
        )
        self._flush = _function(xcb, "xcb_flush", [c.c_void_p], c.c_int)
        self._file_descriptor = _function(xcb, "xcb_get_file_descriptor", [c.c_void_p], c.c_int)
        self._poll_for_event = _function(xcb, "xcb_poll_for_event", [c.c_void_p], c.c_void_p)
        self._symbols_alloc = _function(keysyms, "xcb_key_symbols_alloc", [c.c_void_p], c.c_void_p)
        self._symbols_free = _function(keysyms, "xcb_key_symbols_free", [c.c_void_p], None)
        self._get_keycode = _function(
            keysyms, "xcb_key_symbols_get_keycode", [c.c_void_p, c.c_uint32], c.c_void_p
        )
        self._free = _function(libc, "free", [c.c_void_p], None)

    def connect(self, display: str | None) -> tuple[int, int]:
        """(connection, screen number); the connection may be in error (see has_error)."""
        screen = ctypes.c_int(0)
        name = display.encode() if display else None
        connection = self._connect(name, ctypes.byref(screen))
        return int(connection or 0), screen.value

    def has_error(self, connection: int) -> bool:
        return not connection or bool(self._has_error(connection))

    def disconnect(self, connection: int) -> None:
        if connection:
            self._disconnect(connection)

    def root_window(self, connection: int, screen: int) -> int:
        iterator = self._roots_iterator(self._get_setup(connection))
        for _ in range(screen):
            self._screen_next(ctypes.byref(iterator))
        if not iterator.data:
            raise HotkeyUnavailable(f"the X server has no screen {screen}")
        # xcb_screen_t starts with its root window.
        return int(ctypes.c_uint32.from_address(iterator.data).value)

    def keycodes(self, connection: int, keysym: int) -> list[int]:
        """Every keycode that types ``keysym`` on the current keymap."""
        symbols = self._symbols_alloc(connection)
        if not symbols:
            return []
        try:
            array = self._get_keycode(symbols, keysym)
            if not array:
                return []
            try:
                codes: list[int] = []
                while code := ctypes.c_uint8.from_address(array + len(codes)).value:
                    codes.append(code)
                return codes
            finally:
                self._free(array)
        finally:
            self._symbols_free(symbols)

    def grab_key(self, connection: int, window: int, modifiers: int, keycode: int) -> int:
        """0 when the grab took, else the X error code (10, BadAccess: someone else has it)."""
        cookie = self._grab_key(
            connection, 0, window, modifiers, keycode, _GRAB_MODE_ASYNC, _GRAB_MODE_ASYNC
        )
        error = self._request_check(connection, cookie)
        if not error:
            return 0
        try:
            return int(_GenericError.from_address(error).error_code)
        finally:
            self._free(error)

    def ungrab_key(self, connection: int, window: int, modifiers: int, keycode: int) -> None:
        self._ungrab_key(connection, keycode, window, modifiers)

    def flush(self, connection: int) -> None:
        self._flush(connection)

    def file_descriptor(self, connection: int) -> int:
        return int(self._file_descriptor(connection))

    def next_event(self, connection: int) -> tuple[int, int, int] | None:
        """(event type, detail, state) of the next queued event (key press: keycode and
        modifiers); None when the queue is empty."""
        event = self._poll_for_event(connection)
        if not event:
            return None
        try:
            press = _KeyPressEvent.from_address(event)
            return press.response_type & 0x7F, int(press.detail), int(press.state)
        finally:
            self._free(event)


class X11HotkeyGrab:
    """Grabs ``chord`` on the root window of ``display`` (default $DISPLAY, as Qt does)."""

    def __init__(
        self, chord: Chord, on_activated: Callable[[], None], display: str | None = None
    ) -> None:
        self._modifiers = x11_modifiers(chord)
        self._keysym = x11_keysym(chord)
        self._on_activated = on_activated
        self._display = display
        self._xcb: Xcb | None = None
        self._connection = 0
        self._root = 0
        self._keycodes: list[int] = []
        self._notifier: QSocketNotifier | None = None

    def grab(self) -> None:
        """Take the key on the X server; HotkeyUnavailable (grab undone) when that fails."""
        xcb = Xcb()
        connection, screen = xcb.connect(self._display)
        if xcb.has_error(connection):
            xcb.disconnect(connection)
            name = self._display or os.environ.get("DISPLAY", "")
            raise HotkeyUnavailable(f"cannot connect to the X display {name!r}")
        self._xcb, self._connection = xcb, connection
        try:
            self._root = xcb.root_window(connection, screen)
            keycodes = xcb.keycodes(connection, self._keysym)
            if not keycodes:
                raise HotkeyUnavailable(f"no key of this keymap types keysym {self._keysym:#x}")
            for keycode in keycodes:
                self._keycodes.append(keycode)
                for variant in LOCK_VARIANTS:
                    error = xcb.grab_key(connection, self._root, self._modifiers | variant, keycode)
                    if error == _BAD_ACCESS:
                        raise HotkeyUnavailable("the key is taken: another program grabbed it")
                    if error:
                        raise HotkeyUnavailable(f"the X server refused the grab (error {error})")
        except BaseException:
            self.release()
            raise
        self._notifier = QSocketNotifier(xcb.file_descriptor(connection), QSocketNotifier.Type.Read)
        self._notifier.activated.connect(self._read_events)
        # Waiting for the grab replies may have queued events the notifier will not announce.
        self._read_events()

    def release(self) -> None:
        """Give the key back and close the connection (idempotent)."""
        xcb, connection = self._xcb, self._connection
        self._xcb, self._connection = None, 0
        notifier, self._notifier = self._notifier, None
        # At exit Qt may have deleted the notifier before the owner's destroyed handler runs.
        if notifier is not None and shiboken6.isValid(notifier):
            notifier.setEnabled(False)
            notifier.deleteLater()
        if xcb is None:
            return
        if not xcb.has_error(connection):
            for keycode in self._keycodes:
                for variant in LOCK_VARIANTS:
                    xcb.ungrab_key(connection, self._root, self._modifiers | variant, keycode)
            xcb.flush(connection)
        self._keycodes = []
        # Closing the connection would release the grabs anyway; the ungrab says so explicitly.
        xcb.disconnect(connection)

    def _read_events(self) -> None:
        pressed = False
        while self._xcb is not None:
            event = self._xcb.next_event(self._connection)
            if event is None:
                break
            kind, keycode, state = event
            if (
                kind == _KEY_PRESS
                and keycode in self._keycodes
                and state & _CHORD_MASKS == self._modifiers
            ):
                pressed = True
        if self._xcb is not None and self._xcb.has_error(self._connection):
            log.info("the X connection of the global hotkey broke; the hotkey is gone")
            if self._notifier is not None:
                self._notifier.setEnabled(False)
        if pressed:
            self._on_activated()
