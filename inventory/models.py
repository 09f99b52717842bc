"""Models of the Smart Metering Inventory app."""
