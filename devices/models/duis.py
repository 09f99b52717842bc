"""What the DUIS gateway keeps: the XML it exchanged, and the DCC's own XML signing credential."""

import zlib

from django.db import models
from django.db.models import Q

from ..choices import DuisMessageKind


class DuisMessage(models.Model):
    """One DUIS XML message about a request: as received, the synchronous answer, or pushed later.

    Kept compressed (zlib; DUIS XML shrinks to about a third) for the request's audit trail in the
    SSI. An asynchronous one records the outbox message it was rendered for, so a retried push
    sends the same signed bytes again.
    """

    service_request = models.ForeignKey(
        "devices.ServiceRequest", null=True, blank=True, on_delete=models.CASCADE, related_name="duis_messages"
    )
    outbox_message_id = models.BigIntegerField(null=True, blank=True, unique=True)
    kind = models.CharField(max_length=10, choices=DuisMessageKind.choices)
    code = models.CharField(max_length=10, blank=True)
    compressed = models.BinaryField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["service_request", "created_at"],
                name="duis_message_request_idx",
                condition=Q(service_request__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.code}"

    @staticmethod
    def pack(xml: bytes) -> bytes:
        return zlib.compress(xml, 6)

    @property
    def xml(self) -> bytes:
        return zlib.decompress(bytes(self.compressed))


class DspSigningCredential(models.Model):
    """The DCC's DspXmlSign (0x89) certificate and the handle of its private key.

    Issued through our SMKI at first use (``devices.services.duis_credentials``); the key lives in
    the SMKI key backend and is reached only through ``key_handle``.
    """

    certificate = models.OneToOneField("smki.Certificate", on_delete=models.PROTECT, related_name="+")
    key_backend = models.CharField(max_length=20)
    key_handle = models.TextField(editable=False)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["is_current"], condition=Q(is_current=True), name="one_current_dsp_key")
        ]

    def __str__(self) -> str:
        return f"DspXmlSign {self.certificate_id}"
