"""WAN coverage."""
