"""The Settings dialog, its hotkey and sign-in groups, and the shift-start check's dialog."""
