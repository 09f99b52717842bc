"""Adapters at the SMKI app's system boundary (STYLE rule 16)."""
