"""Writes on uploaded files: keep a checked file, hand files to a case, purge leftovers."""

import hashlib
from datetime import timedelta
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .file_checks import FileRefused, check_file, human_size
from .models import Upload

# Files of drafts live as long as their draft; files sent outside a draft (none today)
# would go after two days.
UNCLAIMED_LIFETIME = timedelta(days=2)
READ_LIMIT_MARGIN = 1  # read one byte past the limit to know a file is too large


def upload_store(
    *, uploaded: UploadedFile, owner: str, allowed: tuple[str, ...], max_bytes: int
) -> Upload:
    """Check a received file and keep it for its owner. Raises FileRefused."""
    content = uploaded.read(max_bytes + READ_LIMIT_MARGIN)
    checked = check_file(content, allowed=allowed, max_bytes=max_bytes)
    stem = PurePath(uploaded.name or "fichier").stem[:150] or "fichier"
    name = f"{get_valid_filename(stem) or 'fichier'}.{checked.extension}"
    upload = Upload(
        owner=owner,
        name=name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=hashlib.sha256(checked.content).hexdigest(),
    )
    upload.file.save(name, ContentFile(checked.content), save=False)
    upload.save()
    return upload


def upload_copy(*, source: Upload, owner: str, allowed: tuple[str, ...], max_bytes: int) -> Upload:
    """A copy of a kept file for another owner (a document reused from the citizen's
    wallet into a draft), held to the limits of the question it answers. Raises
    FileRefused. A copy, so that removing the document later leaves the case whole."""
    if source.content_type not in allowed:
        raise FileRefused(_("Ce type de fichier n'est pas accepté ici."))
    if source.size > max_bytes:
        raise FileRefused(
            _("Ce fichier pèse %(size)s ; la limite est %(limit)s.")
            % {"size": human_size(source.size), "limit": human_size(max_bytes)}
        )
    with source.file.open("rb") as stored:
        content = stored.read()
    upload = Upload(
        owner=owner,
        name=source.name,
        content_type=source.content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    upload.file.save(source.name, ContentFile(content), save=False)
    upload.save()
    return upload


def upload_delete(*, upload: Upload) -> None:
    """Forget a kept file and its stored bytes."""
    with transaction.atomic():
        upload.file.delete(save=False)
        upload.delete()


def uploads_claim(*, tokens: list[str]) -> int:
    """Mark files as part of a submitted case, so the purge keeps them."""
    return Upload.objects.filter(token__in=tokens, claimed_at__isnull=True).update(
        claimed_at=timezone.now()
    )


def uploads_purge_unclaimed() -> int:
    """Delete files nobody submitted (abandoned forms), with their stored bytes."""
    stale = (
        Upload.objects.filter(
            claimed_at__isnull=True, created_at__lt=timezone.now() - UNCLAIMED_LIFETIME
        )
        .exclude(owner__startswith="draft:")
        .exclude(owner__startswith="wallet:")
    )
    count = 0
    for upload in stale.iterator():
        with transaction.atomic():
            upload.file.delete(save=False)
            upload.delete()
        count += 1
    return count
