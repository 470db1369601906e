"""The FAQ tab: search, answers and the search shortcut."""
