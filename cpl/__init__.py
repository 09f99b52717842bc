"""Central Products List."""
