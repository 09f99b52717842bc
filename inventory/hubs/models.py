"""Models of Communications Hub ordering and returns."""
