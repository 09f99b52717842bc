"""Browser pages of SSI service information."""

app_name = "service_info"
urlpatterns: list = []
