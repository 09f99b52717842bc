"""Models of the SMKI app."""
