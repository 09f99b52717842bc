"""Models of the Central Products List app."""
