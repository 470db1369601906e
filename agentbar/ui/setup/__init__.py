"""The first-run dialog and the password dialog."""
