"""The citizen's document wallet ("porte-documents"): documents kept once in the account
and ticked, instead of sent again, in any procedure that asks for such a file."""

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from casework.history import Via, stamp
from formbuilder.fields._files import FileLibrary
from formbuilder.file_checks import FAMILIES, FileRefused
from formbuilder.owners import wallet_owner
from formbuilder.uploads import upload_delete, upload_store, uploads_claim

from .models import WalletDocument

WALLET_TYPES = (*FAMILIES["pdf"], *FAMILIES["image"])
WALLET_MAX_BYTES = 10 * 1024 * 1024
WALLET_MAX_DOCUMENTS = 30


@transaction.atomic
def wallet_document_add(*, user: Any, title: str, uploaded: UploadedFile) -> WalletDocument:
    """Check a file and keep it in the wallet. Raises FileRefused with the reason."""
    if WalletDocument.objects.filter(user=user).count() >= WALLET_MAX_DOCUMENTS:
        raise FileRefused(
            _("Votre porte-documents est plein (%(limit)d documents) : retirez-en un d'abord.")
            % {"limit": WALLET_MAX_DOCUMENTS}
        )
    upload = upload_store(
        uploaded=uploaded,
        owner=wallet_owner(user.pk),
        allowed=WALLET_TYPES,
        max_bytes=WALLET_MAX_BYTES,
    )
    uploads_claim(tokens=[upload.token])  # kept by the wallet: never purged as abandoned
    document = WalletDocument(user=user, title=title.strip(), upload=upload)
    stamp(document, actor=user, reason="Document ajouté", channel=Via.CITIZEN_SITE)
    document.save()
    return document


@transaction.atomic
def wallet_document_remove(*, document: WalletDocument) -> None:
    """Remove a document; copies already attached to requests stay with them."""
    upload = document.upload
    stamp(document, actor=document.user, reason="Document retiré", channel=Via.CITIZEN_SITE)
    document.delete()
    upload_delete(upload=upload)


def wallet_library(user: Any) -> FileLibrary | None:
    """The wallet as the files questions of a form offer it, or None without an account."""
    if not user.is_authenticated:
        return None
    documents = WalletDocument.objects.filter(user=user).select_related("upload")
    return FileLibrary(
        owner=wallet_owner(user.pk),
        labels={document.upload.token: document.title for document in documents},
    )
