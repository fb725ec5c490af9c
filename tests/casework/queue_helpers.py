"""Cases and people for the queue tests: cases are submitted as citizens do, then dated
and placed directly, which a test may do and the application never does."""

import re
from datetime import timedelta

from django.utils import timezone

from casework.models import Case
from casework.services.cases import case_submit
from cms.models import ProcedurePage
from tests.casework.conftest import TERRACE_ANSWERS
from tests.conftest import VALID_ANSWERS

REFERENCE = re.compile(r"\b(?:DEM|TER|SIG)-\d{4}-\d{6}\b")


def login(client, user, password) -> None:
    assert client.login(username=user.username, password=password)


def birth_case(**fields) -> Case:
    """A birth-certificate request (État civil, the simple request's workflow)."""
    page = ProcedurePage.objects.get(slug="acte-de-naissance")
    case = case_submit(
        procedure=page,
        form_version=page.form.current_version,
        answers=dict(VALID_ANSWERS),
        citizen_email=fields.pop("citizen_email", VALID_ANSWERS["email"]),
        citizen_name=fields.pop("citizen_name", "Jeanne Lefèvre"),
        channel=fields.pop("channel", "web"),
    ).case
    return _placed(case, fields)


def terrace_case(**fields) -> Case:
    """A terrace request (Voirie et espace public, consulted, decided by an elected one)."""
    page = ProcedurePage.objects.get(slug="terrasse")
    case = case_submit(
        procedure=page,
        form_version=page.form.current_version,
        answers=dict(TERRACE_ANSWERS),
        citizen_email=fields.pop("citizen_email", "cafe@exemple.fr"),
        citizen_name=fields.pop("citizen_name", "Café de la Place"),
        channel=fields.pop("channel", "web"),
    ).case
    return _placed(case, fields)


def _placed(case: Case, fields: dict) -> Case:
    if "days_ago" in fields:
        fields["submitted_at"] = timezone.now() - timedelta(days=fields.pop("days_ago"))
    if fields:
        Case.objects.filter(pk=case.pk).update(**fields)
        case.refresh_from_db()
    return case


def references(html: str) -> list[str]:
    """The references of the queue's rows, in their order (each row links its case once)."""
    body = html.split("<tbody>", 1)[1] if "<tbody>" in html else ""
    return list(dict.fromkeys(REFERENCE.findall(body)))
