"""Everything between process start and a shown window, one module per step."""
