"""Browser pages of the Central Products List app."""

app_name = "cpl"
urlpatterns: list = []
