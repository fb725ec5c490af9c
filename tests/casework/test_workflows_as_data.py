"""A functional administrator defines workflows in the admin; invalid definitions are
refused at save with every problem named; procedures follow the workflow they name."""

import pytest
from django.contrib.auth import get_user_model

from casework.bundled_workflows import BUNDLED_WORKFLOWS
from casework.models import Workflow
from casework.services.cases import CaseActionRefused, case_submit, case_transition
from casework.workflow import SIMPLE_REQUEST, Move, Status, from_definition, workflow_for
from casework.workflow_checks import workflow_problems
from cms.models import ProcedurePage

ADD_URL = "/admin/snippets/casework/workflow/add/"


@pytest.mark.parametrize("definition", BUNDLED_WORKFLOWS, ids=lambda d: d["slug"])
def test_the_bundled_workflows_are_valid(definition):
    workflow = from_definition(definition)
    assert not workflow_problems(
        list(workflow.statuses),
        workflow.moves,
        decision_required=workflow.decision_required,
        consults=False,
    )


def test_a_definition_that_cannot_run_cases_is_refused_with_each_problem():
    problems = workflow_problems(
        [Status("recu", "Reçu", "Reçue"), Status("oublie", "Oublié", "Oublié")],
        [Move("recu", "fantome", "agent")],
        decision_required=True,
        consults=False,
    )
    text = " ".join(problems)
    assert "Aucun statut final" in text
    assert "nomme un statut qui n'existe pas : fantome" in text
    assert "Statut jamais atteint depuis « recu » : oublie" in text
    assert "« accordé »" in text and "« en attente de la décision de l'élu »" in text


def _form(statuses, moves, **fields):
    data = {
        "name": "Inscription à la cantine",
        "slug": "cantine",
        "deadline_days": 30,
        "silence_rule": "none",
        "documents_clock": "suspend",
        "statuses-TOTAL_FORMS": len(statuses),
        "statuses-INITIAL_FORMS": 0,
        "statuses-MIN_NUM_FORMS": 0,
        "statuses-MAX_NUM_FORMS": 1000,
        "transitions-TOTAL_FORMS": len(moves),
        "transitions-INITIAL_FORMS": 0,
        "transitions-MIN_NUM_FORMS": 0,
        "transitions-MAX_NUM_FORMS": 1000,
        "consulted-TOTAL_FORMS": 0,
        "consulted-INITIAL_FORMS": 0,
        "consulted-MIN_NUM_FORMS": 0,
        "consulted-MAX_NUM_FORMS": 1000,
        **fields,
    }
    for index, (slug, final) in enumerate(statuses):
        data.update(
            {
                f"statuses-{index}-slug": slug,
                f"statuses-{index}-label": slug.capitalize(),
                f"statuses-{index}-public_label": f"Votre demande : {slug}.",
                f"statuses-{index}-meaning": "",
                f"statuses-{index}-ORDER": index + 1,
                **({f"statuses-{index}-final": "on"} if final else {}),
            }
        )
    for index, (source, target) in enumerate(moves):
        data.update(
            {
                f"transitions-{index}-source": source,
                f"transitions-{index}-target": target,
                f"transitions-{index}-mover": "agent",
                f"transitions-{index}-ORDER": index + 1,
            }
        )
    return data


@pytest.fixture
def functional_admin(client, demo_city):
    client.force_login(get_user_model().objects.get(username="hugo.admin"))
    return client


def test_the_functional_administrator_saves_a_valid_workflow(functional_admin):
    response = functional_admin.post(
        ADD_URL,
        _form(
            [("recue", False), ("inscrite", True), ("refusee", True)],
            [("recue", "inscrite"), ("recue", "refusee")],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    workflow = Workflow.objects.get(slug="cantine")
    assert [status.slug for status in workflow.statuses.all()] == ["recue", "inscrite", "refusee"]


def test_the_admin_refuses_an_invalid_workflow_and_saves_nothing(functional_admin):
    response = functional_admin.post(
        ADD_URL, _form([("recue", False), ("perdue", False)], [("recue", "ailleurs")])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aucun statut final" in html
    assert "nomme un statut qui n&#x27;existe pas : ailleurs" in html
    assert "Statut jamais atteint depuis « recue » : perdue" in html
    assert not Workflow.objects.filter(slug="cantine").exists()


@pytest.mark.parametrize("username", ["nadia.voirie", "alain.audit", "claire.com"])
def test_only_functional_administrators_edit_workflows(client, demo_city, username):
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(ADD_URL)
    assert response.status_code in (302, 403)


def test_a_procedure_follows_its_workflow_and_moves_respect_who_may_make_them(demo_city):
    reports = ProcedurePage.objects.get(slug="signalement")
    birth = ProcedurePage.objects.get(slug="acte-de-naissance")
    assert workflow_for(type("C", (), {"procedure": birth})()).initial == "received"
    case = case_submit(
        procedure=reports,
        form_version=reports.form.current_version,
        answers={"email": "a@exemple.fr"},
        citizen_email="a@exemple.fr",
    ).case
    assert case.status == "new"
    nadia = get_user_model().objects.get(username="nadia.voirie")
    with pytest.raises(CaseActionRefused, match="n'est pas permis"):
        case_transition(
            case=case, to_status="fixed", actor=nadia, reason="Trop tôt", expected_version=0
        )
    moved = case_transition(
        case=case, to_status="acknowledged", actor=nadia, reason="Vu", expected_version=0
    )
    assert moved.status == "acknowledged"


def test_a_procedure_without_a_workflow_is_a_simple_request():
    assert workflow_for(None) is SIMPLE_REQUEST
    assert SIMPLE_REQUEST.initial == "received"
    assert [s.slug for s in SIMPLE_REQUEST.next_statuses("received")] == [
        "in_progress",
        "refused",
        "outside",
    ]
