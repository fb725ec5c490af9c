"""French identifiers are checked with their real rules, on real numbers."""

import pytest

from formbuilder import identifiers


def _nir_key(number13: str) -> int:
    """The key computed here independently: Corsica's 2A/2B count as 19/18."""
    digits = number13[:5] + {"2A": "19", "2B": "18"}.get(number13[5:7], number13[5:7])
    return 97 - int(digits + number13[7:]) % 97


def test_luhn_accepts_known_numbers_and_refuses_a_changed_digit():
    assert identifiers.luhn_is_valid("732829320")
    assert identifiers.luhn_is_valid("73282932000074")
    assert not identifiers.luhn_is_valid("732829321")
    assert not identifiers.luhn_is_valid("")
    assert not identifiers.luhn_is_valid("73282932A")


def test_siren_is_nine_digits_with_a_luhn_key():
    assert identifiers.is_siren("732829320")
    assert identifiers.is_siren("356000000")  # La Poste
    assert not identifiers.is_siren("732829321")  # wrong key
    assert not identifiers.is_siren("73282932")  # too short
    assert not identifiers.is_siren("732 829 320")  # only the normalised form is stored


def test_siren_is_normalised_from_what_people_type_and_shown_in_groups_of_three():
    assert identifiers.normalise_siren(" 732 829 320 ") == "732829320"
    assert identifiers.normalise_siren("732.829.320") == "732829320"
    assert identifiers.normalise_siren("73282932") is None
    assert identifiers.format_siren("732829320") == "732 829 320"


def test_siret_is_fourteen_digits_with_a_luhn_key_on_all_of_them():
    assert identifiers.is_siret("73282932000074")
    assert not identifiers.is_siret("73282932000075")
    assert not identifiers.is_siret("7328293200007")
    assert identifiers.normalise_siret("732 829 320 00074") == "73282932000074"
    assert identifiers.format_siret("73282932000074") == "732 829 320 00074"


def test_la_poste_establishments_pass_when_their_digits_add_up_to_a_multiple_of_five():
    # Head office: an ordinary Luhn number (its digits add up to 26).
    assert identifiers.is_siret("35600000000048")
    # An establishment that fails Luhn but whose digits add up to 45.
    assert not identifiers.luhn_is_valid("35600000049837")
    assert identifiers.is_siret("35600000049837")
    # The exception is La Poste's alone: another SIREN with the same sum is refused.
    assert sum(int(digit) for digit in "73282932000004") == 40
    assert not identifiers.is_siret("73282932000004")
    # And a La Poste number with neither rule is refused.
    assert not identifiers.is_siret("35600000049838")


def test_nir_key_is_97_minus_the_number_mod_97():
    assert _nir_key("2690549588157") == 80
    assert identifiers.nir_key("2690549588157") == 80
    assert identifiers.is_nir("269054958815780")
    assert not identifiers.is_nir("269054958815781")  # wrong key
    assert not identifiers.is_nir("26905495881578")  # a character missing


def test_corsican_nir_counts_2a_as_19_and_2b_as_18():
    ajaccio = "185052A004123"
    bastia = "185052B004123"
    assert identifiers.nir_key(ajaccio) == _nir_key(ajaccio) == 56
    assert identifiers.nir_key(bastia) == _nir_key(bastia) == 83
    assert identifiers.is_nir(f"{ajaccio}56")
    assert identifiers.is_nir(f"{bastia}83")
    assert not identifiers.is_nir(f"{ajaccio}83")  # 2A with 2B's key
    assert not identifiers.is_nir("185052C00412356")  # no department 2C


def test_nir_is_normalised_from_spaces_and_lower_case_and_shown_in_its_usual_groups():
    assert identifiers.normalise_nir("2 69 05 49 588 157 80") == "269054958815780"
    assert identifiers.normalise_nir("1 85 05 2a 004 123 56") == "185052A00412356"
    assert identifiers.normalise_nir("2 69 05") is None
    assert identifiers.format_nir("269054958815780") == "2 69 05 49 588 157 80"


