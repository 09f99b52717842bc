"""Print the current two-factor codes of the demo people (their keys are public demo data)."""

from django.core.management.base import BaseCommand
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Show the current TOTP code of each demo account (only devices named 'demo')."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", help="Only this person.")

    def handle(self, *args, email=None, **options):
        devices = TOTPDevice.objects.filter(name="demo", confirmed=True).select_related("user").order_by("user__email")
        if email:
            devices = devices.filter(user__email=email.lower())
        for device in devices:
            code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
            self.stdout.write(f"{device.user.email:28} {code:0{device.digits}d}")
        if not devices:
            self.stdout.write("No demo two-factor devices. Run manage.py seed_demo first.")
