"""Statistics (issue #8): the facts kept for every case, the figures of every chart on a
known set of cases, who sees what, filters, bad input, empty periods, CSV and the public
page of a procedure."""

import csv
import io
import secrets
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from casework.models import Case, Consultation, Department, IncidentCategory
from casework.statistics import report, selectors
from casework.statistics.models import CaseFact, ConsultationFact, FactsWatermark, Outcome
from casework.statistics.percentiles import percentile, spreads_by
from casework.statistics.scope import Scope, statistics_scope
from casework.statistics.services import case_facts_record, case_facts_refresh
from casework.statistics.tasks import statistics_refresh
from cms.models import ProcedurePage
from tests.factories import DepartmentFactory, UserFactory

URL = "/bureau/statistiques/"
TODAY = date(2026, 6, 15)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=hour))


def _case(
    slug: str,
    *,
    submitted: date,
    channel: str = "web",
    closed: date | None = None,
    decision: str = "",
    status: str = "",
    department: Department | None = None,
    **more: object,
) -> Case:
    page = ProcedurePage.objects.get(slug=slug)
    return Case.objects.create(
        reference=f"T-{secrets.token_hex(4)}",
        tracking_code=secrets.token_hex(8),
        procedure=page,
        form_version=page.form.current_version,
        department=department or page.department,
        status=status or ("done" if closed else "received"),
        channel=channel,
        submitted_at=_at(submitted),
        deadline=submitted + timedelta(days=60),
        decided_at=_at(closed, 15) if closed else None,
        decision=decision,
        citizen_email="jeanne.martin@exemple.fr",
        citizen_name="Jeanne Martin",
        answers={"nom": "Martin"},
        **more,
    )


@pytest.fixture
def births(demo_city) -> list[Case]:
    """37 birth certificate requests in May 2026, 18 of them online (48.65 %), five closed
    after 1, 2, 3, 4 and 10 days."""
    cases = []
    for number in range(37):
        closed_after = {0: 1, 1: 2, 2: 3, 3: 4, 4: 10}.get(number)
        submitted = date(2026, 5, 1) + timedelta(days=number % 28)
        cases.append(
            _case(
                "acte-de-naissance",
                submitted=submitted,
                channel="web" if number < 18 else "counter",
                closed=submitted + timedelta(days=closed_after) if closed_after else None,
                decision="granted" if closed_after and number != 4 else "",
                status="refused" if number == 4 else "",
            )
        )
    case_facts_refresh()
    return cases


def _everything() -> Scope:
    return Scope(True, frozenset())


def _filters(**more: object) -> selectors.Filters:
    return selectors.Filters(start=date(2025, 6, 16), end=TODAY, **more)


def _chart(slug: str, **more: object) -> report.Chart:
    charts = report.statistics_report(_everything(), _filters(**more))
    return next(chart for chart in charts if chart.slug == slug)


# --- facts ---------------------------------------------------------------------------------


def test_facts_hold_nothing_personal():
    names = {field.name for field in CaseFact._meta.get_fields()}
    names |= {field.name for field in ConsultationFact._meta.get_fields()}
    assert not {n for n in names if "citizen" in n or "email" in n or "name" in n}
    assert "answers" not in names and "tracking_code" not in names


def test_refresh_copies_each_case_once_with_its_outcome_and_processing_time(births):
    assert CaseFact.objects.count() == 37
    fact = CaseFact.objects.get(case_id=births[4].pk)
    assert fact.outcome == Outcome.CLOSED_OTHER  # refused by status, no formal decision
    assert fact.processing_days == 10
    assert fact.deadline_days == 60 and fact.deadline_met is True
    assert CaseFact.objects.get(case_id=births[0].pk).outcome == Outcome.GRANTED
    assert CaseFact.objects.get(case_id=births[30].pk).outcome == Outcome.OPEN
    assert CaseFact.objects.get(case_id=births[30].pk).processing_days is None


def test_refresh_is_incremental_and_idempotent(births):
    before = list(CaseFact.objects.order_by("case_id").values_list("case_id", "outcome"))
    again = case_facts_refresh(full=True)
    assert again.cases == 37 and again.full
    assert list(CaseFact.objects.order_by("case_id").values_list("case_id", "outcome")) == before
    # Later on, one case is decided: only it is read again.
    FactsWatermark.objects.update(changed_since=timezone.now())
    case = births[30]
    case.decided_at, case.decision, case.status = timezone.now(), "granted", "done"
    case.save()
    done = case_facts_refresh()
    assert done.cases == 1 and not done.full
    assert CaseFact.objects.get(case_id=case.pk).outcome == Outcome.GRANTED
    assert CaseFact.objects.count() == 37


def test_facts_survive_the_deletion_of_the_case_and_its_consultations(births):
    case = births[0]
    Consultation.objects.create(
        case=case,
        department=Department.objects.get(slug="finances"),
        requested_at=case.submitted_at,
        due_at=case.submitted_at + timedelta(days=10),
    )
    case_facts_refresh()
    case_id = case.pk
    case.delete()
    case_facts_refresh()
    case_facts_refresh(full=True)
    assert CaseFact.objects.filter(case_id=case_id, outcome=Outcome.GRANTED).exists()
    assert ConsultationFact.objects.filter(case_id=case_id).count() == 1
    assert _chart("volumes").rows[-2][-1] == "37"  # May 2026 still counts it


def test_facts_survive_the_redaction_of_the_citizen_s_data(demo_city):
    category = IncidentCategory.objects.get(slug="nid-de-poule")
    case = _case(
        "signalement",
        submitted=date(2026, 5, 2),
        closed=date(2026, 5, 4),
        status="fixed",
        category=category,
        latitude=48.812345,
        longitude=2.345678,
    )
    case_facts_refresh()
    Case.objects.filter(pk=case.pk).update(
        citizen_email="",
        citizen_name="",
        answers={},
        latitude=None,
        longitude=None,
        category=None,
        updated_at=timezone.now(),
    )
    case_facts_refresh(full=True)
    fact = CaseFact.objects.get(case_id=case.pk)
    assert (str(fact.latitude), str(fact.longitude)) == ("48.812", "2.346")
    assert fact.category_id == category.pk and fact.processing_days == 2


def test_open_opinions_grow_later_each_refresh(demo_city):
    case = _case("terrasse", submitted=date(2026, 5, 1), status="consultation")
    due = timezone.now() - timedelta(days=3)
    Consultation.objects.create(
        case=case,
        department=Department.objects.get(slug="police-municipale"),
        requested_at=due - timedelta(days=10),
        due_at=due,
    )
    case_facts_refresh()
    FactsWatermark.objects.update(changed_since=timezone.now())
    case_facts_refresh(now=timezone.now() + timedelta(days=2))
    assert ConsultationFact.objects.get().days_late == 5


def test_the_periodic_task_and_the_command_refresh_the_facts(births):
    CaseFact.objects.all().delete()
    assert statistics_refresh() == {"cases": 37, "consultations": 0}
    CaseFact.objects.all().delete()
    out = io.StringIO()
    call_command("statistics_refresh", "--full", stdout=out)
    assert CaseFact.objects.count() == 37 and "37 dossier(s)" in out.getvalue()
    entry = settings.CELERY_BEAT_SCHEDULE["statistics-refresh"]
    assert entry["task"] == "casework.statistics.tasks.statistics_refresh"


# --- percentiles ---------------------------------------------------------------------------


def test_percentiles_interpolate_as_postgresql_does():
    assert percentile([1, 2, 3, 4, 10], 0.5) == 3
    assert percentile([1, 2, 3, 4, 10], 0.9) == pytest.approx(7.6)
    assert percentile([5], 0.9) == 5
    assert percentile([1, 2], 0.5) == 1.5


def test_medians_are_the_same_on_either_database(births):
    # Runs on SQLite (Python) and on PostgreSQL (percentile_cont) with the same answer.
    spreads = spreads_by(CaseFact.objects.all(), "procedure_id", "processing_days")
    (spread,) = spreads.values()
    assert (spread.count, spread.median, spread.p90) == (5, 3, pytest.approx(7.6))
    assert connection.vendor in ("sqlite", "postgresql")


# --- charts on a known set -----------------------------------------------------------------


def test_volumes_by_month_stacked_by_channel(births):
    chart = _chart("volumes")
    assert chart.headers == ["Période", "En ligne", "Accueil physique", "Total"]
    assert chart.rows[-2] == ["mai 2026", "18", "19", "37"]
    assert chart.rows[-1] == ["juin 2026", "0", "0", "0"]
    assert len(chart.rows) == 13 and 'role="img"' in chart.svg and "<title" in chart.svg


def test_a_short_period_is_counted_by_week(births):
    charts = report.statistics_report(
        _everything(), selectors.Filters(start=date(2026, 5, 1), end=date(2026, 5, 31))
    )
    assert charts[0].title == "Demandes reçues par semaine et par canal"
    assert charts[0].rows[0][0] == "sem. du 27/04"


def test_share_online_per_procedure_the_vanves_table(births):
    chart = _chart("canaux")
    assert chart.rows == [
        ["Demander un acte de naissance", "18", "19", "37", "48,65\u00a0%"],
    ]


def test_processing_time_per_procedure_and_department_against_the_deadline(births):
    (row,) = _chart("delais-demarches").rows
    assert row == ["Demander un acte de naissance", "5", "3\u00a0j", "7,6\u00a0j", "60\u00a0j",
                   "100,00\u00a0%"]  # fmt: skip
    (row,) = _chart("delais-services").rows
    assert row[0] == "État civil" and row[2] == "3\u00a0j"


def test_outcomes(births):
    rows = {row[0]: row[1] for row in _chart("issues").rows}
    assert rows == {"En cours": "32", "Accordé": "4", "Clos sans décision": "1"}


def test_consultations_late_per_consulted_department(demo_city):
    finances = Department.objects.get(slug="finances")
    police = Department.objects.get(slug="police-municipale")
    for number, (department, late_days) in enumerate(
        [(finances, 0), (police, 0), (police, 4), (police, 8)]
    ):
        case = _case("terrasse", submitted=date(2026, 5, 1 + number), status="consultation")
        due = case.submitted_at + timedelta(days=10)
        Consultation.objects.create(
            case=case,
            department=department,
            requested_at=case.submitted_at,
            due_at=due,
            answered_at=due + timedelta(days=late_days),
            opinion="favourable",
        )
    case_facts_refresh()
    assert _chart("avis").rows == [
        ["Police municipale", "3", "3", "2", "66,67\u00a0%", "6\u00a0j"],
        ["Finances", "1", "1", "0", "0,00\u00a0%", "—"],
    ]


def test_reports_per_category_and_on_the_map(demo_city):
    pothole = IncidentCategory.objects.get(slug="nid-de-poule")
    graffiti = IncidentCategory.objects.get(slug="graffiti")
    for category, latitude in [(pothole, 48.81), (pothole, 48.8101), (graffiti, 48.82)]:
        _case(
            "signalement",
            submitted=date(2026, 5, 3),
            status="new",
            category=category,
            latitude=latitude,
            longitude=2.34,
        )
    _case("signalement", submitted=date(2026, 5, 3), status="new", category=pothole,
          latitude=10.0, longitude=10.0)  # fmt: skip
    case_facts_refresh()
    assert _chart("signalements").rows == [
        ["Voirie et trottoirs › Nid-de-poule", "3"],
        ["Propreté › Graffiti ou affichage sauvage", "1"],
    ]
    bounds = {"south": 48.805, "west": 2.33, "north": 48.823, "east": 2.36}
    points = selectors.report_points(selectors.case_facts_for(_everything(), _filters()))
    chart = report.map_chart(points, bounds)
    counts = [row[1] for row in chart.rows]
    assert counts == ["2", "1", "1"] and chart.rows[-1][0] == "Hors de la carte de la commune"
    assert ">2</text>" in chart.svg
    # A filter on a category takes in its sub-categories.
    voirie = IncidentCategory.objects.get(slug="voirie")
    assert _chart("signalements", category_id=voirie.pk).rows == [
        ["Voirie et trottoirs › Nid-de-poule", "3"]
    ]


def test_filters_narrow_every_chart(births):
    assert _chart("volumes", channel="web").rows[-2] == ["mai 2026", "18", "18"]
    other = ProcedurePage.objects.get(slug="terrasse")
    assert _chart("volumes", procedure_id=other.pk).empty
    voirie = Department.objects.get(slug="espace-public")
    assert _chart("delais-services", department_id=voirie.pk).empty


# --- empty states --------------------------------------------------------------------------


def test_an_empty_period_says_so_for_every_chart(births, client):
    charts = report.statistics_report(
        _everything(), selectors.Filters(start=date(2001, 1, 1), end=date(2001, 3, 31))
    )
    assert all(chart.empty and chart.svg == "" for chart in charts)
    client.force_login(get_user_model().objects.get(username="dgs"))
    response = client.get(URL, {"du": "2001-01-01", "au": "2001-03-31"})
    assert response.status_code == 200
    assert response.content.decode().count("Aucune donnée pour cette période") == 8


def test_a_department_without_cases_shows_no_data_not_an_error(births, client):
    lonely = DepartmentFactory(name="Archives", slug="archives")
    user = UserFactory(username="archiviste")
    user.groups.add(lonely.group)
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("Aucune donnée pour cette période") == 8
    assert client.get(URL, {"format": "csv", "chart": "canaux"}).content.decode() == (
        "\ufeffAucune donnée pour cette période\r\n"
    )


# --- who sees what -------------------------------------------------------------------------


def _page_for(client, username: str, **query: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client.get(URL, query)


@pytest.mark.parametrize("username", ["dgs", "alain.audit", "elise.maire"])
def test_the_director_general_auditors_and_elected_officials_see_everything(
    births, client, username
):
    _case("signalement", submitted=date(2026, 5, 2), status="new")
    case_facts_refresh()
    response = _page_for(client, username, du="2026-05-01", au="2026-05-31")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<th scope="row">Signaler un problème dans la rue</th>' in body
    assert '<th scope="row">Demander un acte de naissance</th>' in body


def test_an_agent_sees_their_department_only(births, client):
    _case("signalement", submitted=date(2026, 5, 2), status="new")
    case_facts_refresh()
    body = _page_for(client, "paul.etatcivil", du="2026-05-01", au="2026-05-31").content.decode()
    assert '<th scope="row">Demander un acte de naissance</th>' in body
    assert '<th scope="row">Signaler un problème dans la rue</th>' not in body
    # Another department's agent sees none of the birth certificates.
    body = _page_for(client, "nadia.voirie", du="2026-05-01", au="2026-05-31").content.decode()
    assert '<th scope="row">Signaler un problème dans la rue</th>' in body
    assert '<th scope="row">Demander un acte de naissance</th>' not in body


def test_a_manager_sees_the_department_they_manage(births, client):
    manager = UserFactory(username="cheffe.etatcivil")
    Department.objects.get(slug="etat-civil").managers.add(manager)
    assert statistics_scope(manager) == Scope(
        False, frozenset({Department.objects.get(slug="etat-civil").pk})
    )
    client.force_login(manager)
    assert '<th scope="row">Demander un acte de naissance</th>' in client.get(URL).content.decode()


def test_someone_in_another_department_cannot_ask_for_this_one(births, client):
    etat_civil = Department.objects.get(slug="etat-civil")
    response = _page_for(client, "nadia.voirie", department=str(etat_civil.pk))
    assert response.status_code == 200
    assert "Choisissez un service de la liste." in response.content.decode()
    assert '<th scope="row">Demander un acte de naissance</th>' not in response.content.decode()
    csv_response = client.get(
        URL, {"department": str(etat_civil.pk), "format": "csv", "chart": "canaux"}
    )
    assert "acte de naissance" not in csv_response.content.decode()


def test_people_without_a_back_office_role_are_refused(births, client):
    response = _page_for(client, "claire.com")
    assert response.status_code == 403
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and "/bureau/connexion/" in response["Location"]


def test_the_menu_offers_statistics_to_whoever_may_see_them(births, client):
    link = f'href="{reverse("backoffice:statistics")}"'
    assert link in _page_for(client, "paul.etatcivil").content.decode()
    client.force_login(get_user_model().objects.get(username="nadia.voirie"))
    assert link in client.get(reverse("backoffice:queue")).content.decode()


# --- bad input -----------------------------------------------------------------------------


def test_a_wrong_date_is_an_error_at_its_field_and_the_values_stay(births, client):
    body = _page_for(client, "dgs", du="45/13/2026", channel="web").content.decode()
    assert 'id="du-erreur">Saisissez une date, par exemple 31/12/2026.' in body
    assert 'value="45/13/2026"' in body and '<option value="web" selected>' in body


def test_an_end_before_the_start_is_refused(births, client):
    body = _page_for(client, "dgs", du="2026-05-10", au="2026-05-01").content.decode()
    assert 'id="au-erreur">Cette date précède la date de début.' in body


def test_a_period_longer_than_ten_years_is_refused(births, client):
    body = _page_for(client, "dgs", du="1990-01-01", au="2026-05-01").content.decode()
    assert "Choisissez une période de dix ans au plus." in body


def test_unknown_choices_are_errors_at_their_fields(births, client):
    body = _page_for(
        client, "dgs", procedure="999999", channel="pigeon", category="abc"
    ).content.decode()
    assert "Cette démarche n&#x27;existe pas : choisissez-en une." in body
    assert "Ce canal n&#x27;existe pas : choisissez-en un." in body
    assert "Cette catégorie n&#x27;existe pas : choisissez-en une." in body


def test_an_unknown_chart_to_download_is_a_clear_error(births, client):
    response = _page_for(client, "dgs", format="csv", chart="camembert")
    assert response.status_code == 400
    assert "Ce graphique n'existe pas" in response.content.decode()


# --- CSV -----------------------------------------------------------------------------------


def test_each_chart_downloads_as_csv_for_a_french_spreadsheet(births, client):
    ProcedurePage.objects.filter(slug="acte-de-naissance").update(title="=Actes")
    case_facts_refresh(full=True)
    response = _page_for(client, "dgs", format="csv", chart="canaux")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "statistiques-canaux-" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Démarche", "En ligne", "Accueil physique", "Total", "Part en ligne"]
    assert rows[1] == ["'=Actes", "18", "19", "37", "48,65 %"]  # never run as a formula
    for slug in report.CHART_SLUGS:
        assert client.get(URL, {"format": "csv", "chart": slug}).status_code == 200


# --- public page ---------------------------------------------------------------------------


def _public(client, slug: str):
    return client.get(f"/demarches/{slug}/statistiques/")


def test_the_public_page_exists_only_where_the_procedure_publishes_it(births, client):
    assert _public(client, "acte-de-naissance").status_code == 404
    assert (
        "Voir les statistiques" not in client.get("/demarches/acte-de-naissance/").content.decode()
    )
    page = ProcedurePage.objects.get(slug="acte-de-naissance")
    page.public_statistics = True
    page.save_revision().publish()
    assert "Voir les statistiques" in client.get("/demarches/acte-de-naissance/").content.decode()
    response = _public(client, "acte-de-naissance")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Jeanne" not in body and "exemple.fr" not in body and "T-" not in body
    assert _public(client, "terrasse").status_code == 404


def test_the_public_page_shows_volumes_and_the_median(births, client):
    from casework.statistics.public import public_figures

    page = ProcedurePage.objects.get(slug="acte-de-naissance")
    figures = public_figures(page, today=TODAY)
    assert figures.total == 37 and figures.closed == 5 and figures.median_days == 3
    assert ("mai 2026", 37) in figures.months and "<svg" in figures.svg
    empty = public_figures(page, today=date(2030, 1, 1))
    assert empty.empty and empty.median_days is None and empty.svg == ""


def test_the_page_is_kept_until_the_next_refresh_and_the_task_computes_the_default(births, client):
    client.force_login(get_user_model().objects.get(username="dgs"))
    assert '<td class="g-stats-number">37</td>' in client.get(URL).content.decode()
    _case("acte-de-naissance", submitted=date(2026, 5, 3))
    # Not refreshed yet: the figures are those of the facts, as they were.
    assert '<td class="g-stats-number">37</td>' in client.get(URL).content.decode()
    statistics_refresh()
    body = client.get(URL).content.decode()
    assert '<td class="g-stats-number">38</td>' in body
    assert '<td class="g-stats-number">37</td>' not in body


def test_a_job_about_to_delete_cases_can_record_their_facts_first(demo_city):
    case = _case("acte-de-naissance", submitted=date(2026, 5, 2), closed=date(2026, 5, 9))
    FactsWatermark.objects.create(name="facts", changed_since=timezone.now(), ran_at=timezone.now())
    assert case_facts_record(case_ids=[case.pk]) == 1
    case_id = case.pk
    case.delete()
    assert CaseFact.objects.get(case_id=case_id).processing_days == 7


def test_the_director_general_lands_on_the_statistics_and_is_offered_no_case_link(births, client):
    client.force_login(get_user_model().objects.get(username="dgs"))
    response = client.get(reverse("backoffice:queue"))
    assert response.status_code == 302 and response["Location"] == URL
    body = client.get(URL).content.decode()
    assert reverse("backoffice:on-behalf") not in body and ">Dossiers<" not in body
    # Someone with neither cases nor statistics is still refused the back office.
    client.force_login(UserFactory(username="passant"))
    assert client.get(reverse("backoffice:queue")).status_code == 403
