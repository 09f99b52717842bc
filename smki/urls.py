"""Browser pages of the SMKI app."""

app_name = "smki"
urlpatterns: list = []