def test_iban_is_checked_mod_97_for_any_country():
    assert identifiers.is_iban("FR1420041010050500013M02606")
    assert identifiers.is_iban("GB82WEST12345698765432")
    assert identifiers.is_iban("DE89370400440532013000")
    assert identifiers.is_iban("BE68539007547034")
    assert not identifiers.is_iban("FR1520041010050500013M02606")  # wrong check digits
    assert not identifiers.is_iban("GB82WEST12345698765433")  # one character changed


def _iban(country: str, bban: str) -> str:
    """An IBAN with correct check digits (ISO 13616), whatever its length."""
    check = 98 - int("".join(str(int(c, 36)) for c in f"{bban}{country}00")) % 97
    return f"{country}{check:02d}{bban}"


def test_iban_length_is_the_one_of_its_country():
    bban = "2004101005050001"  # 16 characters: a French BBAN has 23
    assert not identifiers.is_iban(_iban("FR", bban))
    assert identifiers.is_iban(_iban("LU", bban))  # Luxembourg's IBANs are 20 long
    assert identifiers.is_iban(_iban("XK", bban))  # a country not listed: 15 to 34


def test_iban_is_normalised_to_upper_case_without_spaces_and_shown_in_groups_of_four():
    assert identifiers.normalise_iban("fr14 2004 1010 0505 0001 3m02 606") == (
        "FR1420041010050500013M02606"
    )
    assert identifiers.normalise_iban("not an iban") is None
    assert identifiers.format_iban("GB82WEST12345698765432") == "GB82 WEST 1234 5698 7654 32"


def test_rna_is_w_and_nine_characters():
    assert identifiers.is_rna("W751234567")
    assert identifiers.is_rna("W2A1002345")  # Corsica
    assert not identifiers.is_rna("W75123456")
    assert not identifiers.is_rna("751234567")
    assert not identifiers.is_rna("WW51234567")
    assert identifiers.normalise_rna("w 751 234 567") == "W751234567"


def test_postcode_is_five_digits_but_never_00xxx():
    assert identifiers.is_postcode("75001")
    assert identifiers.is_postcode("20000")  # Ajaccio: Corsica kept 20xxx
    assert identifiers.is_postcode("97400")  # Saint-Denis de La Réunion
    assert not identifiers.is_postcode("00100")
    assert not identifiers.is_postcode("7500")
    assert identifiers.normalise_postcode("  75 001 ") == "75001"


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("01-23-45-67-89", "+33123456789"),
        ("0692 12 34 56", "+262692123456"),  # Réunion, dialled from the mainland
        ("+262 692 12 34 56", "+262692123456"),
        ("+269 639 12 34 56", "+262639123456"),  # Mayotte's old code
        ("+590 590 12 34 56", "+590590123456"),
        ("0594 12 34 56", "+594594123456"),
        ("+596 696 12 34 56", "+596696123456"),
    ],
)
def test_french_phone_numbers_are_stored_in_e164(typed, e164):
    assert identifiers.normalise_phone(typed) == e164
    assert identifiers.is_phone(e164)


@pytest.mark.parametrize(
    "typed",
    [
        "06 12 34 56",  # too short
        "06 12 34 56 78 9",  # too long
        "00 12 34 56 78",  # no French number starts with 00
        "+44 20 7946 0958",  # not French
        "+590 692 12 34 56",  # a Réunion number under Guadeloupe's code
        "06 12 AB 56 78",
    ],
)
def test_what_is_not_a_french_phone_number_cannot_be_normalised(typed):
    assert identifiers.normalise_phone(typed) is None


def test_only_the_canonical_e164_form_passes_the_check():
    assert not identifiers.is_phone("0612345678")
    assert not identifiers.is_phone("+33692123456")  # Réunion is +262


def test_phone_numbers_are_shown_the_french_way():
    assert identifiers.format_phone("+33612345678") == "06 12 34 56 78"
    assert identifiers.format_phone("+262692123456") == "06 92 12 34 56"
    assert identifiers.format_phone("not a phone") == "not a phone"
