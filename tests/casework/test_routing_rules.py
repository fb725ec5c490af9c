"""Where new cases go: a procedure's routing rules (by answer, by area), first match wins,
then the report's category, then the procedure's department."""

import pytest
from django.core.exceptions import ValidationError

from casework.models import Area, Department, RoutingRule
from casework.selectors import cases_visible_to
from casework.services.cases import case_submit
from cms.models import ProcedurePage

INSIDE_STATION = {"lat": 48.8090, "lon": 2.3500}
OUTSIDE_STATION = {"lat": 48.8200, "lon": 2.3350}


@pytest.fixture
def reports(demo_city) -> ProcedurePage:
    return ProcedurePage.objects.get(slug="signalement")


def _report(reports, *, category: str, where: dict, nature: str = "signaler"):
    return case_submit(
        procedure=reports,
        form_version=reports.form.current_version,
        answers={
            "nature": nature,
            "categorie": category,
            "description": "Des sacs au pied du mur.",
            "emplacement": dict(where),
            "email": "voisin@exemple.fr",
        },
        citizen_email="voisin@exemple.fr",
    ).case


def _department(slug: str) -> Department:
    return Department.objects.get(slug=slug)


def test_dumping_inside_the_station_area_goes_to_the_police(reports, staff):
    case = _report(reports, category="depot-sauvage", where=INSIDE_STATION)
    assert case.department.slug == "police-municipale"
    # The permissions went with the routing: the police sees it, the cleaning team does not.
    assert cases_visible_to(staff["police"]).filter(pk=case.pk).exists()
    assert case.history.earliest().history_change_reason == (
        "Dépôt du dossier, orienté vers Police municipale "
        "(règle : « categorie » = « depot-sauvage » et dans le secteur « Quartier de la gare »)"
    )


def test_the_same_report_outside_the_area_follows_its_category(reports):
    case = _report(reports, category="depot-sauvage", where=OUTSIDE_STATION)
    assert case.department.slug == "proprete"
    assert case.history.earliest().history_change_reason == (
        "Dépôt du dossier, orienté vers Propreté urbaine"
    )


def test_another_category_inside_the_area_is_not_caught_by_the_rule(reports):
    case = _report(reports, category="nid-de-poule", where=INSIDE_STATION)
    assert case.department.slug == "espace-public"


def test_rules_are_tried_in_order_and_the_first_match_wins(reports):
    # A broader rule placed before the station one takes every report of the area.
    RoutingRule.objects.create(
        procedure=reports,
        sort_order=-1,
        area=Area.objects.get(slug="quartier-de-la-gare"),
        department=_department("finances"),
    )
    case = _report(reports, category="depot-sauvage", where=INSIDE_STATION)
    assert case.department.slug == "finances"


def test_a_rule_on_an_answer_alone_matches_whatever_the_place(reports):
    RoutingRule.objects.create(
        procedure=reports,
        sort_order=5,
        answer_name="nature",
        answer_value=" Feliciter ",  # case and spaces as an administrator might type them
        department=_department("finances"),
    )
    congratulation = _report(
        reports, category="lampadaire", where=OUTSIDE_STATION, nature="feliciter"
    )
    assert congratulation.department.slug == "finances"


def test_a_procedure_without_rules_goes_to_its_own_department(demo_city):
    page = ProcedurePage.objects.get(slug="terrasse")
    assert not page.routing_rules.exists()
    from tests.casework.conftest import TERRACE_ANSWERS

    case = case_submit(
        procedure=page, form_version=page.form.current_version, answers=dict(TERRACE_ANSWERS)
    ).case
    assert case.department == page.department


@pytest.mark.parametrize(
    ("geometry", "message"),
    [
        ({"type": "Point", "coordinates": [2.3, 48.8]}, "Polygon ou MultiPolygon"),
        ({"type": "Polygon", "coordinates": "pas une liste"}, "pas un GeoJSON lisible"),
        (
            # A bow tie: the outline crosses itself.
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "pas un polygone valide",
        ),
        (
            {"type": "Polygon", "coordinates": [[[48, 200], [49, 200], [49, 201], [48, 200]]]},
            "longitude puis latitude",
        ),
    ],
)
def test_a_badly_drawn_area_is_refused_at_its_outline_in_french(db, geometry, message):
    area = Area(name="Secteur", slug="secteur", geometry=geometry)
    with pytest.raises(ValidationError) as refused:
        area.full_clean()
    assert message in " ".join(refused.value.message_dict["geometry"])


def test_a_rule_needs_a_condition_and_a_question_needs_its_answer(reports):
    department = _department("finances")
    with pytest.raises(ValidationError) as empty:
        RoutingRule(procedure=reports, department=department).full_clean()
    assert "a besoin d'une condition" in str(empty.value)
    with pytest.raises(ValidationError) as half:
        RoutingRule(procedure=reports, department=department, answer_name="nature").full_clean()
    assert "answer_value" in half.value.message_dict


def test_the_routing_table_is_part_of_the_procedure_s_revisions(reports):
    revision = reports.get_latest_revision()
    rules = revision.as_object().routing_rules.all()
    assert [(rule.answer_value, rule.department.slug) for rule in rules] == [
        ("depot-sauvage", "police-municipale")
    ]
