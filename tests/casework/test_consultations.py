"""The Aix-en-Provence terrace story: the case goes to several departments for their
opinion, any unfavourable one blocks it, revising it unblocks it, and once all agree the
elected official decides; the citizen is told at each public step."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Consultation, Department, Notification, Opinion
from casework.selectors import business_app_url, can_view_case
from casework.services.cases import CaseActionRefused
from casework.services.consultations import consultation_request, opinion_give
from casework.services.decisions import decision_take
from tests.casework.test_receipt import pdf_text


def _departments(*slugs: str) -> list[Department]:
    return list(Department.objects.filter(slug__in=slugs).order_by("slug"))


def _consult(case: Case, agent) -> list[Consultation]:
    return consultation_request(
        case=case,
        departments=_departments("finances", "police-municipale"),
        actor=agent,
        expected_version=case.lock_version,
    )


def _fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def test_a_terrace_request_starts_received_with_a_two_month_deadline(terrace):
    assert terrace.status == "received"
    # The deadline counts from the day in the town: near midnight UTC it is already tomorrow.
    assert (terrace.deadline - timezone.localdate(terrace.submitted_at)).days == 60


def test_consulted_departments_read_the_case_but_others_do_not(terrace, staff):
    _consult(terrace, staff["agent"])
    case = _fresh(terrace)
    assert case.status == "consultation"
    assert can_view_case(staff["finances"], case) and can_view_case(staff["police"], case)
    assert not can_view_case(staff["other"], case)
    # Finances has ten days, as the workflow says.
    finances = case.consultations.get(department__slug="finances")
    assert (finances.due_at - finances.requested_at).days == 10
    told = set(
        Notification.objects.filter(kind="consultation_requested").values_list(
            "recipient", flat=True
        )
    )
    assert told == {"finances@val-fleuri.example", "police@val-fleuri.example"}


def test_an_unfavourable_opinion_blocks_the_case_and_revising_it_unblocks_it(terrace, staff):
    finances, police = _consult(terrace, staff["agent"])
    opinion_give(
        consultation=police,
        actor=staff["police"],
        opinion=Opinion.UNFAVOURABLE,
        comment="Trois plaintes pour bruit cet été.",
    )
    case = _fresh(terrace)
    assert case.status == "blocked"
    assert "Trois plaintes pour bruit" in case.history.first().history_change_reason
    opinion_give(
        consultation=police,
        actor=staff["police"],
        opinion=Opinion.RESERVED,
        comment="Fermeture à 22 h.",
    )
    assert _fresh(terrace).status == "consultation"  # finances has not answered yet
    opinion_give(
        consultation=finances, actor=staff["finances"], opinion=Opinion.FAVOURABLE, comment=""
    )
    case = _fresh(terrace)
    assert case.status == "awaiting_decision"
    assert can_view_case(staff["elected"], case)


def test_all_favourable_then_the_elected_official_grants_and_the_citizen_is_told(terrace, staff):
    for consultation, who in zip(
        _consult(terrace, staff["agent"]), ("finances", "police"), strict=True
    ):
        opinion_give(
            consultation=consultation, actor=staff[who], opinion=Opinion.FAVOURABLE, comment=""
        )
    case = _fresh(terrace)
    decision_take(
        case=case,
        actor=staff["elected"],
        outcome="granted",
        reason="Terrasse ouverte jusqu'à 22 h.",
        expected_version=case.lock_version,
    )
    case = _fresh(terrace)
    assert (case.status, case.decision, case.decided_by) == ("granted", "granted", staff["elected"])
    letter = Notification.objects.filter(recipient="cafe@exemple.fr").latest("pk")
    assert "Votre autorisation de terrasse est accordée." in letter.body_text
    assert "Terrasse ouverte jusqu'à 22 h." in letter.body_text


def test_only_the_consulted_department_gives_its_opinion(terrace, staff):
    finances, _police = _consult(terrace, staff["agent"])
    for who in ("police", "agent", "elected"):
        with pytest.raises(CaseActionRefused):
            opinion_give(
                consultation=finances, actor=staff[who], opinion=Opinion.FAVOURABLE, comment=""
            )
    assert not Consultation.objects.get(pk=finances.pk).opinion


def test_only_an_elected_official_decides_and_only_when_the_case_awaits_it(terrace, staff):
    with pytest.raises(CaseActionRefused, match="n'attend pas de décision"):
        decision_take(
            case=terrace,
            actor=staff["elected"],
            outcome="granted",
            reason="Oui",
            expected_version=terrace.lock_version,
        )
    for consultation, who in zip(
        _consult(terrace, staff["agent"]), ("finances", "police"), strict=True
    ):
        opinion_give(
            consultation=consultation, actor=staff[who], opinion=Opinion.FAVOURABLE, comment=""
        )
    case = _fresh(terrace)
    with pytest.raises(CaseActionRefused, match="Seul un élu"):
        decision_take(
            case=case,
            actor=staff["agent"],
            outcome="granted",
            reason="Oui",
            expected_version=case.lock_version,
        )
    with pytest.raises(CaseActionRefused, match="Motivez"):
        decision_take(
            case=case,
            actor=staff["elected"],
            outcome="refused",
            reason=" ",
            expected_version=case.lock_version,
        )
    assert _fresh(terrace).status == "awaiting_decision"


def test_a_stale_consultation_request_is_refused_and_saves_nothing(terrace, staff):
    with pytest.raises(CaseActionRefused, match="modifié par quelqu'un d'autre"):
        consultation_request(
            case=terrace,
            departments=_departments("finances"),
            actor=staff["agent"],
            expected_version=terrace.lock_version + 1,
        )
    assert not Consultation.objects.exists() and _fresh(terrace).status == "received"


def test_the_business_application_button_carries_the_case_s_answers(terrace):
    finances = Department.objects.get(slug="finances")
    assert (
        business_app_url(finances, terrace.answers)
        == "https://finances.val-fleuri.example/tiers?siret=73282932000074"
    )
    assert business_app_url(finances, {}) == ""  # no SIRET: no button, never a broken link
    police = Department.objects.get(slug="police-municipale")
    # Keys in the order PostgreSQL's jsonb gives them back, not the order they were typed.
    address = {"voie": "place de la République", "numero": "2", "code_postal": "99000"}
    assert business_app_url(police, {"adresse_etablissement": address}).endswith(
        "?adresse=2%20place%20de%20la%20R%C3%A9publique%2099000"
    )


def _login(client, user, demo_password):
    assert client.login(username=user.username, password=demo_password)


def test_the_case_page_walks_the_story_in_the_back_office(client, terrace, staff, demo_password):
    case_url = reverse("backoffice:case", args=[terrace.reference])
    _login(client, staff["agent"], demo_password)
    html = client.get(case_url).content.decode()
    assert "Demander l'avis" in html and "Date limite de décision" in html
    departments = _departments("finances", "police-municipale")
    response = client.post(
        reverse("backoffice:case-request-opinions", args=[terrace.reference]),
        {"departments": [d.pk for d in departments], "expected_version": terrace.lock_version},
    )
    assert response.status_code == 302
    client.logout()

    _login(client, staff["police"], demo_password)
    police = Consultation.objects.get(case=terrace, department__slug="police-municipale")
    html = client.get(case_url).content.decode()
    assert "Donner l'avis du service Police municipale" in html
    # Each consulted department's own application, with the case's answers in its address.
    assert "https://finances.val-fleuri.example/tiers?siret=73282932000074" in html
    response = client.post(
        reverse("backoffice:case-give-opinion", args=[terrace.reference, police.pk]),
        {"opinion": "unfavourable", "comment": ""},
    )
    assert response.status_code == 400
    assert "Un avis défavorable dit pourquoi" in response.content.decode()
    finances = Consultation.objects.get(case=terrace, department__slug="finances")
    response = client.post(
        reverse("backoffice:case-give-opinion", args=[terrace.reference, finances.pk]),
        {"opinion": "favourable"},
    )
    assert response.status_code == 403  # police cannot answer for finances
    client.post(
        reverse("backoffice:case-give-opinion", args=[terrace.reference, police.pk]),
        {"opinion": "favourable", "comment": "RAS"},
    )
    client.logout()

    _login(client, staff["finances"], demo_password)
    client.post(
        reverse("backoffice:case-give-opinion", args=[terrace.reference, finances.pk]),
        {"opinion": "favourable"},
    )
    client.logout()

    _login(client, staff["elected"], demo_password)
    html = client.get(case_url).content.decode()
    assert "Enregistrer la décision" in html
    case = _fresh(terrace)
    response = client.post(
        reverse("backoffice:case-decide", args=[terrace.reference]),
        {
            "outcome": "refused",
            "reason": "Trottoir trop étroit.",
            "expected_version": case.lock_version,
        },
    )
    assert response.status_code == 302
    assert _fresh(terrace).status == "refused"


@pytest.mark.parametrize("role", ["other", "finances", "police", "manager"])
def test_who_may_not_decide_gets_a_403_or_404(client, terrace, staff, demo_password, role):
    _login(client, staff[role], demo_password)
    response = client.post(
        reverse("backoffice:case-decide", args=[terrace.reference]),
        {"outcome": "granted", "reason": "Oui", "expected_version": terrace.lock_version},
    )
    assert response.status_code in (403, 404)
    assert _fresh(terrace).status == "received"


@pytest.mark.parametrize("role", ["other", "finances", "elected"])
def test_who_does_not_handle_the_case_may_not_ask_for_opinions(
    client, terrace, staff, demo_password, role
):
    _login(client, staff[role], demo_password)
    response = client.post(
        reverse("backoffice:case-request-opinions", args=[terrace.reference]),
        {"departments": [_departments("finances")[0].pk], "expected_version": 0},
    )
    assert response.status_code in (403, 404)
    assert not Consultation.objects.exists()


def test_the_citizen_downloads_the_decision_letter_in_the_town_s_look(client, terrace, staff):
    letter_url = reverse("tracking:decision-letter", args=[terrace.tracking_code])
    assert client.get(letter_url).status_code == 404  # no decision yet
    for consultation, who in zip(
        _consult(terrace, staff["agent"]), ("finances", "police"), strict=True
    ):
        opinion_give(
            consultation=consultation, actor=staff[who], opinion=Opinion.FAVOURABLE, comment=""
        )
    case = _fresh(terrace)
    decision_take(
        case=case,
        actor=staff["elected"],
        outcome="granted",
        reason="Terrasse ouverte jusqu'à 22 h.",
        expected_version=case.lock_version,
    )
    page = client.get(reverse("tracking:case", args=[terrace.tracking_code])).content.decode()
    assert "Télécharger la lettre de décision" in page and "Décision favorable" in page
    response = client.get(letter_url)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "0.0431 0.4314 0.3098 rg" in text  # #0b6e4f, Prairie's green band
    assert "Décision favorable" in text and "Terrasse ouverte jusqu'" in text
    assert "lise Fontaine" in text  # signed by the elected official
