"""Tracking codes: 80 random bits in Crockford's base 32, easy to read and to dictate."""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # no I, L, O, U
GROUPS, GROUP_LENGTH = 4, 4  # 16 symbols x 5 bits = 80 bits
_CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_tracking_code() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(symbols[i : i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH))


def normalise_tracking_code(typed: str) -> str | None:
    """What the citizen typed, in canonical form; None when it cannot be a code."""
    compact = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(compact) != GROUPS * GROUP_LENGTH or any(ch not in ALPHABET for ch in compact):
        return None
    return "-".join(compact[i : i + GROUP_LENGTH] for i in range(0, len(compact), GROUP_LENGTH))
