"""Template context for the portal shell: navigation from the app registry."""

from django.urls import NoReverseMatch, reverse

from . import registry


def portal(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for item in registry.nav_items:
            if item.visible is not None and not item.visible(user):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue  # the app that owns it has no page yet
            items.append({"label": item.label, "url": url, "active": request.path.startswith(url)})
    unread = (
        user.notifications.filter(read_at__isnull=True).count() if user is not None and user.is_authenticated else 0
    )
    return {"nav_items": items, "unread_notifications": unread}
