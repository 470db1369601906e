"""The Events tab and its table model."""
