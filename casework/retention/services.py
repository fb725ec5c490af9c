"""Writes of the right of access: looking a citizen up and exporting their data are both
accesses to personal data, each leaving its journal entry (who, when, for whom, from where)."""

from typing import Any

from django.db import transaction

from ..history import Via
from ..models import JournalEntry
from ..services.journal import journal_record
from .citizen_data import CitizenData, citizen_bundle, citizen_data


def citizen_profile_view(*, actor: Any, email: str, address: str | None) -> CitizenData:
    """What exists about `email`, as the administrator's page shows it; seeing it is an
    access to the person's profile, journaled even when nothing is found (a lookup of an
    address is itself a question about a person)."""
    data = citizen_data(email)
    journal_record(
        JournalEntry.Event.PROFILE_VIEWED,
        actor=actor,
        channel=Via.ADMIN,
        object_type=_account_type(data),
        object_id=str(data.accounts[0].pk) if data.accounts else "",
        object_label=data.email,
        detail=_summary(data),
        address=address,
    )
    return data


@transaction.atomic
def citizen_data_export(
    *, actor: Any, email: str, address: str | None
) -> tuple[CitizenData, bytes]:
    """The ZIP bundle of everything held about `email`, and its journal entry; nothing
    (an empty bundle, no entry) when nothing is held."""
    data = citizen_data(email)
    if not data.found:
        return data, b""
    bundle = citizen_bundle(data)
    journal_record(
        JournalEntry.Event.GDPR_EXPORTED,
        actor=actor,
        channel=Via.ADMIN,
        object_type=_account_type(data),
        object_id=str(data.accounts[0].pk) if data.accounts else "",
        object_label=data.email,
        reason="Droit d'accès (RGPD, article 15)",
        detail=_summary(data) + f" ; archive de {len(bundle)} octets",
        address=address,
    )
    return data, bundle


def _account_type(data: CitizenData) -> str:
    return data.accounts[0]._meta.label_lower if data.accounts else ""


def _summary(data: CitizenData) -> str:
    return (
        f"{len(data.accounts)} compte(s), {len(data.cases)} dossier(s) "
        f"({', '.join(case.reference for case in data.cases) or 'aucun'}), "
        f"{len(data.drafts)} brouillon(s), {len(data.wallet)} document(s) du porte-documents, "
        f"{len(data.followed)} signalement(s) suivi(s)"
    )
