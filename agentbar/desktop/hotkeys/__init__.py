"""System-wide hotkeys: the chord syntax, the Qt-facing hotkey and its X11 and Win32 backends."""
