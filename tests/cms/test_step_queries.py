"""A form step costs few queries and little ORM work: the procedure page is routed through
SQL compiled once per process (cms/compiled_queries.py) and remembered until it changes
(cms/procedure_memo.py); the draft is found through compiled SQL too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import RoutingRule
from casework.services.routing import matching_rule
from cms.compiled_queries import run_compiled
from cms.models import ProcedurePage
from cms.procedure_routing import live_procedures
from tests.citizen import Citizen
from tests.conftest import VALID_ANSWERS
from tests.factories import DepartmentFactory


def test_a_step_sent_costs_the_draft_and_its_save(client, procedure):
    citizen = Citizen(client, procedure)
    citizen.start()  # routes the page once: it is remembered from then on
    # The second time from the SQL compiled the first time; a change each time, or there
    # is nothing to save.
    for name in ("Lefèvre", "Lefèvre-Martin"):
        with CaptureQueriesContext(connection) as queries:
            response = citizen.fill("etape-1", {**VALID_ANSWERS, "nom": name})
        assert response.status_code == 302
        assert len(queries) == 2, [query["sql"] for query in queries]


def test_the_routed_page_comes_with_its_department_and_form_version(
    procedure, django_assert_num_queries
):
    department, version = procedure.department, procedure.current_form_version
    other_paths = ["/", procedure.get_parent().url_path]
    for paths in ([procedure.url_path], [*other_paths, procedure.url_path]):
        [page] = live_procedures(paths)
        with django_assert_num_queries(0):
            assert page.department == department and page.department.name == department.name
            assert page.latest_version_id == version.pk
            assert not page.restricted
            assert not page.has_routing_rules
        assert page.specific_class is ProcedurePage and page.body == procedure.body


def test_a_routed_page_without_rules_is_routed_without_asking_for_them(
    procedure, django_assert_num_queries
):
    [page] = live_procedures([procedure.url_path])
    with django_assert_num_queries(0):
        assert matching_rule(page, VALID_ANSWERS, latitude=None, longitude=None) is None
    rule = RoutingRule.objects.create(
        procedure=procedure,
        answer_name="nom",
        answer_value="Lefèvre",
        department=DepartmentFactory(),
    )
    [page] = live_procedures([procedure.url_path])
    assert page.has_routing_rules
    assert matching_rule(page, VALID_ANSWERS, latitude=None, longitude=None) == rule


def test_a_queryset_that_changes_its_markers_is_refused(db):
    def starting_with(markers):
        return ProcedurePage.objects.filter(slug__startswith=markers[0])  # "marker%"

    with pytest.raises(ValueError, match="marker"):
        run_compiled(ProcedurePage, "test-refused", starting_with, ["\x00marker"], ["acte"])
