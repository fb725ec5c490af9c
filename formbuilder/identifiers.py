"""French identifiers and bank numbers: pure checks, normalisation and display.

No Django here, so the rules can be tested and reused anywhere (imports, exports, API).
Each `normalise_*` turns what a person typed into the canonical stored form, or returns None
when the text does not even have the right shape; each `is_*` checks a canonical value,
check key included, so that a stored answer that passes is both well formed and canonical.
"""

from __future__ import annotations

import re

# What people type between groups of digits: spaces (including the non-breaking ones that
# pasting from a PDF brings), dots, hyphens and the typographic dashes of word processors.
_SEPARATORS = re.compile(r"[\s.\u2010-\u2015-]")


def compact(text: str) -> str:
    """The text without separators, upper-cased."""
    return _SEPARATORS.sub("", text).upper()


def _group(text: str, sizes: tuple[int, ...]) -> str:
    parts, start = [], 0
    for size in sizes:
        parts.append(text[start : start + size])
        start += size
    return " ".join(part for part in parts if part)


# --- Luhn, SIREN, SIRET --------------------------------------------------------------------


def luhn_is_valid(digits: str) -> bool:
    """The Luhn check (ISO/IEC 7812) of a string of ASCII digits."""
    if not digits or not re.fullmatch(r"[0-9]+", digits):
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def normalise_siren(text: str) -> str | None:
    number = compact(text)
    return number if re.fullmatch(r"[0-9]{9}", number) else None


def is_siren(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{9}", value)) and luhn_is_valid(value)


def format_siren(value: str) -> str:
    return _group(value, (3, 3, 3)) if is_siren(value) else value


# La Poste has more establishments than five Luhn-checked digits can number, so INSEE lets
# its SIRETs pass when their digits add up to a multiple of 5; its head office
# (35600000000048) is an ordinary Luhn number.
LA_POSTE_SIREN = "356000000"


def normalise_siret(text: str) -> str | None:
    number = compact(text)
    return number if re.fullmatch(r"[0-9]{14}", number) else None


def is_siret(value: str) -> bool:
    if not re.fullmatch(r"[0-9]{14}", value):
        return False
    if value.startswith(LA_POSTE_SIREN) and sum(int(digit) for digit in value) % 5 == 0:
        return True
    return luhn_is_valid(value) and is_siren(value[:9])


def format_siret(value: str) -> str:
    return _group(value, (3, 3, 3, 5)) if is_siret(value) else value


# --- NIR (numéro de sécurité sociale) -------------------------------------------------------

# Sex (1, 2; 3, 4 while being registered; 7, 8 temporary), year, month, department (2A and 2B
# for Corsica), commune and order number: 13 characters, then the two-digit key.
_NIR = re.compile(r"[1-478][0-9]{4}(?:[0-9]{2}|2A|2B)[0-9]{6}[0-9]{2}")


def normalise_nir(text: str) -> str | None:
    number = compact(text)
    return number if _NIR.fullmatch(number) else None


def nir_key(number: str) -> int:
    """The key of the first 13 characters of a NIR: 97 - (number mod 97).

    Corsica's departments count as 19 (2A) and 18 (2B), their number before the 1976 split.
    """
    department = {"2A": "19", "2B": "18"}.get(number[5:7], number[5:7])
    return 97 - int(number[:5] + department + number[7:13]) % 97


def is_nir(value: str) -> bool:
    return bool(_NIR.fullmatch(value)) and nir_key(value) == int(value[13:])


def format_nir(value: str) -> str:
    return _group(value, (1, 2, 2, 2, 3, 3, 2)) if is_nir(value) else value


# --- IBAN (ISO 13616) ----------------------------------------------------------------------

# Lengths of the SEPA countries; French overseas territories have their own country codes
# with the French length. Other countries only get the generic 15-34 bounds.
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27,
    "HR": 21, "HU": 28, "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24,
    "SE": 24, "SI": 19, "SK": 24, "SM": 27, "VA": 22,
    "BL": 27, "GF": 27, "GP": 27, "MF": 27, "MQ": 27, "NC": 27, "PF": 27, "PM": 27,
    "RE": 27, "TF": 27, "WF": 27, "YT": 27,
}  # fmt: skip

_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def normalise_iban(text: str) -> str | None:
    number = compact(text)
    return number if _IBAN.fullmatch(number) else None


