"""Right of access (RGPD, article 15): everything Guichet holds about one citizen, found by
e-mail address, and the ZIP bundle an administrator hands over.

What is included: the account and its profile, every case filed with that address or
from that account (answers, identity given, status and the public timeline, decision,
messages exchanged), unfinished drafts, the document wallet, reports followed, and the
files themselves. What is not: internal notes and consulted departments' opinions, the
staff's working documents about the case, which an administrator hands over (or not)
after reading them, as the CADA rules on preparatory documents require.
"""

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from cms.accounts.models import CitizenProfile, WalletDocument
from formbuilder.models import Draft, Upload

from ..models import Case, CaseFollower
from ..selectors import case_file_tokens, public_timeline
from ..workflow import workflow_for


@dataclass
class CitizenData:
    """What exists about one address: the rows, not yet turned into the bundle."""

    email: str
    accounts: list[Any] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    wallet: list[WalletDocument] = field(default_factory=list)
    followed: list[CaseFollower] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.accounts or self.cases or self.drafts or self.wallet or self.followed)

    @property
    def message_count(self) -> int:
        return sum(len(case.messages.all()) for case in self.cases)


def citizen_data(email: str) -> CitizenData:
    """Every account, case, draft, wallet document and followed report tied to `email`
    (case-insensitive), or to an account with that address."""
    email = email.strip()
    accounts = list(
        get_user_model()
        .objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .order_by("pk")
    )
    cases = (
        Case.objects.filter(Q(citizen_email__iexact=email) | Q(citizen__in=accounts))
        .select_related("procedure", "department", "form_version")
        .prefetch_related("messages")
        .order_by("submitted_at", "pk")
    )
    drafts = (
        Draft.objects.filter(
            Q(user__in=accounts) | Q(contact__email__iexact=email), submitted_at__isnull=True
        )
        .select_related("page")
        .order_by("created_at")
    )
    return CitizenData(
        email=email,
        accounts=accounts,
        cases=list(cases),
        drafts=list(drafts),
        wallet=list(
            WalletDocument.objects.filter(user__in=accounts)
            .select_related("upload")
            .order_by("created_at")
        ),
        followed=list(
            CaseFollower.objects.filter(Q(email__iexact=email) | Q(citizen__in=accounts))
            .select_related("case")
            .order_by("created_at")
        ),
    )


def citizen_bundle(data: CitizenData, *, now: datetime | None = None) -> bytes:
    """The ZIP handed to the citizen: data.json, and the files under fichiers/."""
    now = now or timezone.now()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        files = _Files(bundle)
        document = {
            "exporte_le": _when(now),
            "adresse_email": data.email,
            "comptes": [_account(user) for user in data.accounts],
            "dossiers": [_case(case, files) for case in data.cases],
            "brouillons": [_draft(draft) for draft in data.drafts],
            "porte_documents": [_wallet_document(doc, files) for doc in data.wallet],
            "signalements_suivis": [
                {"dossier": follow.case.reference, "depuis_le": _when(follow.created_at)}
                for follow in data.followed
            ],
        }
        bundle.writestr(
            "data.json", json.dumps(document, ensure_ascii=False, indent=2, default=str)
        )
    return buffer.getvalue()


class _Files:
    """Copies stored files into the bundle under unique names; a file missing from the
    storage is said so instead of failing the whole export."""

    def __init__(self, bundle: zipfile.ZipFile) -> None:
        self.bundle = bundle
        self.count = 0

    def add(self, folder: str, upload: Upload) -> dict[str, Any]:
        self.count += 1
        path = f"fichiers/{folder}/{self.count:03d}-{upload.name}"
        described = {
            "nom": upload.name,
            "type": upload.content_type,
            "taille": upload.size,
            "recu_le": _when(upload.created_at),
        }
        try:
            with upload.file.open("rb") as stored:
                self.bundle.writestr(path, stored.read())
        except (FileNotFoundError, OSError, ValueError):
            described["fichier"] = None
            described["absent"] = "fichier introuvable dans le stockage"
        else:
            described["fichier"] = path
        return described


def _account(user: Any) -> dict[str, Any]:
    profile = CitizenProfile.objects.filter(user=user).first()
    return {
        "identifiant": user.get_username(),
        "prenom": user.first_name,
        "nom": user.last_name,
        "email": user.email,
        "actif": user.is_active,
        "cree_le": _when(user.date_joined),
        "derniere_connexion": _when(user.last_login),
        "profil": None
        if profile is None
        else {
            "telephone": profile.phone,
            "adresse": profile.address,
            "email_verifie_le": _when(profile.email_verified_at),
            "modifie_le": _when(profile.updated_at),
        },
    }


def _case(case: Case, files: _Files) -> dict[str, Any]:
    uploads = {
        upload.token: upload for upload in Upload.objects.filter(token__in=case_file_tokens(case))
    }
    timeline = public_timeline(case)
    return {
        "numero": case.reference,
        "demarche": case.procedure.title,
        "service": case.department.name,
        "canal": case.get_channel_display(),
        "depose_le": _when(case.submitted_at),
        "statut": timeline[-1].label if timeline else _status(case),
        "historique": [{"le": _when(event.when), "statut": event.label} for event in timeline],
        "identite_declaree": {
            "nom": case.citizen_name,
            "email": case.citizen_email,
            "telephone": case.citizen_phone,
        },
        "reponses": case.answers,
        "decision": case.get_decision_display() if case.decision else "",
        "motif_de_la_decision": case.decision_reason,
        "decide_le": _when(case.decided_at),
        "fichiers": [
            files.add(case.reference, uploads[token])
            for token in _answer_tokens(case)
            if token in uploads
        ],
        "messages": [
            {
                "le": _when(message.created_at),
                "de": message.get_author_kind_display(),
                "texte": message.body,
                "fichiers": [
                    files.add(case.reference, uploads[item["upload"]])
                    for item in message.files or []
                    if isinstance(item, dict) and item.get("upload") in uploads
                ],
            }
            for message in case.messages.all()
        ],
    }


def _answer_tokens(case: Case) -> list[str]:
    from formbuilder.answers import file_tokens

    return file_tokens(case.form_version.ui_schema, case.answers)


def _status(case: Case) -> str:
    try:
        return str(workflow_for(case).status(case.status).label)
    except KeyError:
        return case.status


def _draft(draft: Draft) -> dict[str, Any]:
    return {
        "demarche": draft.page.title,
        "commence_le": _when(draft.created_at),
        "enregistre_le": _when(draft.updated_at),
        "expire_le": _when(draft.expires_at),
        "coordonnees": draft.contact,
        "reponses": draft.answers,
    }


def _wallet_document(document: WalletDocument, files: _Files) -> dict[str, Any]:
    return {
        "intitule": document.title,
        "ajoute_le": _when(document.created_at),
        **files.add("porte-documents", document.upload),
    }


def _when(value: datetime | None) -> str | None:
    return None if value is None else timezone.localtime(value).isoformat()
