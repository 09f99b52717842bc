"""SSI service information."""
