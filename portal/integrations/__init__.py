"""Adapters to systems outside the portal, each with a real and a fake implementation."""
