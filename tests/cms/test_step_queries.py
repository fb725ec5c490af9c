"""A form step costs few queries and little ORM work: the procedure page is routed and the
draft found through SQL compiled once per process (cms/compiled_queries.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.compiled_queries import run_compiled
from cms.models import ProcedurePage
from cms.procedure_routing import live_procedures
from tests.citizen import Citizen
from tests.conftest import VALID_ANSWERS


def test_a_step_sent_costs_the_page_the_draft_and_its_save(client, procedure):
    citizen = Citizen(client, procedure)
    citizen.start()
    # The second time from the SQL compiled the first time; a change each time, or there
    # is nothing to save.
    for name in ("Lefèvre", "Lefèvre-Martin"):
        with CaptureQueriesContext(connection) as queries:
            response = citizen.fill("etape-1", {**VALID_ANSWERS, "nom": name})
        assert response.status_code == 302
        assert len(queries) == 3, [query["sql"] for query in queries]


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
        assert page.specific_class is ProcedurePage and page.body == procedure.body


def test_a_queryset_that_changes_its_markers_is_refused(db):
    def starting_with(markers):
        return ProcedurePage.objects.filter(slug__startswith=markers[0])  # "marker%"

    with pytest.raises(ValueError, match="marker"):
        run_compiled(ProcedurePage, "test-refused", starting_with, ["\x00marker"], ["acte"])
