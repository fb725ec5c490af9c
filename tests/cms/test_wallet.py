"""The document wallet: documents kept once in the account, reused in any procedure."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from casework.models import Case
from cms.accounts.models import CitizenProfile, WalletDocument
from formbuilder.models import Upload
from formbuilder.uploads import uploads_purge_unclaimed
from tests.citizen import Citizen
from tests.factories import UserFactory
from tests.formbuilder.test_files import PDF_BYTES, jpeg_with_gps, permit_page  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def jeanne(db):
    user = UserFactory(username="jeanne@exemple.fr", email="jeanne@exemple.fr")
    CitizenProfile.objects.create(user=user, email_verified_at=timezone.now())
    return user


@pytest.fixture
def signed_in(jeanne) -> Client:
    client = Client()
    client.force_login(jeanne)
    return client


def _add(client, title, name, content, content_type="application/pdf"):
    return client.post(
        "/compte/documents/",
        {"title": title, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_a_citizen_keeps_a_document_and_reopens_it(signed_in, jeanne):
    assert _add(signed_in, "Justificatif de domicile", "facture.pdf", PDF_BYTES).status_code == 302
    page = signed_in.get("/compte/documents/").content.decode()
    assert "Justificatif de domicile" in page and "facture.pdf" in page
    document = WalletDocument.objects.get(user=jeanne)
    assert document.upload.owner == f"wallet:{jeanne.pk}"
    opened = signed_in.get(f"/televersements/{document.upload.token}/")
    assert opened.status_code == 200 and b"".join(opened.streaming_content) == PDF_BYTES
    assert "Mes documents (1)" in signed_in.get("/compte/").content.decode()


def test_the_wallet_checks_files_by_content_and_says_why_at_the_field(signed_in):
    response = _add(signed_in, "Pièce d'identité", "identite.pdf", b"MZ\x90\x00 not a pdf")
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "Ce type de fichier n'est pas accepté ici." in html
    assert 'id="id_file_erreur"' in html
    assert 'value="Pièce d\'identité"' in html  # the title typed is kept
    missing = signed_in.post("/compte/documents/", {"title": "Sans fichier"})
    assert "Choisissez le fichier à ajouter." in missing.content.decode()
    assert not WalletDocument.objects.exists() and not Upload.objects.exists()


def test_a_photo_in_the_wallet_loses_its_gps_position(signed_in):
    _add(signed_in, "Photo", "IMG.jpg", jpeg_with_gps(), content_type="image/jpeg")
    with WalletDocument.objects.get().upload.file.open("rb") as stored:
        assert b"Exif" not in stored.read()[:4096]


def test_nobody_else_opens_or_removes_someone_elses_document(signed_in, jeanne, client):
    _add(signed_in, "Justificatif", "facture.pdf", PDF_BYTES)
    document = WalletDocument.objects.get()
    stranger = UserFactory(username="autre@exemple.fr", email="autre@exemple.fr")
    client.force_login(stranger)
    assert client.get(f"/televersements/{document.upload.token}/").status_code == 404
    assert client.post(f"/compte/documents/{document.pk}/retirer/").status_code == 404
    assert "Justificatif" not in client.get("/compte/documents/").content.decode()
    client.logout()
    assert client.get("/compte/documents/").status_code == 302  # to the sign-in page
    assert WalletDocument.objects.count() == 1


def test_wallet_documents_are_never_purged_as_abandoned(signed_in):
    _add(signed_in, "Justificatif", "facture.pdf", PDF_BYTES)
    Upload.objects.update(created_at=timezone.now() - timezone.timedelta(days=90))
    uploads_purge_unclaimed()
    assert WalletDocument.objects.get().upload.file.size == len(PDF_BYTES)


def test_a_wallet_document_is_ticked_instead_of_sent_and_the_case_keeps_a_copy(
    signed_in,
    jeanne,
    permit_page,  # noqa: F811
):
    _add(signed_in, "Plan du local", "plan.pdf", PDF_BYTES)
    _add(signed_in, "Photo de la façade", "facade.jpg", jpeg_with_gps(), content_type="image/jpeg")
    plan, photo = (
        WalletDocument.objects.get(title="Plan du local"),
        WalletDocument.objects.get(title="Photo de la façade"),
    )
    citizen = Citizen(signed_in, permit_page)
    html = citizen.start().content.decode()
    # Each question offers only the documents it accepts.
    plan_box = f'name="plan-library" value="{plan.upload.token}"'
    photo_box = f'name="photos-library" value="{photo.upload.token}"'
    assert plan_box in html and photo_box in html
    assert f'name="plan-library" value="{photo.upload.token}"' not in html

    # A mistake elsewhere: the ticked document is kept, copied once, not asked again.
    response = citizen.fill(
        "etape-1",
        {"nom": "", "plan-library": plan.upload.token, "photos-library": photo.upload.token},
    )
    assert response.status_code == 200
    kept = re.findall(r'name="plan-kept" value="([^"]+)"', response.content.decode())
    assert len(kept) == 1 and kept[0] != plan.upload.token
    assert citizen.fill("etape-1", {"nom": "Jeanne", "plan-kept": kept[0]}).status_code == 302
    citizen.send()
    case = Case.objects.get()
    [attached] = case.answers["plan"]
    assert attached["name"] == "plan.pdf" and attached["upload"] == kept[0]
    assert Upload.objects.get(token=kept[0]).owner.startswith("draft:")

    # Removing the document from the wallet leaves the case whole.
    signed_in.post(f"/compte/documents/{plan.pk}/retirer/")
    assert not WalletDocument.objects.filter(pk=plan.pk).exists()
    assert not Upload.objects.filter(token=plan.upload.token).exists()
    assert Upload.objects.get(token=kept[0]).file.size == len(PDF_BYTES)


def test_a_token_outside_the_wallet_cannot_be_slipped_in(
    signed_in,
    jeanne,
    permit_page,  # noqa: F811
):
    stranger = UserFactory(username="autre@exemple.fr", email="autre@exemple.fr")
    other = Client()
    other.force_login(stranger)
    _add(other, "Son plan", "plan.pdf", PDF_BYTES)
    theirs = WalletDocument.objects.get().upload.token
    citizen = Citizen(signed_in, permit_page)
    citizen.start()
    response = citizen.fill("etape-1", {"nom": "Jeanne", "plan-library": theirs})
    assert response.status_code == 200
    assert "Joignez au moins un fichier." in response.content.decode()
    assert Upload.objects.count() == 1  # nothing was copied


def test_a_document_too_large_for_the_question_is_refused_by_its_title(
    signed_in,
    permit_page,  # noqa: F811
):
    big = PDF_BYTES + b"%" * (1024 * 1024)  # the plan question takes 1 Mo at most
    _add(signed_in, "Grand plan", "grand.pdf", big)
    token = WalletDocument.objects.get().upload.token
    citizen = Citizen(signed_in, permit_page)
    html = citizen.start().content.decode()
    assert f'value="{token}"' not in html.split('name="photos"')[0]  # not offered
    response = citizen.fill("etape-1", {"nom": "Jeanne", "plan-library": token})
    assert "Grand plan : Ce fichier pèse" in response.content.decode()
