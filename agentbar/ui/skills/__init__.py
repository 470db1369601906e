"""The Skills tab."""
