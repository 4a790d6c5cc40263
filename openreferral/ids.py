"""Stable ids for everything the API serves.

Open Referral ids are UUIDs, and a directory that reads this API keys its copy on them, so they
must never change when a title does. Each is made from what the row is (an offer, a project,
an organisation, the location of an offer...) and its primary key, and can be read back the
same way, so no table of ids is kept and nothing in the partners app has to change:

* the first ten bytes are the start of a SHA-256 digest of ``neighbour-day-hub:<kind>``, so
  ids of different kinds never collide;
* the last six bytes are the primary key;
* the version nibble says 8 (RFC 9562's custom UUID) and the variant bits are RFC 4122's.

Taxonomy terms, which are choices in code rather than rows, get a UUID 5 of their code.
"""

import hashlib
import uuid

KINDS = (
    "organisation",
    "offer",
    "project",
    "offer-location",
    "project-location",
    "offer-at-location",
    "project-at-location",
    "schedule",
    "project-schedule",
    "service-area",
    "project-area",
    "cost-option",
    "contact",
    "accessibility",
    "address",
    "project-address",
    "offer-attribute",
    "project-attribute",
    "organisation-attribute",
    "identifier",
)
TERMS = uuid.UUID("9b7a4f0e-6a55-4c1e-9d1f-0d6c1b7f2e11")  # namespace of the taxonomy terms
_MAX_PK = 2**48 - 1


def _prefix(kind):
    digest = bytearray(hashlib.sha256(f"neighbour-day-hub:{kind}".encode()).digest()[:10])
    digest[6] = (digest[6] & 0x0F) | 0x80  # version 8
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    return bytes(digest)


_PREFIXES = {kind: _prefix(kind) for kind in KINDS}
_KIND_OF_PREFIX = {prefix: kind for kind, prefix in _PREFIXES.items()}


def make(kind, pk, *more):
    """The id of row ``pk`` of ``kind`` (``more``: a second key, e.g. a schedule's number)."""
    if more:
        pk = pk * 1000 + more[0]
    if not 0 < pk <= _MAX_PK:
        raise ValueError(f"No stable id for {kind} {pk}.")
    return str(uuid.UUID(bytes=_PREFIXES[kind] + pk.to_bytes(6, "big")))


def read(kind, text):
    """The primary key an id of ``kind`` stands for, or None for anything else."""
    try:
        value = uuid.UUID(str(text))
    except ValueError:
        return None
    if value.bytes[:10] != _PREFIXES[kind]:
        return None
    return int.from_bytes(value.bytes[10:], "big")


def term(taxonomy, code):
    """The id of a taxonomy's term (or of the taxonomy itself, with ``code`` empty)."""
    return str(uuid.uuid5(TERMS, f"{taxonomy}:{code}"))
