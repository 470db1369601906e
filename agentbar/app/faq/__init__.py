"""The FAQ service and its on-disk cache."""
