"""The Work order tab: the case form, the case type picker and the outbox view."""
