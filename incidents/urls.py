"""Browser pages of the Incidents and Service Desk app."""

app_name = "incidents"
urlpatterns: list = []
