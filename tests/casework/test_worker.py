"""A real Celery worker, consuming from Redis, delivers the acknowledgement."""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from casework.models import Case
from cms import celery_app
from cms.models import ProcedurePage
from fixtures.demo_city import load_demo_city
from tests.citizen import Citizen
from tests.conftest import VALID_ANSWERS
from tests.services import require_redis

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_broker():
    require_redis()
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    yield celery_app
    celery_app.conf.task_always_eager = True


def test_a_worker_on_redis_sends_the_acknowledgement_after_commit(client, real_broker):
    load_demo_city()
    with start_worker(real_broker, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        page = ProcedurePage.objects.get(slug="acte-de-naissance")
        Citizen(client, page).submit(VALID_ANSWERS)
        case = Case.objects.get()
        notification = case.notifications.get(kind="acknowledgement")
        deadline = time.monotonic() + 30
        while notification.sent_at is None and time.monotonic() < deadline:
            time.sleep(0.2)
            notification.refresh_from_db()
    assert notification.sent_at is not None, "the worker never delivered the acknowledgement"
    assert notification.attempts == 1
    [email] = [m for m in mail.outbox if case.reference in m.subject]
    assert case.tracking_code in email.body
