"""Browser pages of Communications Hub ordering and returns."""

app_name = "hubs"
urlpatterns: list = []
