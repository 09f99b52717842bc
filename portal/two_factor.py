"""Who must sign in with a second factor, and the TOTP/backup-code devices they use."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .choices import TWO_FACTOR_ROLES


def needs_two_factor(user) -> bool:
    """DCC staff, SMKI officers and SSI administrators always; others when their Party says so."""
    if user.party.is_dcc or user.party.require_two_factor or user.is_staff:
        return True
    return bool(user.portal_roles() & set(TWO_FACTOR_ROLES))


def totp_pending_device(user) -> TOTPDevice:
    """The unconfirmed TOTP device being enrolled (created on first visit, reused after)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URI as an inline SVG QR code, rendered here (no network, no PIL)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


def backup_codes_issue(user, count: int | None = None) -> list[str]:
    """Replace the person's backup codes with fresh single-use ones and return them (shown once)."""
    count = count or settings.PORTAL_BACKUP_CODE_COUNT
    device, _ = StaticDevice.objects.get_or_create(user=user, name="Backup codes", defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(count)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes
