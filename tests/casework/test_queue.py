"""The back-office queue: its tabs, filters, search, sorts and keyset pages, for each role."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Consultation, Department
from casework.services.consultations import consultation_request
from cms.models import ProcedurePage
from tests.casework.queue_helpers import birth_case, login, references, terrace_case

QUEUE = "backoffice:queue"


def _queue(client, **params) -> str:
    response = client.get(reverse(QUEUE), params)
    assert response.status_code == 200
    return response.content.decode()


def _consult(case: Case, agent) -> list[Consultation]:
    return consultation_request(
        case=case,
        departments=list(Department.objects.filter(slug__in=["finances", "police-municipale"])),
        actor=agent,
        expected_version=case.lock_version,
    )


@pytest.mark.parametrize(
    ("role", "default_tab"),
    [
        ("agent", "À traiter"),
        ("manager", "À traiter"),
        ("elected", "À décider"),
        ("finances", "À traiter"),
        ("other", "À traiter"),
    ],
)
def test_each_role_lands_on_its_own_tab(client, staff, demo_password, role, default_tab):
    login(client, staff[role], demo_password)
    html = _queue(client)
    assert f'aria-current="page">{default_tab}</a>' in html
    assert '<nav aria-label="Files de travail">' in html


def test_the_auditor_lands_on_every_case_and_cannot_act(client, people, demo_password, staff):
    theirs, ours = terrace_case(), birth_case()
    login(client, people["auditor"], demo_password)
    html = _queue(client)
    assert 'aria-current="page">Tous</a>' in html
    assert set(references(html)) == {theirs.reference, ours.reference}
    assert 'type="checkbox"' not in html and "Attribuer" not in html
    assert "À décider" not in html  # deciding is for elected officials
    assert references(_queue(client, tab="avis")) == []  # no department asks them


def test_a_person_without_a_back_office_role_is_refused(client, people, demo_password):
    login(client, people["communication"], demo_password)
    assert client.get(reverse(QUEUE)).status_code == 403


def test_to_handle_lists_open_cases_of_my_departments_only(client, staff, demo_password):
    open_case = terrace_case()
    closed = terrace_case(decided_at=timezone.now(), status="granted")
    civil = birth_case()
    login(client, staff["agent"], demo_password)
    assert references(_queue(client, tab="a-traiter")) == [open_case.reference]
    assert civil.reference not in _queue(client, tab="tous")  # not theirs to open
    assert references(_queue(client, tab="clos")) == [closed.reference]
    assert set(references(_queue(client, tab="tous"))) == {open_case.reference, closed.reference}


def test_my_cases_are_the_open_ones_given_to_me(client, staff, demo_password):
    mine = terrace_case(assignee=staff["agent"])
    terrace_case(assignee=staff["manager"])
    terrace_case(assignee=staff["agent"], decided_at=timezone.now())
    terrace_case()
    login(client, staff["agent"], demo_password)
    assert references(_queue(client, tab="mes-dossiers")) == [mine.reference]


def test_opinions_to_give_are_the_consultations_my_department_has_not_answered(
    client, staff, demo_password
):
    asked = terrace_case()
    finances, _police = _consult(asked, staff["agent"])
    answered = terrace_case()
    answered_finances, _ = _consult(answered, staff["agent"])
    Consultation.objects.filter(pk=answered_finances.pk).update(opinion="favourable")
    terrace_case()  # never consulted
    login(client, staff["finances"], demo_password)
    assert references(_queue(client, tab="avis")) == [asked.reference]
    login(client, staff["agent"], demo_password)  # Voirie is not consulted
    assert references(_queue(client, tab="avis")) == []


def test_to_decide_is_for_elected_officials_and_lists_cases_awaiting_a_decision(
    client, staff, demo_password
):
    waiting = terrace_case(status="awaiting_decision")
    terrace_case(status="consultation")
    login(client, staff["agent"], demo_password)
    html = _queue(client)
    assert "À décider" not in html
    # The tab's name in the address does not open it to someone who may not decide.
    assert 'aria-current="page">À traiter</a>' in _queue(client, tab="a-decider")
    login(client, staff["elected"], demo_password)
    # Elected officials see a case once it awaits them (the consultation grants them view).
    from casework.services.permissions import case_view_grant

    elected_groups = list(staff["elected"].groups.values_list("pk", flat=True))
    case_view_grant(case=waiting, group_ids=elected_groups)
    assert references(_queue(client, tab="a-decider")) == [waiting.reference]


def test_late_lists_open_cases_past_their_deadline_or_with_a_late_opinion(
    client, staff, demo_password
):
    today = timezone.localdate()
    past_deadline = terrace_case(deadline=today - timedelta(days=1))
    terrace_case(deadline=today - timedelta(days=1), decided_at=timezone.now())
    terrace_case(deadline=today + timedelta(days=5))
    late_opinion = terrace_case(deadline=today + timedelta(days=5))
    finances, police = _consult(late_opinion, staff["agent"])
    Consultation.objects.filter(pk=finances.pk).update(due_at=timezone.now() - timedelta(days=2))
    answered_late = terrace_case(deadline=today + timedelta(days=5))
    done, _ = _consult(answered_late, staff["agent"])
    Consultation.objects.filter(pk=done.pk).update(
        due_at=timezone.now() - timedelta(days=2), opinion="favourable"
    )
    login(client, staff["agent"], demo_password)
    html = _queue(client, tab="en-retard")
    assert set(references(html)) == {past_deadline.reference, late_opinion.reference}
    assert "(dépassée)" in html


def test_blocked_lists_cases_in_their_workflows_blocked_status(client, staff, demo_password):
    blocked = terrace_case(status="blocked")
    terrace_case(status="consultation")
    login(client, staff["agent"], demo_password)
    assert references(_queue(client, tab="bloques")) == [blocked.reference]


def test_filters_by_procedure_department_status_channel_and_dates(client, people, demo_password):
    terrace = terrace_case(channel="counter", days_ago=10)
    birth = birth_case(channel="phone", days_ago=2)
    other_status = birth_case(status="in_progress", days_ago=1)
    login(client, people["auditor"], demo_password)
    page = ProcedurePage.objects.get(slug="terrasse")
    assert references(_queue(client, procedure=page.pk)) == [terrace.reference]
    civil = Department.objects.get(slug="etat-civil")
    assert references(_queue(client, department=civil.pk)) == [
        other_status.reference,
        birth.reference,
    ]
    assert references(_queue(client, status="Reçu")) == [birth.reference]
    assert references(_queue(client, status="Reçue")) == [terrace.reference]
    assert references(_queue(client, channel="phone")) == [birth.reference]
    since = (timezone.localdate() - timedelta(days=5)).isoformat()
    assert set(references(_queue(client, submitted_from=since))) == {
        birth.reference,
        other_status.reference,
    }
    until = (timezone.localdate() - timedelta(days=5)).strftime("%d/%m/%Y")
    assert references(_queue(client, submitted_to=until)) == [terrace.reference]


def test_filters_by_assignee_me_nobody_or_a_member(client, staff, demo_password):
    mine = terrace_case(assignee=staff["agent"])
    hers = terrace_case(assignee=staff["manager"])
    nobodys = terrace_case()
    login(client, staff["agent"], demo_password)
    assert references(_queue(client, assignee="moi")) == [mine.reference]
    assert references(_queue(client, assignee="personne")) == [nobodys.reference]
    assert references(_queue(client, assignee=staff["manager"].pk)) == [hers.reference]


def test_search_matches_a_reference_s_start_the_citizen_and_any_answer_text(
    client, people, demo_password
):
    birth = birth_case(citizen_name="Jeanne Lefèvre", citizen_email="jeanne@exemple.fr")
    terrace = terrace_case(citizen_name="Café du Port", citizen_email="port@exemple.fr")
    login(client, people["auditor"], demo_password)
    assert references(_queue(client, q=birth.reference.lower())) == [birth.reference]
    assert references(_queue(client, q="TER-")) == [terrace.reference]
    assert references(_queue(client, q=birth.reference[4:])) == []  # a prefix, not a part
    assert references(_queue(client, q="du port")) == [terrace.reference]
    assert references(_queue(client, q="JEANNE@")) == [birth.reference]
    # Any answer's text: the café's SIRET, typed in the form, finds its request.
    assert references(_queue(client, q="73282932000074")) == [terrace.reference]
    assert references(_queue(client, q="terrasse ouverte")) == []  # the answer is "ouverte"
    # The tracking code is the citizen's secret: it finds nothing.
    assert references(_queue(client, q=birth.tracking_code)) == []


def test_sorts_newest_oldest_and_soonest_deadline(client, people, demo_password):
    today = timezone.localdate()
    old = birth_case(days_ago=30, deadline=today + timedelta(days=3))
    middle = birth_case(days_ago=20, deadline=None)
    new = birth_case(days_ago=1, deadline=today + timedelta(days=40))
    login(client, people["auditor"], demo_password)
    assert references(_queue(client)) == [new.reference, middle.reference, old.reference]
    assert references(_queue(client, sort="anciens")) == [
        old.reference,
        middle.reference,
        new.reference,
    ]
    # Cases without a deadline come last.
    assert references(_queue(client, sort="echeance")) == [
        old.reference,
        new.reference,
        middle.reference,
    ]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"submitted_from": "32/13/2026"}, "submitted_from", "Saisissez une date"),
        ({"submitted_to": "demain"}, "submitted_to", "Saisissez une date"),
        ({"procedure": "999999"}, "procedure", "Cette démarche n&#x27;existe pas"),
        ({"department": "abc"}, "department", "Ce service n&#x27;existe pas"),
        ({"channel": "fax"}, "channel", "Ce canal n&#x27;existe pas"),
        ({"status": "Perdu"}, "status", "Ce statut n&#x27;existe pas"),
        ({"assignee": "999999"}, "assignee", "n&#x27;est pas dans la liste"),
        ({"sort": "hasard"}, "sort", "Choisissez un ordre"),
        ({"q": "x" * 101}, "q", "au plus 100 caractères"),
    ],
)
def test_a_bad_filter_is_an_error_at_its_field_and_filters_nothing(
    client, people, demo_password, params, field, message
):
    one, two = birth_case(), terrace_case()
    login(client, people["auditor"], demo_password)
    html = _queue(client, **params)
    assert message in html
    assert f'id="{field}-erreur"' in html and f'aria-describedby="{field}-erreur' in html
    assert set(references(html)) == {one.reference, two.reference}


def test_an_end_date_before_the_start_is_refused_at_the_end_date(client, people, demo_password):
    case = birth_case()
    login(client, people["auditor"], demo_password)
    today = timezone.localdate()
    html = _queue(
        client,
        submitted_from=today.isoformat(),
        submitted_to=(today - timedelta(days=3)).isoformat(),
    )
    assert "Cette date précède la date de début." in html
    assert references(html) == [case.reference]


def test_pages_follow_each_other_by_key_with_no_case_twice_or_missed(client, staff, demo_password):
    cases = [terrace_case() for _ in range(55)]
    # Several cases share a second: the id breaks the tie.
    same = timezone.now() - timedelta(hours=1)
    Case.objects.filter(pk__in=[case.pk for case in cases[:10]]).update(submitted_at=same)
    login(client, staff["agent"], demo_password)
    first = _queue(client)
    first_page = references(first)
    assert len(first_page) == 50
    assert "Première page" not in first
    next_url = _link(first, "Page suivante")
    assert "after=" in next_url and "page=" not in next_url
    second = client.get(next_url).content.decode()
    second_page = references(second)
    assert len(second_page) == 5
    assert "Page suivante" not in second
    assert _link(second, "Première page") == reverse(QUEUE)
    assert sorted(first_page + second_page) == sorted(case.reference for case in cases)
    expected = list(
        Case.objects.filter(pk__in=[c.pk for c in cases])
        .order_by("-submitted_at", "-pk")
        .values_list("reference", flat=True)
    )
    assert first_page + second_page == expected


def test_pages_keep_the_filters_and_the_deadline_sort(client, staff, demo_password):
    today = timezone.localdate()
    dated = [terrace_case(deadline=today + timedelta(days=n % 7)) for n in range(48)]
    undated = [terrace_case(deadline=None) for _ in range(4)]
    terrace_case(channel="phone")
    login(client, staff["agent"], demo_password)
    first = _queue(client, sort="echeance", channel="web")
    second = client.get(_link(first, "Page suivante")).content.decode()
    shown = references(first) + references(second)
    assert len(shown) == 52 and len(set(shown)) == 52
    assert shown[-4:] == [case.reference for case in sorted(undated, key=lambda c: c.pk)]
    assert set(shown[:48]) == {case.reference for case in dated}


def test_a_tampered_cursor_starts_again_at_the_first_page(client, staff, demo_password):
    newest = terrace_case()
    login(client, staff["agent"], demo_password)
    assert references(_queue(client, after="pas-un-curseur")) == [newest.reference]
    assert references(_queue(client, after="W10:1abc:xyz")) == [newest.reference]


def test_tab_links_keep_the_filters_but_not_the_page(client, staff, demo_password):
    login(client, staff["agent"], demo_password)
    html = _queue(client, channel="phone", after="x")
    assert 'href="/bureau/?channel=phone&amp;tab=clos"' in html


def test_every_checkbox_is_labelled_and_only_changeable_cases_have_one(
    client, staff, demo_password
):
    handled = terrace_case()
    consulted = terrace_case()
    _consult(consulted, staff["agent"])
    login(client, staff["finances"], demo_password)
    html = _queue(client, tab="tous")
    assert consulted.reference in html and handled.reference not in html
    assert 'type="checkbox"' not in html  # Finances reads the case, Voirie handles it
    login(client, staff["agent"], demo_password)
    html = _queue(client)
    assert f"Sélectionner le dossier {handled.reference}</label>" in html
    assert "<caption" in html


def _link(html: str, text: str) -> str:
    before = html.split(f">{text}</a>", 1)[0]
    return before.rsplit('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


@pytest.mark.parametrize("role", ["agent", "finances", "elected", "other", "auditor"])
def test_the_queue_sees_exactly_what_the_person_may_open(staff, people, role):
    from casework.queue_filters import visible_cases
    from casework.selectors import cases_visible_to
    from casework.services.permissions import case_view_grant

    cases = [terrace_case(), terrace_case(status="awaiting_decision"), birth_case()]
    _consult(cases[0], staff["agent"])
    elected_groups = list(staff["elected"].groups.values_list("pk", flat=True))
    case_view_grant(case=cases[1], group_ids=elected_groups)
    user = people["auditor"] if role == "auditor" else staff[role]
    expected = set(cases_visible_to(user).values_list("pk", flat=True))
    assert set(visible_cases(user).values_list("pk", flat=True)) == expected
    assert expected  # each of them may open at least one


def test_a_case_whose_rights_were_withdrawn_is_not_listed_in_one_s_own_tabs(
    client, staff, demo_password
):
    from casework.services.assignment import case_assign
    from casework.services.permissions import case_access_revoke

    kept, withdrawn = terrace_case(), terrace_case()
    for case in (kept, withdrawn):
        case_assign(case=case, assignee=staff["agent"], actor=staff["agent"], expected_version=0)
    case_access_revoke(case=withdrawn, department=withdrawn.department)
    login(client, staff["agent"], demo_password)
    for tab in ("a-traiter", "mes-dossiers"):
        assert references(_queue(client, tab=tab)) == [kept.reference], tab
