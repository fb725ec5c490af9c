"""Story 1: a communications officer builds a form and a procedure page in the Wagtail admin."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from casework.models import Department
from cms.models import ProcedureIndexPage, ProcedurePage
from formbuilder.models import FormDefinition
from tests.citizen import Citizen

NO_CONDITION = {"combine": "all", "rules": {"count": 0}}


def admin_stream(items):
    """StreamField POST data as the Wagtail editor sends it, with empty conditions."""
    return streamfield([(kind, {"visible_when": NO_CONDITION, **value}) for kind, value in items])


def _options(*labels):
    data = {"count": len(labels)}
    for index, label in enumerate(labels):
        data[str(index)] = {
            "value": {"label": label, "value": ""},
            "deleted": "",
            "order": index,
            "id": "",
        }
    return data


def test_a_communications_officer_builds_and_publishes_a_procedure(client, people, demo_password):
    assert client.login(username=people["communication"].username, password=demo_password)

    form_data = nested_form_data(
        {
            "name": "Inscription sur les listes électorales",
            "fields": admin_stream(
                [
                    (
                        "short_text",
                        {
                            "label": "Nom",
                            "name": "",
                            "help_text": "",
                            "required": "on",
                            "placeholder": "",
                            "max_length": "120",
                        },
                    ),
                    (
                        "email",
                        {"label": "Adresse e-mail", "name": "", "help_text": "", "required": "on"},
                    ),
                    (
                        "choice",
                        {
                            "label": "Situation",
                            "name": "",
                            "help_text": "",
                            "required": "on",
                            "widget": "radio",
                            "options": _options("Nouvel arrivant", "Changement d'adresse"),
                        },
                    ),
                ]
            ),
        }
    )
    response = client.post(
        reverse("wagtailsnippets_formbuilder_formdefinition:add"),
        {**form_data, "action-publish": "publish"},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    definition = FormDefinition.objects.get(name="Inscription sur les listes électorales")
    version = definition.current_version
    assert version.number == 1 and version.published_by == people["communication"]
    assert version.ui_schema["order"] == ["nom", "adresse_e_mail", "situation"]
    assert [o["const"] for o in version.schema["properties"]["situation"]["oneOf"]] == [
        "nouvel_arrivant",
        "changement_d_adresse",
    ]

    index = ProcedureIndexPage.objects.get(slug="demarches")
    department = Department.objects.get(slug="etat-civil")
    page_data = nested_form_data(
        {
            "title": "S'inscrire sur les listes électorales",
            "slug": "listes-electorales",
            "summary": "Pour voter aux prochaines élections.",
            "body": rich_text("<p>Inscription possible toute l'année.</p>"),
            "form": definition.pk,
            "department": department.pk,
            "reference_prefix": "ELE",
            "retention_months": "24",
            "retention_rule": "anonymise",
            "theme": "elections",
            "kind": "request",
            "access": "open",
            "cost": "Gratuit",
            "routing_rules": inline_formset([]),  # no rule: the department above handles all
            "action-publish": "publish",
        }
    )
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "procedurepage", index.pk]), page_data
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    page = ProcedurePage.objects.get(slug="listes-electorales")
    assert page.live

    client.logout()
    html = Citizen(client, page).start().content.decode()
    assert "Changement d&#x27;adresse" in html and 'name="adresse_e_mail"' in html


def test_a_duplicate_machine_name_is_refused_at_save_naming_the_question(
    client, people, demo_password
):
    client.login(username=people["communication"].username, password=demo_password)
    form_data = nested_form_data(
        {
            "name": "Formulaire en double",
            "fields": admin_stream(
                [
                    (
                        "short_text",
                        {"label": "Nom", "name": "nom", "required": "on", "max_length": "10"},
                    ),
                    ("long_text", {"label": "Autre nom", "name": "nom", "max_length": "10"}),
                ]
            ),
        }
    )
    response = client.post(
        reverse("wagtailsnippets_formbuilder_formdefinition:add"),
        {**form_data, "action-publish": "publish"},
    )
    assert response.status_code == 200
    # Wagtail draws stream errors at the block from this structure, next to question 2.
    [stream_error] = response.context["form"].errors.as_data()["fields"]
    name_error = stream_error.block_errors[1].block_errors["name"]
    assert "« nom » est déjà utilisé par la question 1" in name_error.messages[0]
    assert not FormDefinition.objects.filter(name="Formulaire en double").exists()


def test_the_form_preview_renders_as_a_citizen_sees_it(client, people, demo_password, procedure):
    client.login(username=people["communication"].username, password=demo_password)
    definition = procedure.form
    url = reverse(
        "wagtailsnippets_formbuilder_formdefinition:preview_on_edit", args=[definition.pk]
    )
    data = nested_form_data(
        {
            "name": definition.name,
            "fields": admin_stream(
                [
                    (
                        "short_text",
                        {
                            "label": "Question d'essai",
                            "name": "essai",
                            "required": "on",
                            "max_length": "10",
                        },
                    ),
                ]
            ),
        }
    )
    assert client.post(url, data).json()["is_valid"]
    html = client.get(url).content.decode()
    assert "Question d&#x27;essai" in html
