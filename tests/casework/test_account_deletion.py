"""An account named in the history and the audit journal is deactivated, never deleted:
the journal is never rewritten (append-only on PostgreSQL). One that left no trace goes."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from casework.services.cases import case_transition
from tests.factories import UserFactory


def test_an_account_that_acted_on_a_case_cannot_be_deleted(client, case, people):
    agent = people["agent"]
    case_transition(
        case=case, to_status="in_progress", actor=agent, reason="Pris en charge", expected_version=0
    )
    admin = UserFactory(username="admin.general", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(reverse("wagtailusers_users:delete", args=[agent.pk]), follow=True)
    assert get_user_model().objects.filter(pk=agent.pk).exists()
    assert response.redirect_chain[0][0] == reverse("wagtailusers_users:edit", args=[agent.pk])
    assert "ne peut pas être supprimé" in response.content.decode()


def test_an_account_without_traces_is_deleted(client, demo_city):
    newcomer = UserFactory(username="nouvelle.recrue")
    admin = UserFactory(username="admin.general", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post(reverse("wagtailusers_users:delete", args=[newcomer.pk]))
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=newcomer.pk).exists()
