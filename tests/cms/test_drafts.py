"""Drafts: saved at each step, resumed on another device, expired or tampered links refused."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from casework.models import Case
from formbuilder.drafts import drafts_purge_expired
from formbuilder.models import Draft
from tests.citizen import Citizen
from tests.conftest import VALID_ANSWERS


@pytest.fixture
def citizen(client, procedure):
    return Citizen(client, procedure)


def _resume_link(html: str) -> str:
    start = html.index('data-testid="resume-link">') + len('data-testid="resume-link">')
    return html[start : html.index("</a>", start)]


def test_saving_for_later_keeps_what_was_typed_and_emails_the_link(
    citizen, django_capture_on_commit_callbacks
):
    citizen.start()
    with django_capture_on_commit_callbacks(execute=True):
        response = citizen.fill(
            "etape-1", {"nom": "Lefèvre", "email": "jeanne@exemple.fr"}, guichet_save="1"
        )
    html = response.content.decode()
    assert "Votre demande est enregistrée" in html
    link = _resume_link(html)
    assert "/demarches/acte-de-naissance/reprendre/" in link
    draft = Draft.objects.get()
    assert draft.wizard_data["step_data"]["etape-1"]["nom"] == ["Lefèvre"]
    [email] = mail.outbox  # the e-mail answer is known once the step is checked
    assert link in email.body


def test_a_draft_resumes_on_another_device_and_is_sent_from_there(citizen, procedure):
    citizen.start()
    html = citizen.fill("etape-1", {"nom": "Lefèvre"}, guichet_save="1").content.decode()
    link = _resume_link(html)

    phone = Citizen(Client(), procedure)
    step = phone.client.get(link, follow=True).content.decode()
    assert 'value="Lefèvre"' in step
    assert phone.fill("etape-1", VALID_ANSWERS).status_code == 302
    phone.send()
    assert Case.objects.count() == 1


@pytest.mark.parametrize("tamper", ["truncate", "expire"])
def test_an_expired_or_tampered_link_says_so_and_offers_to_start_again(citizen, procedure, tamper):
    citizen.start()
    link = _resume_link(citizen.fill("etape-1", {"nom": "X"}, guichet_save="1").content.decode())
    if tamper == "truncate":
        link = link[:-3] + "abc/"
    else:
        Draft.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().get(link)
    html = response.content.decode()
    assert response.status_code == 410
    assert "Ce lien de reprise n'est plus valable" in html
    assert "Recommencer la démarche" in html


def test_going_back_keeps_the_page_typed_even_unchecked(citizen):
    citizen.start()
    citizen.fill("etape-1", VALID_ANSWERS)
    response = citizen.fill("recapitulatif", {}, wizard_goto_step="etape-1")
    assert response.status_code == 302
    html = citizen.client.get(citizen.url("etape-1")).content.decode()
    assert 'value="Lefèvre"' in html


def test_expired_drafts_are_purged(citizen):
    citizen.start()
    Draft.objects.update(expires_at=timezone.now() - timedelta(days=1))
    assert drafts_purge_expired() == 1
    assert Draft.objects.count() == 0


def test_the_page_script_saves_what_is_typed_without_checking_it(citizen):
    citizen.start()
    response = citizen.fill("etape-1", {"nom": "Lefè", "email": "jea"}, guichet_autosave="1")
    assert response.status_code == 204
    data = Draft.objects.get().wizard_data["step_data"]["etape-1"]
    assert data["nom"] == ["Lefè"] and data["email"] == ["jea"]
    assert 'value="Lefè"' in citizen.client.get(citizen.url("etape-1")).content.decode()


def test_an_autosave_for_another_step_than_the_current_one_is_ignored(citizen):
    citizen.start()
    response = citizen.client.post(
        citizen.url("etape-1"),
        {"guichet-current_step": "recapitulatif", "nom": "X", "guichet_autosave": "1"},
    )
    assert response.status_code == 204
    assert "etape-1" not in Draft.objects.get().wizard_data.get("step_data", {})
