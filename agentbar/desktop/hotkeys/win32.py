"""The Windows backend of the global hotkey: user32 ``RegisterHotKey`` and the WM_HOTKEY message.

The hotkey is registered for the GUI thread (no window handle), so Windows posts WM_HOTKEY to that
thread's queue; Qt's event dispatcher shows every message to native event filters before
dispatching it, which is where :class:`HotkeyMessageFilter` picks it up.
"""

from __future__ import annotations

import ctypes
import itertools
import sys
from collections.abc import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QByteArray, QCoreApplication

from agentbar.desktop.hotkeys.chord import Chord, HotkeyUnavailable

MOD_ALT = 0x0001
MOD_CONTROL = 0x0002
MOD_SHIFT = 0x0004
MOD_WIN = 0x0008
MOD_NOREPEAT = 0x4000
VK_SPACE = 0x20
VK_F1 = 0x70
WM_HOTKEY = 0x0312
ERROR_HOTKEY_ALREADY_REGISTERED = 1409

# The message types under which Qt hands MSG structures to native event filters; which one carries
# a thread message has varied between Qt versions.
_MSG_EVENT_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")

# Hotkey ids are per thread; applications use 0x0000–0xBFFF.
_hotkey_ids = itertools.count(1)


def win32_modifiers(chord: Chord) -> int:
    """The MOD_* flags of ``chord`` (MOD_NOREPEAT is added when registering)."""
    return chord.modifier_mask(ctrl=MOD_CONTROL, shift=MOD_SHIFT, alt=MOD_ALT, meta=MOD_WIN)


def win32_virtual_key(chord: Chord) -> int:
    """The virtual-key code of ``chord``'s key (VK_A–VK_Z and VK_0–VK_9 are their ASCII codes)."""
    character = chord.letter_or_digit
    if character is not None:
        return ord(character)
    number = chord.function_number
    if number is not None:
        return VK_F1 + number - 1
    if chord.key == "Space":
        return VK_SPACE
    raise HotkeyUnavailable(f"no virtual-key code for {chord.key!r}")


class Msg(ctypes.Structure):
    """winuser.h MSG (the fields up to the ones read here, laid out as on Windows)."""

    _fields_ = [
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint),
        ("wParam", ctypes.c_size_t),
        ("lParam", ctypes.c_ssize_t),
        ("time", ctypes.c_uint32),
    ]


class HotkeyMessageFilter(QAbstractNativeEventFilter):
    """Calls ``on_activated`` on the WM_HOTKEY of ``hotkey_id`` and swallows that message."""

    def __init__(self, hotkey_id: int, on_activated: Callable[[], None]) -> None:
        super().__init__()
        self.hotkey_id = hotkey_id
        self._on_activated = on_activated

    def nativeEventFilter(
        self, eventType: QByteArray | bytes | bytearray | memoryview, message: int
    ) -> object:
        kind = eventType.data() if isinstance(eventType, QByteArray) else bytes(eventType)
        # PySide hands the pointer over as an int or a shiboken VoidPtr (whose truth value
        # raises), depending on the version: int() takes both.
        address = int(message)
        if kind not in _MSG_EVENT_TYPES or not address:
            return False, 0
        msg = Msg.from_address(address)
        if msg.message != WM_HOTKEY or msg.wParam != self.hotkey_id:
            return False, 0
        self._on_activated()
        return True, 0


class Win32HotkeyRegistration:
    """``RegisterHotKey`` for ``chord`` on the GUI thread, with its message filter."""

    def __init__(self, chord: Chord, on_activated: Callable[[], None]) -> None:
        self._modifiers = win32_modifiers(chord)
        self._virtual_key = win32_virtual_key(chord)
        self._filter = HotkeyMessageFilter(next(_hotkey_ids), on_activated)
        self._registered = False

    def grab(self) -> None:
        """Register the hotkey; HotkeyUnavailable when Windows refuses it."""
        if sys.platform != "win32":
            raise HotkeyUnavailable("RegisterHotKey exists only on Windows")
        user32 = ctypes.WinDLL("user32", use_last_error=True)
        register = user32.RegisterHotKey
        register.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.c_uint]
        register.restype = ctypes.c_int
        application = QCoreApplication.instance()
        if application is None:
            raise HotkeyUnavailable("no Qt application to receive WM_HOTKEY")
        # Installed first: the message may be posted as soon as the key is registered.
        application.installNativeEventFilter(self._filter)
        # MOD_NOREPEAT: holding the chord down brings the window forward once, not per repeat.
        flags = self._modifiers | MOD_NOREPEAT
        if not register(None, self._filter.hotkey_id, flags, self._virtual_key):
            application.removeNativeEventFilter(self._filter)
            code = ctypes.get_last_error()
            if code == ERROR_HOTKEY_ALREADY_REGISTERED:
                raise HotkeyUnavailable("the key is taken: another program registered it")
            raise HotkeyUnavailable(f"RegisterHotKey failed (Windows error {code})")
        self._registered = True

    def release(self) -> None:
        """Unregister the hotkey and remove the filter (idempotent)."""
        if not self._registered:
            return
        self._registered = False
        application = QCoreApplication.instance()
        if application is not None:
            application.removeNativeEventFilter(self._filter)
        if sys.platform == "win32":
            unregister = ctypes.WinDLL("user32", use_last_error=True).UnregisterHotKey
            unregister.argtypes = [ctypes.c_void_p, ctypes.c_int]
            unregister.restype = ctypes.c_int
            unregister(None, self._filter.hotkey_id)
