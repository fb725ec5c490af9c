"""The statistics page at a town's scale: a million cases.

    python -m benchmarks.statistics [--reuse] [--skip-refresh] [--requests 10]

Prints the time of a full refresh of the statistics facts (manage.py statistics_refresh
--full) and of an incremental one, then the median server time of the back-office
statistics page, computed (nothing cached) and as cached until the
next refresh, (reverse("backoffice:statistics"), in-process through Django's test
Client, DEBUG off) with its default period, the last twelve months, as seen by someone who
sees everything (statistics.view_all_statistics) and by one department's manager. Target:
median < 2 s for everything over one year.

Needs PostgreSQL on 127.0.0.1 with trust auth: DATABASE_URL (by default
postgres://postgres@127.0.0.1:5432/guichet_bench_stats) is created and migrated if needed
and filled with `generate_cases` up to 1,000,000 cases (some 10 minutes on 2 CPUs, once:
the database is kept). --reuse takes the database as it is; --skip-refresh keeps the facts
as they are.
"""

import argparse
import os
import subprocess
import sys
import time
from urllib.parse import urlsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/guichet_bench_stats"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

from benchmarks._setup import median_ms, setup, timed  # noqa: E402

setup()

TARGET_CASES = 1_000_000
REQUESTS = 10
WARM_UP = 2
TARGET_MS = 2000.0
HOST = "127.0.0.1"


def ensure_database(url: str) -> None:
    from django.core.management import call_command

    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"this benchmark measures PostgreSQL; DATABASE_URL is {url!r}")
    parts = urlsplit(url)
    done = subprocess.run(
        [
            *("createdb", "--no-password"),
            *("-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)),
            *("-U", parts.username or "postgres", parts.path.lstrip("/")),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode and "already exists" not in done.stderr:
        raise SystemExit(f"createdb failed: {done.stderr.strip()}")
    call_command("migrate", "--noinput", verbosity=0)


def ensure_load(cases: int) -> None:
    from casework.generated_cases import generate_cases
    from casework.models import Case

    have = Case.objects.count()
    missing = max(0, cases - have)
    print(f"{have} cases in the database; generating {missing} more", flush=True)
    if missing:
        done = generate_cases(cases=missing, departments=50, staff=5_000, open_consultations=0)
        print(f"  done in {done.seconds:.0f} s", flush=True)


def people() -> dict[str, object]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from casework.models import Department

    User = get_user_model()
    director = User.objects.get_or_create(username="bench.dgs")[0]
    director.user_permissions.add(
        Permission.objects.get(content_type__app_label="statistics", codename="view_all_statistics")
    )
    department = Department.objects.filter(slug="gen-01").first() or Department.objects.first()
    manager = department.managers.first()
    if manager is None:
        manager = User.objects.get_or_create(username="bench.manager")[0]
        department.managers.add(manager)
    return {"everything": User.objects.get(pk=director.pk), "manager": manager}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="use the database as it is")
    parser.add_argument("--skip-refresh", action="store_true", help="keep the facts as they are")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    arguments = parser.parse_args()

    ensure_database(os.environ["DATABASE_URL"])
    if not arguments.reuse:
        ensure_load(TARGET_CASES)

    from django.core.cache.backends.dummy import DummyCache
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from casework.models import Case
    from casework.statistics import report
    from casework.statistics.models import CaseFact, ConsultationFact
    from casework.statistics.services import case_facts_refresh

    if not arguments.skip_refresh:
        start = time.perf_counter()
        done = case_facts_refresh(full=True)
        print(
            f"full refresh: {time.perf_counter() - start:.1f} s for {done.cases} cases and "
            f"{done.consultations} consultations",
            flush=True,
        )
        start = time.perf_counter()
        done = case_facts_refresh()
        print(
            f"incremental refresh right after: {time.perf_counter() - start:.2f} s "
            f"({done.cases} cases changed within the overlap window)",
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    url = reverse("backoffice:statistics")
    print(
        f"{Case.objects.count()} cases, {CaseFact.objects.count()} case facts, "
        f"{ConsultationFact.objects.count()} consultation facts; {url} (last 12 months), "
        f"{arguments.requests} requests after {WARM_UP} warm-up ones, server time "
        f"in-process, DEBUG off; target median < {TARGET_MS:.0f} ms:"
    )
    slow = False
    kept = report.cache
    for role, user in people().items():
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        # Every figure computed from the facts, as the first viewer after a refresh waits
        # for it: a cache that keeps nothing.
        report.cache = DummyCache("statistiques", {})
        for _ in range(WARM_UP):
            assert client.get(url).status_code == 200
        durations = timed(lambda c=client: c.get(url), arguments.requests)
        median = median_ms(durations)
        slow = slow or median >= TARGET_MS
        print(
            f"  {role:<10} computed  median {median:7.1f} ms  min {min(durations) * 1000:7.1f} "
            f"ms  max {max(durations) * 1000:7.1f} ms",
            flush=True,
        )
        report.cache = kept
        client.get(url)  # what the periodic task does after each refresh
        durations = timed(lambda c=client: c.get(url), arguments.requests)
        print(
            f"  {role:<10} cached    median {median_ms(durations):7.1f} ms  (until the next "
            f"refresh, as the periodic task leaves it)",
            flush=True,
        )
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
