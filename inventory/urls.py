"""Browser pages of the Smart Metering Inventory app."""

app_name = "inventory"
urlpatterns: list = []
