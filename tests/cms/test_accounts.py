"""Optional citizen accounts: register and verify, sign in, reset the password, keep a
profile that prefills the forms, and a dashboard that shows one person their own things."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from casework.history import Via
from casework.models import Case, Notification
from casework.services.cases import CaseActionRefused, case_submit, case_transition
from casework.services.citizens import case_attach_citizen
from cms.accounts.models import CitizenProfile
from cms.accounts.prefill import prefill_answers
from cms.accounts.selectors import citizen_notifications
from cms.accounts.services import VERIFICATION_MAX_AGE, verification_token
from formbuilder.compiler import compile_form
from formbuilder.drafts import draft_from_token, draft_start
from formbuilder.rendering import form_class_for
from formbuilder.validation import answer_errors
from tests.conftest import VALID_ANSWERS
from tests.factories import PASSWORD, UserFactory
from tests.formbuilder.forms import question

PASSWORD_NEW = "Velo-Rouge-Sur-Le-Pont-42"
User = get_user_model()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the rate limits count in the cache, shared by every test of the run
    yield
    cache.clear()


def _register(client, capture, **overrides):
    data = {
        "email": "Jeanne.Lefevre@Exemple.fr",
        "first_name": "Jeanne",
        "last_name": "Lefèvre",
        "password1": PASSWORD_NEW,
        "password2": PASSWORD_NEW,
        **overrides,
    }
    with capture(execute=True):
        return client.post("/compte/inscription/", data)


def _link(body: str) -> str:
    return re.search(r"https?://\S+(/compte/\S+/)", body).group(1)


def _citizen(email="citoyen@exemple.fr", **extra):
    user = UserFactory(username=email, email=email, **extra)
    CitizenProfile.objects.get_or_create(user=user, defaults={"email_verified_at": timezone.now()})
    return user


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Registration and verification -------------------------------------------------


def test_registering_opens_an_inactive_account_that_the_mailed_link_activates(
    client, db, django_capture_on_commit_callbacks
):
    response = _register(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == "/compte/inscription/envoyee/"
    user = User.objects.get()
    assert (user.username, user.email, user.is_active) == (
        "jeanne.lefevre@exemple.fr",
        "jeanne.lefevre@exemple.fr",
        False,
    )
    assert user.citizen_profile.email_verified_at is None
    [message] = mail.outbox
    assert message.to == ["jeanne.lefevre@exemple.fr"]
    assert message.subject == "Activez votre compte"
    link = _link(message.body)
    assert re.fullmatch(r"/compte/activation/[A-Za-z0-9_-]+/", link)

    # Not before the address is verified.
    assert not client.login(username="jeanne.lefevre@exemple.fr", password=PASSWORD_NEW)

    response = client.get(link, follow=True)
    assert response.redirect_chain[-1][0] == "/compte/connexion/"
    assert "Votre adresse e-mail est vérifiée" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active and user.citizen_profile.email_verified_at is not None
    assert client.get(link).status_code == 302  # opening it twice does no harm

    response = client.post(
        "/compte/connexion/", {"username": "JEANNE.lefevre@exemple.fr", "password": PASSWORD_NEW}
    )
    assert response.status_code == 302 and response.url == "/compte/"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password2": "autre-chose-123"}, "password2", "ne sont pas identiques"),
        ({"password1": "court", "password2": "court"}, "password1", "trop court"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1", "numérique"),
        ({"email": "jeanne@"}, "email", "Saisissez une adresse e-mail valide"),
        ({"first_name": ""}, "first_name", "Ce champ est obligatoire"),
    ],
)
def test_registration_mistakes_are_told_in_french_at_the_field(
    client, db, django_capture_on_commit_callbacks, overrides, field, message
):
    response = _register(client, django_capture_on_commit_callbacks, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_erreur"' in html
    assert not User.objects.exists() and not mail.outbox


def test_an_address_already_registered_gets_the_same_page_and_nothing_changes(
    client, db, django_capture_on_commit_callbacks
):
    existing = _citizen("jeanne.lefevre@exemple.fr")
    fresh = _register(Client(), django_capture_on_commit_callbacks, email="nouvelle@exemple.fr")
    mail.outbox.clear()

    response = _register(client, django_capture_on_commit_callbacks)
    assert (response.status_code, response.url) == (fresh.status_code, fresh.url)
    assert client.get(response.url).content == Client().get(fresh.url).content
    assert User.objects.filter(email__iexact="jeanne.lefevre@exemple.fr").count() == 1
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD) and existing.first_name == "Camille"
    # The owner learns of it by mail, with no activation link: nothing to take over.
    [message] = mail.outbox
    assert message.to == ["jeanne.lefevre@exemple.fr"]
    assert message.subject == "Vous avez déjà un compte"
    assert "/compte/mot-de-passe/" in message.body and "/activation/" not in message.body


def test_a_staff_address_is_not_taken_over_either(
    client, people, django_capture_on_commit_callbacks
):
    agent = people["agent"]
    _register(client, django_capture_on_commit_callbacks, email=agent.email.upper())
    assert User.objects.filter(email__iexact=agent.email).count() == 1
    agent.refresh_from_db()
    assert agent.is_active and not hasattr(agent, "citizen_profile")


def test_registering_again_before_verifying_replaces_the_pending_registration(
    client, db, django_capture_on_commit_callbacks
):
    first = "Premier-Essai-2026"
    _register(client, django_capture_on_commit_callbacks, password1=first, password2=first)
    _register(client, django_capture_on_commit_callbacks)
    first, second = (_link(message.body) for message in mail.outbox)
    assert client.get(first).status_code == 410  # signed against the old password
    assert client.get(second).status_code == 302
    user = User.objects.get()
    assert user.is_active and user.check_password(PASSWORD_NEW)


@pytest.mark.parametrize("tamper", ["truncated", "other-salt", "expired"])
def test_a_tampered_or_expired_verification_link_activates_nothing(
    client, db, django_capture_on_commit_callbacks, tamper
):
    if tamper == "expired":
        user = User.objects.create_user("a@exemple.fr", "a@exemple.fr", PASSWORD, is_active=False)
        CitizenProfile.objects.create(user=user)
        past = time.time() - VERIFICATION_MAX_AGE.total_seconds() - 60
        with mock.patch("django.core.signing.time.time", return_value=past):
            link = f"/compte/activation/{verification_token(user)}/"
    else:
        _register(client, django_capture_on_commit_callbacks)
        link = _link(mail.outbox[0].body)
        if tamper == "truncated":
            link = link[:-4] + "abc/"
        else:
            link = "/compte/activation/" + link.split("/")[-2][::-1] + "/"
    response = client.get(link)
    assert response.status_code == 410
    assert "Ce lien d'activation n'est plus valable" in response.content.decode()
    assert not User.objects.get().is_active


def test_a_link_still_works_just_before_three_days(db):
    user = User.objects.create_user("b@exemple.fr", "b@exemple.fr", PASSWORD, is_active=False)
    CitizenProfile.objects.create(user=user)
    past = time.time() - VERIFICATION_MAX_AGE.total_seconds() + 60
    with mock.patch("django.core.signing.time.time", return_value=past):
        token = verification_token(user)
    assert Client().get(f"/compte/activation/{token}/").status_code == 302
    user.refresh_from_db()
    assert user.is_active


def test_an_account_an_administrator_closed_is_not_reopened_by_an_old_link(db):
    user = _citizen(is_active=False)
    assert Client().get(f"/compte/activation/{verification_token(user)}/").status_code == 302
    user.refresh_from_db()
    assert not user.is_active


# --- Signing in and out, password reset ---------------------------------------------


def test_sign_in_with_a_wrong_password_says_so_in_french(client, db):
    _citizen()
    response = client.post(
        "/compte/connexion/", {"username": "citoyen@exemple.fr", "password": "faux"}
    )
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()


def test_sign_in_goes_back_to_the_page_asked_and_sign_out_is_a_post(client, procedure):
    _citizen()
    response = client.post(
        f"/compte/connexion/?next={procedure.url}",
        {"username": "citoyen@exemple.fr", "password": PASSWORD, "next": procedure.url},
    )
    assert response.url == procedure.url
    assert "Mon compte" in client.get("/compte/").content.decode()
    assert client.get("/compte/deconnexion/").status_code == 405
    assert client.post("/compte/deconnexion/").url == "/"
    assert client.get("/compte/").url == "/compte/connexion/?next=/compte/"
    assert "Se connecter" in client.get("/demarches/").content.decode()


def test_a_restricted_procedure_offers_to_sign_in_and_come_back(client, procedure):
    procedure.access = "account"
    procedure.save_revision().publish()
    html = client.get(procedure.url).content.decode()
    assert "Connectez-vous à votre compte pour faire cette démarche." in html
    assert f'href="/compte/connexion/?next={procedure.url}"' in html
    client.force_login(_citizen())
    assert "/compte/connexion/?next=" not in client.get(procedure.url).content.decode()


def test_sign_in_attempts_are_rate_limited(client, db):
    for _attempt in range(10):
        client.post("/compte/connexion/", {"username": "x@exemple.fr", "password": "faux"})
    response = client.post("/compte/connexion/", {"username": "x@exemple.fr", "password": "x"})
    assert response.status_code == 429


def test_password_reset_mails_a_link_that_sets_a_new_password(client, db):
    _citizen()
    response = client.post("/compte/mot-de-passe/", {"email": "citoyen@exemple.fr"})
    assert response.url == "/compte/mot-de-passe/envoye/"
    [message] = mail.outbox
    assert message.subject == "Choisir un nouveau mot de passe"
    link = _link(message.body)
    form = client.get(link, follow=True)
    assert "Choisir un nouveau mot de passe" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": PASSWORD_NEW, "new_password2": PASSWORD_NEW},
    )
    assert done.url == "/compte/mot-de-passe/termine/"
    assert Client().login(username="citoyen@exemple.fr", password=PASSWORD_NEW)
    assert "plus valable" in client.get(link, follow=True).content.decode()  # used once


def test_password_reset_says_the_same_for_unknown_and_unverified_addresses(client, db):
    User.objects.create_user("pending@exemple.fr", "pending@exemple.fr", "x", is_active=False)
    for email in ("inconnu@exemple.fr", "pending@exemple.fr"):
        response = client.post("/compte/mot-de-passe/", {"email": email})
        assert response.url == "/compte/mot-de-passe/envoye/"
    assert not mail.outbox


# --- Profile -----------------------------------------------------------------------


PROFILE = {
    "first_name": "Jeanne",
    "last_name": "Lefèvre",
    "phone": "06 12 34 56 78",
    "numero": "12",
    "voie": "rue des Tilleuls",
    "complement": "",
    "code_postal": "12 345",
    "ville": "Val-Fleuri",
}


def test_the_profile_is_entered_once_and_shown_again(db):
    user = _citizen()
    client = _signed_in(user)
    assert client.get("/compte/").content.decode().count("Compléter mon profil") == 1
    response = client.post("/compte/profil/", PROFILE, follow=True)
    assert response.redirect_chain[-1][0] == "/compte/"
    assert "Votre profil est enregistré." in response.content.decode()
    assert "Compléter mon profil" not in response.content.decode()
    profile = CitizenProfile.objects.get(user=user)
    assert profile.phone == "+33612345678"
    assert profile.address == {
        "numero": "12",
        "voie": "rue des Tilleuls",
        "code_postal": "12345",
        "ville": "Val-Fleuri",
    }
    html = client.get("/compte/profil/").content.decode()
    assert 'value="06 12 34 56 78"' in html and 'value="rue des Tilleuls"' in html


def test_profile_mistakes_are_told_at_the_field(db):
    client = _signed_in(_citizen())
    response = client.post(
        "/compte/profil/", {**PROFILE, "phone": "12", "code_postal": "", "voie": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_phone_erreur"' in html and "numéro de téléphone français" in html
    assert 'id="id_voie_erreur"' in html and "Indiquez la voie, le code postal et la ville." in html
    assert CitizenProfile.objects.get().phone == ""


def test_the_profile_needs_a_signed_in_person(client, db):
    assert client.get("/compte/profil/").url == "/compte/connexion/?next=/compte/profil/"


# --- Dashboard ---------------------------------------------------------------------


def _submit(procedure, user, **answers):
    return case_submit(
        procedure=procedure,
        form_version=procedure.form.current_version,
        answers={**VALID_ANSWERS, **answers},
        citizen_email=VALID_ANSWERS["email"],
        actor=user,
    ).case


def test_the_dashboard_lists_ones_own_cases_drafts_and_notifications_only(procedure, people):
    mine, theirs = _citizen("moi@exemple.fr"), _citizen("autre@exemple.fr")
    open_case = _submit(procedure, mine)
    closed_case = _submit(procedure, mine)
    for status, version in (("in_progress", 0), ("done", 1)):
        case_transition(
            case=closed_case,
            to_status=status,
            actor=people["agent"],
            reason="Traité",
            expected_version=version,
        )
    other_case = _submit(procedure, theirs)
    anonymous_case = _submit(procedure, None)
    version = procedure.form.current_version
    my_draft = draft_start(page=procedure, form_version=version, user=mine)
    expired = draft_start(page=procedure, form_version=version, user=mine)
    expired.expires_at = timezone.now() - timedelta(minutes=1)
    expired.save()
    sent = draft_start(page=procedure, form_version=version, user=mine)
    sent.submitted_at = timezone.now()
    sent.save()
    draft_start(page=procedure, form_version=version, user=theirs)

    html = _signed_in(mine).get("/compte/").content.decode()
    in_progress = html[html.index('data-testid="in-progress"') : html.index('id="brouillons"')]
    drafts = html[html.index('id="brouillons"') : html.index('id="passees"')]
    past = html[html.index('id="passees"') : html.index('id="notifications"')]
    notifications = html[html.index('id="notifications"') : html.index('id="rattacher"')]

    assert open_case.reference in in_progress and closed_case.reference not in in_progress
    assert "Votre demande a bien été reçue." in in_progress
    assert procedure.department.name in in_progress
    assert f'href="/suivi/{open_case.tracking_code}/"' in in_progress
    assert closed_case.reference in past and "Votre demande a été traitée." in past
    assert drafts.count("Reprendre") == 1
    resume = re.search(r'href="([^"]*/reprendre/[^"]+/)"', drafts).group(1)
    assert procedure.url in resume
    assert draft_from_token(resume.rstrip("/").rsplit("/", 1)[1]) == my_draft
    follow = Client().get(resume)
    assert follow.status_code == 302 and follow.url.endswith("/formulaire/")
    assert f"Accusé de réception de votre demande {open_case.reference}" in notifications
    assert f"Votre demande {closed_case.reference} : Traité" in notifications
    for stranger in (other_case, anonymous_case):
        assert stranger.reference not in html
        assert stranger.tracking_code not in html

    other_html = _signed_in(theirs).get("/compte/").content.decode()
    for case in (open_case, closed_case):
        assert case.reference not in other_html


def test_notifications_are_the_newest_twenty(procedure):
    user = _citizen()
    case = _submit(procedure, user)
    for number in range(25):
        Notification.objects.create(
            case=case,
            kind="status_changed",
            recipient=case.citizen_email,
            subject=f"Message {number}",
            body_text=".",
            created_at=timezone.now() + timedelta(minutes=number),
        )
    Notification.objects.create(  # to the department, about the same case: not the citizen's
        case=case, kind="citizen_reply", recipient="etat-civil@val-fleuri.example", subject="."
    )
    shown = citizen_notifications(user)
    assert len(shown) == 20
    assert [n.subject for n in shown[:2]] == ["Message 24", "Message 23"]


def test_the_dashboard_needs_a_signed_in_person(client, db):
    assert client.get("/compte/").url == "/compte/connexion/?next=/compte/"


# --- Attaching a case sent without an account ----------------------------------------


def test_a_case_sent_without_an_account_is_attached_with_its_reference_and_code(submitted):
    user = _citizen()
    client = _signed_in(user)
    typed_code = submitted.tracking_code.replace("-", "").lower()
    response = client.post(
        "/compte/",
        {"reference": submitted.case.reference.lower(), "tracking_code": typed_code},
        follow=True,
    )
    assert f"La demande {submitted.case.reference} est ajoutée" in response.content.decode()
    case = Case.objects.get()
    assert case.citizen == user
    latest = case.history.latest()
    assert latest.history_user == user
    assert latest.history_channel == Via.CITIZEN_SITE
    assert latest.history_change_reason == "Demande rattachée au compte de l'usager"
    assert case.reference in response.content.decode().split('id="en-cours"')[1]


@pytest.mark.parametrize("mistake", ["code", "reference", "both"])
def test_a_wrong_reference_or_code_gets_one_message_and_attaches_nothing(submitted, mistake):
    reference, code = submitted.case.reference, submitted.tracking_code
    if mistake in ("code", "both"):
        code = "0000-0000-0000-0000"
    if mistake in ("reference", "both"):
        reference = "DEM-1999-000001"
    response = _signed_in(_citizen()).post(
        "/compte/", {"reference": reference, "tracking_code": code}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "ne correspondent à aucune demande" in html
    assert 'id="id_tracking_code_erreur"' in html
    assert Case.objects.get().citizen is None


def test_a_case_already_attached_stays_with_its_account(submitted):
    owner, other = _citizen("owner@exemple.fr"), _citizen("other@exemple.fr")
    data = {"reference": submitted.case.reference, "tracking_code": submitted.tracking_code}
    assert _signed_in(owner).post("/compte/", data).status_code == 302

    again = _signed_in(owner).post("/compte/", data).content.decode()
    assert "Cette demande est déjà dans votre espace." in again
    response = _signed_in(other).post("/compte/", data)
    assert response.status_code == 400
    assert "déjà rattachée à un autre compte" in response.content.decode()
    assert Case.objects.get().citizen == owner
    with pytest.raises(CaseActionRefused):
        case_attach_citizen(case=submitted.case, user=other)


# --- Prefill -----------------------------------------------------------------------


@pytest.fixture
def prefilled_form():
    return compile_form(
        title="Inscription",
        fields=[
            question("short_text", "prenom", prefill="first_name"),
            question("short_text", "nom", prefill="last_name"),
            question("email", "courriel", prefill="email"),
            question("phone", "telephone", prefill="phone"),
            question("address", "adresse", prefill="address"),
            question("short_text", "adresse_en_ligne", prefill="address"),
            question("short_text", "remarque", prefill=""),
        ],
    )


def test_prefill_answers_from_each_source_in_the_stored_formats(db, prefilled_form):
    user = _citizen("jeanne@exemple.fr", first_name="Jeanne", last_name="Lefèvre")
    CitizenProfile.objects.filter(user=user).update(
        phone="+33612345678", numero="12", voie="rue des Tilleuls", code_postal="12345"
    )
    CitizenProfile.objects.filter(user=user).update(ville="Val-Fleuri")
    schema, ui = prefilled_form.schema, prefilled_form.ui_schema

    answers = prefill_answers(user, schema, ui)
    assert answers == {
        "prenom": "Jeanne",
        "nom": "Lefèvre",
        "courriel": "jeanne@exemple.fr",
        "telephone": "+33612345678",
        "adresse": {
            "numero": "12",
            "voie": "rue des Tilleuls",
            "code_postal": "12345",
            "ville": "Val-Fleuri",
        },
        "adresse_en_ligne": "12 rue des Tilleuls, 12345 Val-Fleuri",
    }
    answer_errors_left = answer_errors(schema, ui, {**answers, "remarque": "rien"})
    assert answer_errors_left == {}  # valid answers, as the form would have stored them
    # Handed to the form as answers, the phone shows as it is written in France.
    form = form_class_for(schema, ui)(answers=answers)
    assert form["telephone"].value() == "06 12 34 56 78"
    assert form["adresse"].value() == answers["adresse"]


def test_prefill_answers_leaves_out_what_the_profile_does_not_know(db, prefilled_form):
    from django.contrib.auth.models import AnonymousUser

    schema, ui = prefilled_form.schema, prefilled_form.ui_schema
    assert prefill_answers(AnonymousUser(), schema, ui) == {}
    staff = UserFactory(username="agent", email="agent@exemple.fr", first_name="", last_name="X")
    assert prefill_answers(staff, schema, ui) == {"nom": "X", "courriel": "agent@exemple.fr"}
