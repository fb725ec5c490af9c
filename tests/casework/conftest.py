"""The terrace story's people and case, shared by the casework tests."""

import pytest
from django.contrib.auth import get_user_model

from casework.models import Case
from casework.services.cases import case_submit
from cms.models import ProcedurePage

TERRACE_ANSWERS = {
    "raison_sociale": "Café de la Place",
    "siret": "73282932000074",
    "email": "cafe@exemple.fr",
    "type_terrasse": "ouverte",
}


@pytest.fixture
def staff(demo_city) -> dict:
    users = {user.username: user for user in get_user_model().objects.all()}
    return {
        "agent": users["nadia.voirie"],
        "finances": users["marc.finances"],
        "police": users["julie.police"],
        "elected": users["elise.maire"],
        "other": users["paul.etatcivil"],
        "manager": users["sophie.voirie"],
    }


@pytest.fixture
def terrace(demo_city) -> Case:
    page = ProcedurePage.objects.get(slug="terrasse")
    return case_submit(
        procedure=page,
        form_version=page.form.current_version,
        answers=dict(TERRACE_ANSWERS),
        citizen_email="cafe@exemple.fr",
    ).case
