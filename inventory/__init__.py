"""Smart Metering Inventory."""
