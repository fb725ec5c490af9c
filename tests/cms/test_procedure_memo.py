"""A routed procedure page is remembered between requests and forgotten as soon as it, or
anything its routing reads, changes: in this process at once, in the others at commit."""

from django.core.cache import cache

from casework.models import RoutingRule
from cms import procedure_memo
from cms.models import ProcedurePage
from cms.procedure_memo import GENERATION_KEY, MAX_REMEMBERED, remembered_procedures
from cms.procedure_routing import live_procedures
from tests.factories import DepartmentFactory


def _quietly_close(procedure):
    # What another process's edit looks like from here: the row changes, no signal.
    ProcedurePage.objects.filter(pk=procedure.pk).update(title="Fermée ailleurs")


def test_a_page_routed_again_costs_no_query(procedure, django_assert_num_queries):
    department = procedure.department
    live_procedures([procedure.url_path])
    with django_assert_num_queries(0):
        [page] = live_procedures([procedure.url_path])
        assert page.department.name == department.name


def test_each_request_gets_its_own_copy(procedure):
    [first] = live_procedures([procedure.url_path])
    first.set_by_a_request = True
    first.department.name = "Changé par une requête"
    [second] = live_procedures([procedure.url_path])
    assert not hasattr(second, "set_by_a_request")
    assert second.department.name == procedure.department.name


def test_a_change_saved_in_this_process_is_seen_at_once(procedure):
    live_procedures([procedure.url_path])
    procedure.title = "Nouveau titre"
    procedure.save_revision().publish()
    [page] = live_procedures([procedure.url_path])
    assert page.title == "Nouveau titre"


def test_an_unpublished_page_is_no_longer_routed(procedure):
    assert live_procedures([procedure.url_path])
    procedure.unpublish()
    assert live_procedures([procedure.url_path]) == []


def test_a_new_routing_rule_is_seen_at_once(procedure):
    [page] = live_procedures([procedure.url_path])
    assert not page.has_routing_rules
    RoutingRule.objects.create(
        procedure=procedure, answer_name="nom", answer_value="x", department=DepartmentFactory()
    )
    [page] = live_procedures([procedure.url_path])
    assert page.has_routing_rules


def test_a_department_renamed_is_seen_at_once(procedure):
    live_procedures([procedure.url_path])
    department = procedure.department
    department.name = "État civil et formalités"
    department.save()
    [page] = live_procedures([procedure.url_path])
    assert page.department.name == "État civil et formalités"


def test_a_save_starts_a_new_generation_when_it_commits(
    procedure, django_capture_on_commit_callbacks
):
    live_procedures([procedure.url_path])
    before = cache.get(GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        DepartmentFactory()
    assert cache.get(GENERATION_KEY) == before  # not before the commit
    for callback in callbacks:
        callback()
    assert cache.get(GENERATION_KEY) != before


def test_another_process_change_is_seen_through_the_generation(procedure):
    live_procedures([procedure.url_path])
    _quietly_close(procedure)
    [page] = live_procedures([procedure.url_path])
    assert page.title != "Fermée ailleurs"  # remembered: nothing said it changed
    # What another process's commit leaves in the shared cache; this process's memory is
    # untouched, only the generation tells it that its page is old.
    cache.set(GENERATION_KEY, "une autre génération", timeout=None)
    [page] = live_procedures([procedure.url_path])
    assert page.title == "Fermée ailleurs"


def test_an_emptied_cache_means_reading_again(procedure):
    live_procedures([procedure.url_path])
    _quietly_close(procedure)
    cache.delete(GENERATION_KEY)  # Redis restarted, or the cache files removed
    [page] = live_procedures([procedure.url_path])
    assert page.title == "Fermée ailleurs"


def test_a_crawler_asking_for_any_address_does_not_grow_the_memory():
    for index in range(MAX_REMEMBERED + 10):
        assert remembered_procedures([f"/val-fleuri/inconnue-{index}/"], lambda paths: []) == []
    assert 0 < len(procedure_memo._memo) <= MAX_REMEMBERED
