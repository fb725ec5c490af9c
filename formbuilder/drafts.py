"""Writes on drafts, and the signed links that resume them on another device."""

import base64
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils import timezone

from .models import Draft, FormVersion, Upload
from .owners import draft_lifetime

SALT = "guichet.draft.resume"


def draft_new(
    *,
    page: Any,
    form_version: FormVersion,
    user: Any = None,
    channel: str = "web",
    contact: dict[str, str] | None = None,
) -> Draft:
    """A draft not yet kept: the first save of what was typed keeps it (draft_save)."""
    return Draft(
        page=page,
        form_version=form_version,
        user=user if user is not None and user.is_authenticated else None,
        channel=channel,
        contact=contact or {},
        expires_at=timezone.now() + draft_lifetime(),
    )


def draft_start(
    *,
    page: Any,
    form_version: FormVersion,
    user: Any = None,
    channel: str = "web",
    contact: dict[str, str] | None = None,
) -> Draft:
    draft = draft_new(
        page=page, form_version=form_version, user=user, channel=channel, contact=contact
    )
    draft.save()
    return draft


def draft_save(*, draft: Draft, wizard_data: dict[str, Any], answers: dict[str, Any]) -> None:
    """Keep what was typed; each save gives the draft its full lifetime again."""
    draft.wizard_data, draft.answers = wizard_data, answers
    draft.expires_at = timezone.now() + draft_lifetime()
    if draft.pk is None:
        draft.save()
    else:
        draft.save(update_fields=["wizard_data", "answers", "expires_at", "updated_at"])


def draft_mark_sent(*, draft: Draft, reference: str) -> bool:
    """Mark the draft as sent as case `reference`; False when it already was (a double
    click, a refresh, a replayed POST).

    One conditional UPDATE decides, in the transaction that created the case: of two
    requests racing for the same draft, the second waits for the first to commit, then
    finds the draft sent and rolls its own case back, on any database.
    """
    now = timezone.now()
    marked = Draft.objects.filter(pk=draft.pk, submitted_at__isnull=True).update(
        submitted_at=now, case_reference=reference, wizard_data={}
    )
    if marked:
        draft.submitted_at, draft.case_reference, draft.wizard_data = now, reference, {}
    return bool(marked)


def resume_token(draft: Draft) -> str:
    signed = signing.dumps(str(draft.public_id), salt=SALT)
    # Page URLs only carry [A-Za-z0-9_-]; the signature's ":" separators are wrapped away.
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def draft_from_token(token: str) -> Draft | None:
    """The draft a resume link designates, or None when the link is tampered or expired."""
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        public_id = signing.loads(signed, salt=SALT, max_age=draft_lifetime())
    except (signing.BadSignature, ValueError):
        return None
    return Draft.objects.filter(
        public_id=public_id, submitted_at__isnull=True, expires_at__gt=timezone.now()
    ).first()


def drafts_purge_expired() -> int:
    """Delete expired drafts and the files sent with them."""
    count = 0
    for draft in Draft.objects.filter(expires_at__lt=timezone.now()).iterator():
        with transaction.atomic():
            for upload in Upload.objects.filter(owner=draft.upload_owner, claimed_at__isnull=True):
                upload.file.delete(save=False)
                upload.delete()
            draft.delete()
        count += 1
    return count
