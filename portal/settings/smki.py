"""Domain settings of the ``smki`` app. Each number the SEC leaves open, with its default, is in docs/settings.md."""

from pathlib import Path

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
# 0: no well-defined expiry (notAfter 99991231235959Z, RFC 5280 4.1.2.5), as GB Device Certificates (D-ZAZ-01).
SMKI_DEVICE_VALIDITY_DAYS = env.int("SMKI_DEVICE_VALIDITY_DAYS", default=0)

# CRL/ARL nextUpdate after each publication; the beat job re-publishes well before that.
SMKI_CRL_VALIDITY_HOURS = env.int("SMKI_CRL_VALIDITY_HOURS", default=48)

# Certificate policy OIDs and the hardwareModuleName hwType. The defaults are the values DCC's ZAZ1
# test PKI carries (D-ZAZ-01), so DCC's client tools read our certificates as theirs.
SMKI_ORGANISATION_POLICY_OID = env("SMKI_ORGANISATION_POLICY_OID", default="1.2.826.0.1.8641679.1.2.1.4")
SMKI_DEVICE_POLICY_OID = env("SMKI_DEVICE_POLICY_OID", default="1.2.826.0.1.1800000.1.2.1.4")
SMKI_DEVICE_HW_TYPE_OID = env("SMKI_DEVICE_HW_TYPE_OID", default="1.2.826.0.1.8641679.1.2.2.1")

# Batches: CSRs per worker task (several tasks run in parallel on the workers).
SMKI_BATCH_CHUNK_SIZE = env.int("SMKI_BATCH_CHUNK_SIZE", default=2500)
# Zip upload limits (zip-bomb guard): compressed size, total uncompressed size, size of one member.
SMKI_BATCH_MAX_UPLOAD_BYTES = env.int("SMKI_BATCH_MAX_UPLOAD_BYTES", default=64 * 1024 * 1024)
SMKI_BATCH_MAX_UNCOMPRESSED_BYTES = env.int("SMKI_BATCH_MAX_UNCOMPRESSED_BYTES", default=256 * 1024 * 1024)
SMKI_BATCH_MAX_MEMBER_BYTES = env.int("SMKI_BATCH_MAX_MEMBER_BYTES", default=16 * 1024)

# External test PKI (issue 12 item 7; D-ZAZ-02..04). DCC's ZAZ1 organisation certificates expired in
# 2025-26; with this on, an imported (external) certificate that is In use stays usable for signature
# checks after its notAfter. Never on in production: our own certificates are never affected.
SMKI_ACCEPT_EXPIRED_TEST_PKI = env.bool("SMKI_ACCEPT_EXPIRED_TEST_PKI", default=False)
# Upload limits for a keystore.json (ZAZ1's is 60 KB with 33 entries).
SMKI_KEYSTORE_MAX_BYTES = env.int("SMKI_KEYSTORE_MAX_BYTES", default=2 * 1024 * 1024)
SMKI_KEYSTORE_MAX_ENTRIES = env.int("SMKI_KEYSTORE_MAX_ENTRIES", default=5000)
# `manage.py smki_import_keystore --npm` runs `npm pack` of this package into SMKI_KEYSTORE_NPM_CACHE.
SMKI_KEYSTORE_NPM_PACKAGE = env("SMKI_KEYSTORE_NPM_PACKAGE", default="@smartdcc/dccboxed-keystore@0.4.2")
SMKI_KEYSTORE_NPM_CACHE = env("SMKI_KEYSTORE_NPM_CACHE", default=str(Path.home() / ".cache" / "dcc-ssi" / "npm"))

# SMKI Repository web services as DCC Boxed offers them (issue 12 item 8; D-ZAZ-06): who may call them.
# "open": anyone who reaches the port, as DCC Boxed on a test network; "parties": an API token of a
# signed-up Party's person ("Authorization: Token ..."), as the SMKI Repository is for Parties (L6.1);
# "off": not served (404). Production defaults to "parties".
SMKI_REPOSITORY_SERVICES_ACCESS = env("SMKI_REPOSITORY_SERVICES_ACCESS", default="open")
if SMKI_REPOSITORY_SERVICES_ACCESS not in ("open", "parties", "off"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SMKI_REPOSITORY_SERVICES_ACCESS must be open, parties or off.")
# Request body cap (a query is a few hundred bytes), requests per minute per caller (token, else
# address; per web process) and results per search (a device never has more than 100 certificates).
SMKI_REPOSITORY_SERVICES_MAX_BODY_BYTES = env.int("SMKI_REPOSITORY_SERVICES_MAX_BODY_BYTES", default=4096)
SMKI_REPOSITORY_SERVICES_RATE_PER_MINUTE = env.int("SMKI_REPOSITORY_SERVICES_RATE_PER_MINUTE", default=600)
SMKI_REPOSITORY_SEARCH_MAX_RESULTS = env.int("SMKI_REPOSITORY_SEARCH_MAX_RESULTS", default=100)

# Project-issued test credentials (issue 12; D-ZAZ-05): an ARO has the replica generate key pairs and
# issue XmlSign/DS/KA Organisation Certificates for one of its Party's User IDs, and downloads them
# with their private keys (keystore.json or PEM). A test convenience: on by default here, off by
# default in production. Private keys are encrypted with a key derived from
# SMKI_TEST_CREDENTIALS_SECRET (empty: derived from DJANGO_SECRET_KEY, development only).
SMKI_TEST_CREDENTIALS_ENABLED = env.bool("SMKI_TEST_CREDENTIALS_ENABLED", default=True)
SMKI_TEST_CREDENTIALS_SECRET = env("SMKI_TEST_CREDENTIALS_SECRET", default="")
# The port runportal also serves the SMKI Repository web services on (DCC Boxed's 8083); 0: none.
SMKI_SERVICES_LISTEN_PORT = env.int("SMKI_SERVICES_LISTEN_PORT", default=8083)
