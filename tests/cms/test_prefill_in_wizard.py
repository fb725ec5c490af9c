"""A signed-in citizen's profile prefills the questions that ask for it."""

from cms.accounts.models import CitizenProfile
from cms.models import ProcedurePage
from tests.citizen import Citizen


def test_the_terrace_form_opens_with_the_citizens_phone_and_email(
    client, demo_city, django_user_model
):
    user = django_user_model.objects.create_user(
        "cafe@exemple.fr", email="cafe@exemple.fr", password="x", first_name="Léa", last_name="Roux"
    )
    CitizenProfile.objects.create(user=user, phone="+33612345678")
    client.force_login(user)
    html = Citizen(client, ProcedurePage.objects.get(slug="terrasse")).start().content.decode()
    assert 'value="06 12 34 56 78"' in html
    assert 'value="cafe@exemple.fr"' in html


def test_an_agent_typing_for_someone_gets_no_profile_of_their_own(
    client, demo_city, people, demo_password
):
    client.login(username="nadia.voirie", password=demo_password)
    page = ProcedurePage.objects.get(slug="terrasse")
    client.post(
        "/bureau/saisie/",
        {
            "procedure": page.pk,
            "channel": "counter",
            "name": "Marc Petit",
            "email": "marc@exemple.fr",
        },
    )
    html = client.get(f"{page.url}formulaire/etape-1/").content.decode()
    assert "nadia.voirie@val-fleuri.example" not in html
