"""Browser pages of the Service Requests and devices app."""

app_name = "devices"
urlpatterns: list = []
