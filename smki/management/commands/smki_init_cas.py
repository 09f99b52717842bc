"""Key generation ceremony: create the SMKI Root CA and the Organisation and Device issuing CAs."""

from django.core.management.base import BaseCommand

from smki.services import authority_hierarchy_bootstrap


class Command(BaseCommand):
    help = (
        "Create the SMKI CA hierarchy (Root CA, Issuing OCA, Issuing DCA) if none exists. Idempotent. "
        "Later CA operations (create, renew, disable) need two RA officers in the portal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--prefix", default="SMKI", help="Name prefix of the CAs (default: SMKI).")

    def handle(self, *args, **options):
        for authority in authority_hierarchy_bootstrap(prefix=options["prefix"]):
            self.stdout.write(f"{authority.get_kind_display():45} {authority.name:24} serial {authority.serial}")
