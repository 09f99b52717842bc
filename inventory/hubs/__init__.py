"""Communications Hub ordering and returns."""
