"""Every back-office URL, with every role: who may read, who may write, who gets nothing."""

import pytest
from django.urls import reverse

READ_URLS = ["backoffice:case", "backoffice:case-history"]


def _login(client, user, password):
    assert client.login(username=user.username, password=password)


@pytest.mark.parametrize("url_name", READ_URLS)
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("agent", 200),
        ("auditor", 200),
        ("other_department_agent", 404),
        ("communication", 403),
        ("no_role", 403),
    ],
)
def test_reading_a_case_by_role(client, people, case, demo_password, url_name, role, expected):
    user = people[role]
    password = demo_password if role != "no_role" else "mot-de-passe-de-test"
    _login(client, user, password)
    response = client.get(reverse(url_name, args=[case.reference]))
    assert response.status_code == expected


@pytest.mark.parametrize("url_name", [*READ_URLS, "backoffice:queue"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, case, url_name):
    args = [case.reference] if url_name != "backoffice:queue" else []
    response = client.get(reverse(url_name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("backoffice:login"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [("agent", 302), ("auditor", 403), ("other_department_agent", 404), ("communication", 403)],
)
def test_changing_a_status_by_role(client, people, case, demo_password, role, expected):
    _login(client, people[role], demo_password)
    response = client.post(
        reverse("backoffice:case-transition", args=[case.reference]),
        {"to_status": "in_progress", "reason": "Pièces vérifiées", "expected_version": 0},
    )
    assert response.status_code == expected
    case.refresh_from_db()
    assert case.status == ("in_progress" if expected == 302 else "received")


def test_an_unknown_reference_is_a_404_like_a_forbidden_one(client, people, demo_password, case):
    _login(client, people["agent"], demo_password)
    assert client.get(reverse("backoffice:case", args=["DEM-2000-999999"])).status_code == 404


@pytest.mark.parametrize(
    ("role", "sees_case"),
    [("agent", True), ("auditor", True), ("other_department_agent", False)],
)
def test_the_queue_lists_only_the_cases_one_may_open(
    client, people, case, demo_password, role, sees_case
):
    _login(client, people[role], demo_password)
    response = client.get(reverse("backoffice:queue"))
    assert response.status_code == 200
    assert (case.reference in response.content.decode()) is sees_case


def test_the_case_page_renders_answers_with_their_labels(client, people, case, demo_password):
    _login(client, people["agent"], demo_password)
    html = client.get(reverse("backoffice:case", args=[case.reference])).content.decode()
    assert "Nom de naissance" in html and "Lefèvre" in html
    assert "Type d&#x27;acte demandé" in html and "Copie intégrale" in html
    assert "Changer le statut" in html


def test_the_auditor_sees_the_case_without_any_way_to_change_it(
    client, people, case, demo_password
):
    _login(client, people["auditor"], demo_password)
    html = client.get(reverse("backoffice:case", args=[case.reference])).content.decode()
    assert "Lefèvre" in html
    assert "Changer le statut" not in html
