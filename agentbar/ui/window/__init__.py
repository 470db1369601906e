"""The agent window: the bar, its panels, banner, tray, tabs, placement and window-wide keys."""
