"""Portal roles as Django groups, and the registry through which apps grant them permissions.

Each app, in its ``AppConfig.ready``, calls ``grant(PortalRole.X, ["app_label.codename", ...])``.
``roles_sync`` (run after every migrate) creates one group per role and sets exactly the
registered permissions, so a role's rights are defined in code next to the app that owns them.
"""

from collections import defaultdict

from .choices import PortalRole

_grants: dict[str, set[str]] = defaultdict(set)


def grant(role: PortalRole, permissions: list[str]) -> None:
    """Register that ``role`` holds ``permissions`` (``"app_label.codename"``)."""
    _grants[role].update(permissions)


def granted(role: PortalRole) -> frozenset[str]:
    return frozenset(_grants[role])


def roles_sync(**kwargs) -> None:
    """Create a group per portal role and give it exactly its registered permissions."""
    from django.contrib.auth.models import Group, Permission

    for role in PortalRole:
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = _grants[role]
        perms = []
        for dotted in sorted(wanted):
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                perms.append(perm)
        group.permissions.set(perms)
