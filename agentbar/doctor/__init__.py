"""The shift-start check: its rows, the checks, the report and the diagnostics bundle."""
