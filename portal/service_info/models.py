"""Models of SSI service information."""
