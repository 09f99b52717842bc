"""Browser pages of WAN coverage."""

app_name = "coverage"
urlpatterns: list = []
