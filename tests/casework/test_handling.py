"""Who handles a case: the agent in charge, a transfer to another department, a transfer
out of the town; each role against each of these URLs."""

import pytest
from django.core import mail
from django.urls import reverse

from casework.models import Case, CaseMessage, Department
from casework.selectors import can_change_case, can_view_case, cases_visible_to
from casework.services.assignment import case_assign
from casework.services.cases import CaseActionRefused, case_transition
from casework.services.transfers import case_transfer, case_transfer_outside


def _login(client, user, password):
    assert client.login(username=user.username, password=password)


def _fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def _department(slug: str) -> Department:
    return Department.objects.get(slug=slug)


# Assignment


def test_an_agent_takes_a_case_then_hands_it_back_to_the_department(people, case):
    agent = people["agent"]
    case_assign(case=case, assignee=agent, actor=agent, expected_version=0)
    case = _fresh(case)
    assert case.assignee == agent and case.lock_version == 1
    assert case.history.latest().history_change_reason == "Dossier attribué à Paul Bernard"
    case_assign(case=case, assignee=None, actor=agent, expected_version=1)
    assert _fresh(case).assignee is None
    assert (
        _fresh(case).history.latest().history_change_reason
        == "Dossier remis au service, sans agent attitré"
    )


def test_a_case_is_only_given_to_a_member_of_its_department(people, case):
    with pytest.raises(CaseActionRefused, match="n'est pas membre du service État civil"):
        case_assign(
            case=case,
            assignee=people["other_department_agent"],
            actor=people["agent"],
            expected_version=0,
        )
    assert _fresh(case).assignee is None


def test_the_assignment_form_refuses_a_stranger_at_the_field_and_keeps_the_page(
    client, people, case, demo_password
):
    _login(client, people["agent"], demo_password)
    response = client.post(
        reverse("backoffice:case-assign", args=[case.reference]),
        {"assignee": people["other_department_agent"].pk, "expected_version": 0},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "L'attribution n'a pas été enregistrée" in html
    assert "Sélectionnez un choix valide" in html
    assert _fresh(case).assignee is None


# Transfer to another department


def test_a_transfer_moves_the_case_and_its_access_rights(
    people, case, django_capture_on_commit_callbacks
):
    agent, roads = people["agent"], people["other_department_agent"]
    case_assign(case=case, assignee=agent, actor=agent, expected_version=0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_transfer(
            case=_fresh(case),
            department=_department("espace-public"),
            actor=agent,
            reason="Demande d'occupation de trottoir, pas d'état civil",
            expected_version=1,
        )
    case = _fresh(case)
    assert case.department.slug == "espace-public" and case.assignee is None
    assert not can_view_case(agent, case) and not can_change_case(agent, case)
    assert can_change_case(roads, case)
    assert cases_visible_to(roads).filter(pk=case.pk).exists()
    assert case.history.latest().history_change_reason == (
        "Transféré du service État civil au service Voirie et espace public : "
        "Demande d'occupation de trottoir, pas d'état civil"
    )
    (told,) = [message for message in mail.outbox if "transféré à votre service" in message.subject]
    assert told.to == ["voirie@val-fleuri.example"]
    assert "Demande d'occupation de trottoir" in told.body


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("same", "déjà traité par ce service"),
        ("no_reason", "Indiquez pourquoi"),
        ("closed", "Ce dossier est clos"),
    ],
)
def test_transfers_that_make_no_sense_are_refused(people, case, setup, message):
    agent = people["agent"]
    department, reason, version = _department("espace-public"), "Pas chez nous", 0
    if setup == "same":
        department = case.department
    if setup == "no_reason":
        reason = "  "
    if setup == "closed":
        case_transition(
            case=case, to_status="refused", actor=agent, reason="Incomplet", expected_version=0
        )
        version = 1
    with pytest.raises(CaseActionRefused, match=message):
        case_transfer(
            case=_fresh(case),
            department=department,
            actor=agent,
            reason=reason,
            expected_version=version,
        )
    assert _fresh(case).department.slug == "etat-civil"


