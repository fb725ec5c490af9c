"""Shared fixtures: the demo city, its people, and a way to submit a case like a citizen."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from casework.models import Case
from casework.services.cases import SubmittedCase, case_submit
from cms.models import ProcedurePage
from cms.procedure_memo import forget_procedures
from fixtures.demo_city import DEMO_PASSWORD, load_demo_city
from tests.factories import DepartmentFactory, UserFactory
from themes.look import forget_looks

VALID_ANSWERS = {
    "nom": "Lefèvre",
    "prenoms": "Jeanne Marie",
    "email": "jeanne.lefevre@exemple.fr",
    "type_acte": "copie_integrale",
}


@pytest.fixture(autouse=True)
def _fresh_site_looks():
    """Each test starts with no remembered site look nor routed procedure page: a
    rolled-back test's theme or page (its rows gone without a signal) must not dress or
    answer the next test's requests."""
    forget_looks()
    forget_procedures()
    yield
    forget_looks()
    forget_procedures()


@pytest.fixture
def demo_city(db):
    load_demo_city()


@pytest.fixture
def procedure(demo_city) -> ProcedurePage:
    return ProcedurePage.objects.get(slug="acte-de-naissance")


@pytest.fixture
def people(demo_city) -> dict:
    """Every back-office role of the demo city, plus a citizen account and a stranger."""
    users = {user.username: user for user in get_user_model().objects.all()}
    return {
        "communication": users["claire.com"],
        "agent": users["paul.etatcivil"],
        "other_department_agent": users["nadia.voirie"],
        "auditor": users["alain.audit"],
        "no_role": UserFactory(username="sans.role"),
    }


@pytest.fixture
def demo_password() -> str:
    return DEMO_PASSWORD


@pytest.fixture
def submitted(procedure) -> SubmittedCase:
    return case_submit(
        procedure=procedure,
        form_version=procedure.form.current_version,
        answers=dict(VALID_ANSWERS),
        citizen_email=VALID_ANSWERS["email"],
    )


@pytest.fixture
def case(submitted) -> Case:
    return submitted.case


@pytest.fixture
def other_department(db):
    return DepartmentFactory(
        name="Finances", slug="finances", group=Group.objects.create(name="Finances")
    )
