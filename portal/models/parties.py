from django.db import models
from django.db.models import Q

from ..choices import UserRole
from ..identifiers import EUI64Field
from .base import TimeStampedModel


class PartyQuerySet(models.QuerySet):
    def users(self):
        """Parties that hold at least one User Role (SEC 'DCC Service Users')."""
        return self.filter(user_roles__isnull=False).distinct()


class Party(TimeStampedModel):
    """A SEC Party: an organisation bound by the Smart Energy Code. The DCC is one too.

    A Party becomes a *User* by completing User Entry in one or more User Roles
    (``PartyUserRole``); a Party without roles may only raise general queries (¶240, ¶254).
    """

    name = models.CharField(max_length=200, unique=True)
    code = models.SlugField(max_length=40, unique=True, help_text="Short stable identifier used in URLs and exports.")
    is_dcc = models.BooleanField(default=False, help_text="This Party is the DCC itself.")
    require_two_factor = models.BooleanField(
        default=False, help_text="Everyone at this Party signs in with a second factor, not only the roles that must."
    )
    max_concurrent_sessions = models.PositiveIntegerField(
        null=True, blank=True, help_text="Cap on people signed in at once; empty uses the portal default."
    )
    contact_email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        constraints = [models.UniqueConstraint(fields=["is_dcc"], condition=Q(is_dcc=True), name="one_dcc_party")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_user(self) -> bool:
        return self.user_roles.exists()


class PartyUserRole(TimeStampedModel):
    """A User Role a Party operates in, with its EUI-64 User ID (ID-01, ¶110, ¶116-117).

    A User ID belongs to one Party; that Party may use it in several of its User Roles, as a
    dual-fuel Supplier does in DCC's reference test data (one ID for Import and Gas Supplier,
    D-DUIS-06). ``clean`` refuses a User ID another Party holds.
    """

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="user_roles")
    role = models.CharField(max_length=4, choices=UserRole.choices)
    user_id = EUI64Field(verbose_name="User ID")

    class Meta:
        ordering = ["party__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["party", "role"], name="one_user_id_per_party_role"),
            models.UniqueConstraint(fields=["user_id", "role"], name="one_role_row_per_user_id"),
        ]

    def __str__(self) -> str:
        return f"{self.party.name} {self.role} {self.user_id}"

    def clean(self):
        super().clean()
        if self.user_id and (
            PartyUserRole.objects.filter(user_id=self.user_id).exclude(party_id=self.party_id).exists()
        ):
            from django.core.exceptions import ValidationError

            raise ValidationError({"user_id": "That User ID belongs to another Party."})
