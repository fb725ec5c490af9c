"""Right of access: an administrator finds everything held about a citizen by e-mail and
downloads it as a ZIP bundle; both the lookup and the export are journaled."""

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import JournalEntry
from casework.services.messages import citizen_reply
from cms.accounts.models import CitizenProfile, WalletDocument
from cms.accounts.services import profile_update
from cms.accounts.wallet import wallet_document_add
from formbuilder.drafts import draft_new
from formbuilder.uploads import upload_store
from tests.conftest import VALID_ANSWERS
from tests.factories import UserFactory

LOOKUP = "/admin/donnees-usager/"
EXPORT = "/admin/donnees-usager/export/"
EMAIL = VALID_ANSWERS["email"]
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def citizen(case, procedure):
    """Jeanne has an account, a profile, a wallet document, a draft, and the case she
    filed (with the same address), in which she sent a file."""
    user = UserFactory(username=EMAIL, email=EMAIL, first_name="Jeanne", last_name="Lefèvre")
    profile_update(
        user=user,
        first_name="Jeanne",
        last_name="Lefèvre",
        phone="+33612345678",
        address={"numero": "3", "voie": "rue des Lilas", "code_postal": "94250", "ville": "X"},
    )
    wallet_document_add(
        user=user,
        title="Justificatif de domicile",
        uploaded=SimpleUploadedFile("facture-edf.pdf", PDF_BYTES),
    )
    sent = upload_store(
        uploaded=SimpleUploadedFile("livret.pdf", PDF_BYTES),
        owner="test",
        allowed=("application/pdf",),
        max_bytes=10_000,
    )
    citizen_reply(case=case, body="Voici le livret de famille.", files=[sent.descriptor()])
    draft = draft_new(page=procedure, form_version=procedure.form.current_version, user=user)
    draft.answers = {"nom": "Lefèvre"}
    draft.save()
    return user


@pytest.fixture
def admin_client(client, demo_password, demo_city):
    assert client.login(username="hugo.admin", password=demo_password)
    return client


def _bundle(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_bundle_holds_the_profile_cases_messages_drafts_wallet_and_files(
    admin_client, citizen, case
):
    bundle = _bundle(admin_client.post(EXPORT, {"email": EMAIL.upper()}))
    data = json.loads(bundle.read("data.json"))

    [account] = data["comptes"]
    assert account["email"] == EMAIL and account["nom"] == "Lefèvre"
    assert account["profil"]["telephone"] == "+33612345678"
    assert account["profil"]["adresse"]["voie"] == "rue des Lilas"
    assert "password" not in json.dumps(data)
    [filed] = data["dossiers"]
    assert filed["numero"] == case.reference and filed["reponses"] == VALID_ANSWERS
    assert filed["identite_declaree"]["email"] == EMAIL
    assert filed["historique"] and filed["statut"]
    [reply] = filed["messages"]
    assert reply["texte"] == "Voici le livret de famille." and reply["de"] == "Usager"
    [sent] = reply["fichiers"]
    assert sent["nom"] == "livret.pdf" and bundle.read(sent["fichier"]) == PDF_BYTES
    [document] = data["porte_documents"]
    assert document["intitule"] == "Justificatif de domicile"
    assert bundle.read(document["fichier"]) == PDF_BYTES
    [draft] = data["brouillons"]
    assert draft["reponses"] == {"nom": "Lefèvre"}


def test_the_export_is_journaled_with_who_and_for_whom(admin_client, citizen):
    admin_client.post(EXPORT, {"email": EMAIL})
    entry = JournalEntry.objects.get(event=JournalEntry.Event.GDPR_EXPORTED)
    assert entry.actor.username == "hugo.admin"
    assert entry.object_label == EMAIL and entry.object_id == str(citizen.pk)
    assert "1 dossier(s)" in entry.detail


def test_looking_a_citizen_up_shows_what_exists_and_is_a_profile_view(admin_client, citizen, case):
    page = admin_client.get(LOOKUP, {"email": EMAIL}).content.decode()
    assert case.reference in page and "archive (ZIP)" in page
    entry = JournalEntry.objects.get(event=JournalEntry.Event.PROFILE_VIEWED)
    assert entry.actor.username == "hugo.admin" and entry.object_label == EMAIL


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("personne@inconnue.fr", "Aucune donnée n&#x27;est enregistrée pour cette adresse"),
        ("pas-une-adresse", "Ce n&#x27;est pas une adresse e-mail valide"),
        ("", "Indiquez l&#x27;adresse e-mail de l&#x27;usager."),
    ],
)
def test_an_unknown_or_malformed_address_gets_a_french_error_at_the_field(
    admin_client, citizen, typed, message
):
    assert message in admin_client.get(LOOKUP, {"email": typed}).content.decode()
    response = admin_client.post(EXPORT, {"email": typed})
    assert response.status_code in (400, 404)
    assert message in response.content.decode()
    assert not JournalEntry.objects.filter(event=JournalEntry.Event.GDPR_EXPORTED).exists()


def test_a_superuser_may_export_too(client, citizen):
    UserFactory(username="root", is_superuser=True, is_staff=True)
    client.login(username="root", password="mot-de-passe-de-test")
    assert _bundle(client.post(EXPORT, {"email": EMAIL})).read("data.json")


@pytest.mark.parametrize(
    "username",
    [
        "paul.etatcivil",  # agent of the case's department
        "nadia.voirie",  # agent of another department
        "sophie.voirie",  # manager
        "elise.maire",  # elected official
        "alain.audit",  # auditor: reads the journal, not the citizens' data
        "claire.com",  # Wagtail admin access, but not this right
    ],
)
def test_only_an_administrator_reaches_the_citizen_data(client, citizen, demo_password, username):
    client.login(username=username, password=demo_password)
    for response in (
        client.get(LOOKUP, {"email": EMAIL}),
        client.post(EXPORT, {"email": EMAIL}),
    ):
        assert response.status_code in (302, 403)
        assert response.get("Content-Type") != "application/zip"
    assert not JournalEntry.objects.filter(
        event__in=[JournalEntry.Event.GDPR_EXPORTED, JournalEntry.Event.PROFILE_VIEWED]
    ).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, citizen):
    assert client.get(LOOKUP, {"email": EMAIL}).status_code == 302
    assert client.post(EXPORT, {"email": EMAIL}).status_code == 302


def test_the_citizen_profile_and_wallet_are_historised_with_actor_and_channel(citizen):
    profile = CitizenProfile.objects.get(user=citizen)
    [row] = profile.history.all()
    assert row.history_user == citizen and row.history_channel == "citizen_site"
    assert row.history_change_reason == "Profil modifié par l'usager"
    document = WalletDocument.objects.get(user=citizen)
    assert document.history.get().history_user == citizen
    assert not hasattr(profile.history.model, "password")
    assert "password" not in {field.name for field in get_user_model().history.model._meta.fields}


def test_opening_an_account_in_the_admin_is_a_profile_view(client, citizen, demo_password):
    from django.urls import reverse

    url = reverse("wagtailusers_users:edit", args=[citizen.pk])
    client.login(username="claire.com", password=demo_password)
    client.get(url)  # not allowed to see accounts: nothing was seen
    assert not JournalEntry.objects.filter(event=JournalEntry.Event.PROFILE_VIEWED).exists()

    UserFactory(username="root", is_superuser=True, is_staff=True)
    client.login(username="root", password="mot-de-passe-de-test")
    assert client.get(url).status_code == 200
    entry = JournalEntry.objects.get(event=JournalEntry.Event.PROFILE_VIEWED)
    assert entry.actor.username == "root" and entry.object_id == str(citizen.pk)