def is_iban(value: str) -> bool:
    if not _IBAN.fullmatch(value) or not 2 <= int(value[2:4]) <= 98:
        return False
    if len(value) != IBAN_LENGTHS.get(value[:2], len(value)):
        return False
    # Country and check digits move to the end, letters become 10..35: the number is 1 mod 97.
    rearranged = value[4:] + value[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def format_iban(value: str) -> str:
    if not is_iban(value):
        return value
    return " ".join(value[start : start + 4] for start in range(0, len(value), 4))


# --- RNA (répertoire national des associations) ---------------------------------------------

# "W" and nine characters, the first three naming the prefecture: digits in mainland France,
# a letter in the third place for Corsica (W2A..., W2B...) and overseas (W9R... for Réunion).
_RNA = re.compile(r"W[0-9][0-9A-Z][0-9]{7}")


def normalise_rna(text: str) -> str | None:
    number = compact(text)
    return number if _RNA.fullmatch(number) else None


def is_rna(value: str) -> bool:
    return bool(_RNA.fullmatch(value))


# --- Postcode ------------------------------------------------------------------------------


def normalise_postcode(text: str) -> str | None:
    code = compact(text)
    return code if re.fullmatch(r"[0-9]{5}", code) else None


def is_postcode(value: str) -> bool:
    # No department is numbered 00; Corsica kept its 20xxx postcodes after the split.
    return bool(re.fullmatch(r"[0-9]{5}", value)) and not value.startswith("00")


# --- Phone numbers -------------------------------------------------------------------------

# Overseas departments share the national 10-digit plan (0692 12 34 56 dials Réunion from
# Paris) but have their own country code; the first three digits of the national number say
# which. Mayotte moved from +269 (now the Comoros') to +262 in 2007.
_TERRITORY_BY_PREFIX: dict[str, str] = {
    "262": "262", "263": "262", "692": "262", "693": "262",  # Réunion
    "269": "262", "639": "262",  # Mayotte
    "590": "590", "690": "590", "691": "590",  # Guadeloupe, Saint-Barthélemy, Saint-Martin
    "594": "594", "694": "594",  # Guyane
    "596": "596", "696": "596", "697": "596",  # Martinique
}  # fmt: skip
PHONE_COUNTRY_CODES = ("33", "262", "269", "590", "594", "596")
_PHONE_SEPARATORS = re.compile(r"[\s.\u2010-\u2015/()-]")


def normalise_phone(text: str) -> str | None:
    """A French or French overseas phone number in E.164 (+33612345678), or None."""
    number = _PHONE_SEPARATORS.sub("", text)
    if number.startswith("00"):
        number = "+" + number[2:]
    code = None
    if number.startswith("+"):
        code = next((c for c in PHONE_COUNTRY_CODES if number[1:].startswith(c)), None)
        if code is None:
            return None
        national = number[1 + len(code) :]
        # "+33 (0)6 12 ..." keeps its trunk zero once the brackets are gone.
        if len(national) == 10 and national.startswith("0"):
            national = national[1:]
    elif len(number) == 10 and number.startswith("0"):
        national = number[1:]
    else:
        return None
    if not re.fullmatch(r"[1-9][0-9]{8}", national):
        return None
    territory = _TERRITORY_BY_PREFIX.get(national[:3])
    if code in (None, "33"):
        code = territory or "33"
    elif territory is not None:
        # A known overseas prefix under another code is a typing mistake, not a number.
        if territory != ("262" if code == "269" else code):
            return None
        code = territory
    elif code == "269":
        return None  # +269 is the Comoros' now: only Mayotte's old numbers are French
    return f"+{code}{national}"


def is_phone(value: str) -> bool:
    """Whether a value is a French phone number in canonical E.164."""
    return normalise_phone(value) == value


def format_phone(value: str) -> str:
    """The way the number is written in France: 06 12 34 56 78 (also overseas)."""
    if not is_phone(value):
        return value
    code = next(c for c in PHONE_COUNTRY_CODES if value[1:].startswith(c))
    national = value[1 + len(code) :]
    if code == "33" or _TERRITORY_BY_PREFIX.get(national[:3]) == code:
        return _group("0" + national, (2, 2, 2, 2, 2))
    # An overseas number outside the known prefixes cannot be dialled in the national form
    # without becoming a metropolitan one, so it keeps its country code.
    return f"+{code} " + _group(national, (1, 2, 2, 2, 2))