def test_after_a_transfer_the_agent_lands_back_on_the_queue(client, people, case, demo_password):
    _login(client, people["agent"], demo_password)
    response = client.post(
        reverse("backoffice:case-transfer", args=[case.reference]),
        {
            "department": _department("espace-public").pk,
            "reason": "Ne relève pas de l'état civil",
            "expected_version": 0,
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("backoffice:queue")
    assert _fresh(case).department.slug == "espace-public"


def test_a_transfer_without_a_reason_comes_back_with_the_error_at_the_field(
    client, people, case, demo_password
):
    _login(client, people["agent"], demo_password)
    response = client.post(
        reverse("backoffice:case-transfer", args=[case.reference]),
        {"department": _department("espace-public").pk, "reason": "", "expected_version": 0},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="transfert_reason_erreur"' in html
    assert "Indiquez pourquoi le dossier change de service." in html
    # The choice made is still selected: nothing the agent did is lost.
    assert f'<option value="{_department("espace-public").pk}" selected>' in html


# Transfer out of the town


def test_a_case_outside_the_town_s_competence_is_sent_on_and_the_citizen_told(
    people, case, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case_transfer_outside(
            case=case,
            body="Conseil départemental",
            actor=people["agent"],
            reason="Aide sociale départementale",
            message="Votre demande est transmise au Conseil départemental, 01 23 45 67 89.",
            expected_version=0,
        )
    case = _fresh(case)
    assert case.status == "outside" and case.transferred_to == "Conseil départemental"
    assert case.decided_at is not None and case.decision == ""
    assert case.history.latest().history_change_reason == (
        "Transmis à Conseil départemental : Aide sociale départementale"
    )
    message = CaseMessage.objects.get(case=case)
    assert "01 23 45 67 89" in message.body
    to_citizen = [m for m in mail.outbox if m.to == [case.citizen_email]]
    assert any("01 23 45 67 89" in m.body for m in to_citizen)
    assert any("transmise à l'organisme compétent" in m.body for m in to_citizen)


def test_the_outside_status_is_not_among_ordinary_status_changes(people, case):
    with pytest.raises(CaseActionRefused, match="organisme extérieur"):
        case_transition(
            case=case, to_status="outside", actor=people["agent"], reason="x", expected_version=0
        )


def test_the_outside_form_asks_for_each_missing_part_at_its_field(
    client, people, case, demo_password
):
    _login(client, people["agent"], demo_password)
    response = client.post(
        reverse("backoffice:case-transfer-outside", args=[case.reference]),
        {"body": "Enedis", "reason": "", "message": "", "expected_version": 0},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="exterieur_reason_erreur"' in html and 'id="exterieur_message_erreur"' in html
    assert 'value="Enedis"' in html  # what was typed stays
    assert _fresh(case).status == "received"


def test_the_case_page_offers_handling_forms_to_the_department_only(
    client, people, case, demo_password
):
    _login(client, people["agent"], demo_password)
    html = client.get(reverse("backoffice:case", args=[case.reference])).content.decode()
    assert "Prise en charge" in html and "Transférer à un autre service" in html
    assert "Transmettre à un organisme extérieur" in html
    # The plain status list does not offer the outside status without its questions.
    assert '<option value="outside"' not in html
    _login(client, people["auditor"], demo_password)
    html = client.get(reverse("backoffice:case", args=[case.reference])).content.decode()
    assert "Prise en charge" not in html and "Transférer" not in html


# Each role against each URL

HANDLING_POSTS = {
    "backoffice:case-assign": lambda people: {"assignee": people["agent"].pk},
    "backoffice:case-transfer": lambda people: {
        "department": Department.objects.get(slug="espace-public").pk,
        "reason": "Pas chez nous",
    },
    "backoffice:case-transfer-outside": lambda people: {
        "body": "Préfecture",
        "reason": "Compétence de l'État",
        "message": "Votre demande est transmise à la préfecture.",
    },
}


@pytest.mark.parametrize("url_name", list(HANDLING_POSTS))
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("agent", 302),
        ("auditor", 403),
        ("other_department_agent", 404),
        ("communication", 403),
        ("no_role", 403),
    ],
)
def test_handling_a_case_by_role(client, people, case, demo_password, url_name, role, expected):
    password = demo_password if role != "no_role" else "mot-de-passe-de-test"
    _login(client, people[role], password)
    data = {**HANDLING_POSTS[url_name](people), "expected_version": 0}
    response = client.post(reverse(url_name, args=[case.reference]), data)
    assert response.status_code == expected
    assert (_fresh(case).lock_version == 1) is (expected == 302)


@pytest.mark.parametrize("url_name", list(HANDLING_POSTS))
def test_handling_urls_send_anonymous_visitors_to_log_in_and_refuse_get(
    client, people, case, demo_password, url_name
):
    url = reverse(url_name, args=[case.reference])
    response = client.post(url, {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))
    _login(client, people["agent"], demo_password)
    assert client.get(url).status_code == 405


def test_elected_officials_and_consulted_departments_cannot_transfer(
    client, staff, terrace, demo_password
):
    from casework.services.consultations import consultation_request

    consultation_request(
        case=terrace,
        departments=[_department("finances")],
        actor=staff["agent"],
        expected_version=0,
    )
    for role in ("finances", "elected"):
        _login(client, staff[role], demo_password)
        response = client.post(
            reverse("backoffice:case-transfer", args=[terrace.reference]),
            {"department": _department("finances").pk, "reason": "x", "expected_version": 1},
        )
        assert response.status_code in (403, 404), role
    assert _fresh(terrace).department.slug == "espace-public"


def test_a_long_reason_is_kept_whole_in_the_history(people, case):
    # A motive is the agent's own words: PostgreSQL once cut them at 100 characters.
    reason = "Le demandeur réside hors de la commune ; " * 20
    case_transfer(
        case=case,
        department=_department("espace-public"),
        actor=people["agent"],
        reason=reason,
        expected_version=0,
    )
    assert _fresh(case).history.latest().history_change_reason.endswith(reason.strip())
