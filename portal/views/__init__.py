"""Platform pages."""
