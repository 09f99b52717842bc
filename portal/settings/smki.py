"""Domain settings of the ``smki`` app. Each number the SEC leaves open, with its default, is in docs/settings.md."""

import environ

env = environ.Env()

# Key backend for CA private keys: "software" (PKCS#8 encrypted with SMKI_KEY_PASSPHRASE, stored with
# the CA row). An HSM backend (PKCS#11) plugs in behind the same interface (smki.integrations).
SMKI_KEY_BACKEND = env("SMKI_KEY_BACKEND", default="software")
# Passphrase wrapping CA private keys. Empty means "derive from DJANGO_SECRET_KEY" (development only:
# the production settings refuse the development secret key, so production must set one of the two).
SMKI_KEY_PASSPHRASE = env("SMKI_KEY_PASSPHRASE", default="")

# Validity periods: the SEC documents give none (spec §1.10), so these are ours.
SMKI_ROOT_VALIDITY_DAYS = env.int("SMKI_ROOT_VALIDITY_DAYS", default=25 * 365)
SMKI_ISSUING_VALIDITY_DAYS = env.int("SMKI_ISSUING_VALIDITY_DAYS", default=20 * 365)
SMKI_ORGANISATION_VALIDITY_DAYS = env.int("SMKI_ORGANISATION_VALIDITY_DAYS", default=5 * 365)
SMKI_DEVICE_VALIDITY_DAYS = env.int("SMKI_DEVICE_VALIDITY_DAYS", default=15 * 365)

# CRL/ARL nextUpdate after each publication; the beat job re-publishes well before that.
SMKI_CRL_VALIDITY_HOURS = env.int("SMKI_CRL_VALIDITY_HOURS", default=48)

# Certificate policy OIDs and the hardwareModuleName hwType. The GB values are not in our source
# documents, so the defaults sit under the UUID arc 2.25 (ITU-T X.667), which needs no registration.
SMKI_ORGANISATION_POLICY_OID = env(
    "SMKI_ORGANISATION_POLICY_OID", default="2.25.171337880735513340453356131203457213953"
)
SMKI_DEVICE_POLICY_OID = env("SMKI_DEVICE_POLICY_OID", default="2.25.171337880735513340453356131203457213954")
SMKI_DEVICE_HW_TYPE_OID = env("SMKI_DEVICE_HW_TYPE_OID", default="2.25.171337880735513340453356131203457213955")

# Batches: CSRs per worker task (several tasks run in parallel on the workers).
SMKI_BATCH_CHUNK_SIZE = env.int("SMKI_BATCH_CHUNK_SIZE", default=2500)
# Zip upload limits (zip-bomb guard): compressed size, total uncompressed size, size of one member.
SMKI_BATCH_MAX_UPLOAD_BYTES = env.int("SMKI_BATCH_MAX_UPLOAD_BYTES", default=64 * 1024 * 1024)
SMKI_BATCH_MAX_UNCOMPRESSED_BYTES = env.int("SMKI_BATCH_MAX_UNCOMPRESSED_BYTES", default=256 * 1024 * 1024)
SMKI_BATCH_MAX_MEMBER_BYTES = env.int("SMKI_BATCH_MAX_MEMBER_BYTES", default=16 * 1024)
