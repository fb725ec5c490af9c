"""The synthetic load of `manage.py generate_cases`: the rows access control reads are there."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from casework.generated_cases import generate_cases
from casework.models import Case, CaseGroupObjectPermission, Consultation, Department
from casework.selectors import cases_visible_to
from casework.workflow import workflow_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(demo_city):
    return generate_cases(cases=200, departments=5, staff=20, open_consultations=30, seed=7)


def members(department: Department) -> list:
    return list(get_user_model().objects.filter(groups=department.group_id).order_by("pk"))


def test_each_case_is_visible_to_its_department_and_not_to_the_others(generated):
    departments = list(Department.objects.filter(pk__in=generated.department_ids))
    assert len(departments) == 5
    cases = list(Case.objects.filter(reference__startswith="GEN-").select_related("procedure"))
    assert len(cases) == 200
    consulted = {}
    for case_id, department_id in Consultation.objects.values_list("case_id", "department_id"):
        consulted.setdefault(case_id, set()).add(department_id)
    for department in departments:
        agent = members(department)[-1]  # an ordinary member, not the manager
        visible = set(cases_visible_to(agent).values_list("pk", flat=True))
        for case in cases:
            if case.department_id == department.pk or department.pk in consulted.get(case.pk, ()):
                assert case.pk in visible, (case.reference, department.slug)
            else:
                assert case.pk not in visible, (case.reference, department.slug)
    # The rows a submission gives its department: view and change, nothing more.
    for case in Case.objects.filter(reference__startswith="GEN-").select_related("department"):
        codenames = set(
            CaseGroupObjectPermission.objects.filter(
                content_object=case, group_id=case.department.group_id
            ).values_list("permission__codename", flat=True)
        )
        assert codenames == {"view_case", "change_case"}


def test_references_are_unique_statuses_valid_and_staff_complete(generated):
    cases = list(Case.objects.filter(reference__startswith="GEN-").select_related("procedure"))
    assert len({case.reference for case in cases}) == len(cases)
    assert len({case.tracking_code for case in cases}) == len(cases)
    for case in cases:
        workflow = workflow_for(case)
        assert case.status in {status.slug for status in workflow.statuses}
        assert (case.decided_at is not None) == workflow.status(case.status).final
    assert {case.procedure.slug for case in cases} >= {"acte-de-naissance", "terrasse"}
    # Open consultations: unanswered, on open cases, asked of another department.
    consultations = list(Consultation.objects.select_related("case"))
    assert len(consultations) == generated.consultations == 30
    assert all(c.answered_at is None and c.case.decided_at is None for c in consultations)
    assert all(c.department_id != c.case.department_id for c in consultations)
    assert generated.overdue_consultations > 0
    # Staff: a manager in each department, members, a few elected officials.
    for department in Department.objects.filter(pk__in=generated.department_ids):
        assert department.managers.count() == 1
        assert len(members(department)) >= 3
    elected = get_user_model().objects.filter(
        username__startswith="gen.agent.", groups__permissions__codename="decide_case"
    )
    assert elected.exists()


def test_a_second_run_adds_more_without_clashing(generated):
    again = generate_cases(cases=50, departments=5, staff=20, seed=7)
    assert again.cases == 50 and again.departments == 0 and again.staff == 0
    assert Case.objects.filter(reference__startswith="GEN-").count() == 250
    assert again.first_reference != generated.first_reference


def test_the_command_prints_what_it_created(demo_city):
    output = StringIO()
    call_command(
        "generate_cases",
        "--cases=20",
        "--departments=2",
        "--staff=4",
        "--silence-due=2",
        "--seed=1",
        stdout=output,
    )
    assert "20 dossier(s) créé(s)" in output.getvalue()
    assert Case.objects.filter(reference__startswith="GEN-").count() == 20
