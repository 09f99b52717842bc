"""SMKI."""
