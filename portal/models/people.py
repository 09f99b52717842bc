from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from .parties import Party


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_queryset(self):
        # Nearly every use of a person needs their Party (scopes, two-factor policy, headers).
        return super().get_queryset().select_related("party")

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A person needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        """Superusers belong to the DCC Party (created on first use)."""
        if "party" not in extra and "party_id" not in extra:
            extra["party"], _ = Party.objects.get_or_create(
                is_dcc=True, defaults={"name": "DCC", "code": "dcc", "require_two_factor": True}
            )
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to the portal. Every person belongs to exactly one Party."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="people")
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May open the Django admin (after two-factor).")
    date_joined = models.DateTimeField(default=timezone.now)
    invited_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        permissions = [("manage_people", "Manage people of their Party"), ("manage_parties", "Manage Parties")]

    def __str__(self) -> str:
        return f"{self.full_name} <{self.email}>"

    @property
    def is_dcc_staff(self) -> bool:
        return self.party.is_dcc

    def portal_roles(self) -> set[str]:
        """Names of the person's portal roles (cached on this instance, like Django's permissions)."""
        if not hasattr(self, "_portal_roles_cache"):
            self._portal_roles_cache = {g.name for g in self.groups.all()}
        return self._portal_roles_cache


class SignedInSession(models.Model):
    """A live signed-in session, kept so a Party's cap on concurrent sessions can be enforced."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["party", "last_seen_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} since {self.started_at:%Y-%m-%d %H:%M}"
