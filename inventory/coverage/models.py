"""Models of WAN coverage."""
