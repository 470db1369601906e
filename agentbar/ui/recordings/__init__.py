"""The Recordings tab and the call transcript view."""
