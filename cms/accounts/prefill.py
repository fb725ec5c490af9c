"""Answers a signed-in citizen's profile gives to the questions that declare a prefill source.

The form builder lets a short text, e-mail, phone or address question say where it may be
prefilled from (formbuilder.fields.registry.PREFILL_SOURCES); the compiler copies that into
the UI schema as `fields[name]["prefill"]`. The answers returned here are in the stored
formats, so the wizard hands them to the form as it would a resumed draft's.
"""

from typing import Any

from formbuilder.fields import get_kind
from formbuilder.identifiers import normalise_phone

from .models import CitizenProfile


def prefill_answers(user: Any, schema: dict[str, Any], ui_schema: dict[str, Any]) -> dict[str, Any]:
    """{question name: answer} for every question whose source the profile knows."""
    if user is None or not user.is_authenticated:
        return {}
    values = _profile_values(user)
    properties = schema.get("properties") or {}
    answers: dict[str, Any] = {}
    for name, ui in (ui_schema.get("fields") or {}).items():
        source = ui.get("prefill")
        value = values.get(source) if source else None
        if not value or name not in properties:
            continue
        if source == "address" and ui.get("kind") != "address":
            # An address asked in a single text box gets the address on one line.
            value = get_kind("address").display(value, properties[name])
        answers[name] = value
    return answers


def _profile_values(user: Any) -> dict[str, Any]:
    profile = CitizenProfile.objects.filter(user_id=user.pk).first()
    phone = normalise_phone(profile.phone) if profile and profile.phone else None
    return {
        "first_name": user.first_name.strip(),
        "last_name": user.last_name.strip(),
        "email": (user.email or "").strip(),
        "phone": phone or "",
        "address": profile.address if profile else {},
    }
