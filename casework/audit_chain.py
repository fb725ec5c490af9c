"""The one formula of the audit chain, shared by the Python writer, the PostgreSQL trigger
(which spells the same thing in SQL), the bulk loaders and `manage.py audit verify`."""

import hashlib

# The link before the first: a fixed value, so that an emptied chain cannot pass as new.
GENESIS = "0" * 64


def chain_hash(previous_hash: str, entry_id: int, digest: str) -> str:
    """sha256("<previous_hash>:<entry_id>:<digest>"), hex. Same bytes as the SQL trigger's
    encode(sha256(convert_to(prev || ':' || id || ':' || digest, 'UTF8')), 'hex')."""
    return hashlib.sha256(f"{previous_hash}:{entry_id}:{digest}".encode()).hexdigest()
