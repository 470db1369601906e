"""The operating system: autostart, logs, crash handling, fonts, single instance, hotkeys."""
