"""The auditor's views over a ten-million-entry journal.

    python -m benchmarks.audit_timeline [--reuse] [--explain] [--requests 20]

Prints the median and p95 server time (in-process through Django's test Client, DEBUG
off, signed in as the demo auditor) of: the timeline's first page, a filtered page
(department + event + date range), its next page, a person's page (the busiest actor, the
worst case, and an ordinary one) and one case's full history with its diffs and related
events. Targets: timeline pages < 200 ms, a case's history < 100 ms.

Needs PostgreSQL on 127.0.0.1 with trust auth: DATABASE_URL (by default
postgres://postgres@127.0.0.1:5432/guichet_bench_audit) is created and migrated if needed,
and filled by `manage.py generate_journal` up to 10,000,000 entries (with 3,000 generated
cases carrying real history): some 30 minutes on 2 busy CPUs, once; the database is kept.
--reuse takes it as it is. With --explain, or when a median misses its target, the slowest
queries of each variant are printed with their EXPLAIN ANALYZE plans.
"""

import argparse
import html
import os
import re
import time
from datetime import timedelta
from typing import Any

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/guichet_bench_audit"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

from benchmarks._setup import median_ms, setup  # noqa: E402

setup()

from benchmarks.queue import ensure_database, require_postgresql  # noqa: E402

TARGET_ENTRIES = 10_000_000
REQUESTS = 20
WARM_UP = 3
HOST = "127.0.0.1"
SLOW_QUERY_MS = 5.0
TIMELINE_TARGET_MS = 200.0
HISTORY_TARGET_MS = 100.0


def ensure_journal(entries: int) -> None:
    from django.core.management import call_command

    from casework.models import JournalEntry

    have = JournalEntry.objects.count()
    if have >= entries:
        print(f"{have} journal entries in the database", flush=True)
        return
    print(f"{have} journal entries; writing {entries - have} more", flush=True)
    call_command("generate_journal", entries=entries - have, cases=3000)


def p95_ms(durations: list[float]) -> float:
    ordered = sorted(durations)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)] * 1000


def timed(client: Any, url: str, requests: int) -> list[float]:
    for _ in range(WARM_UP):
        _get(client, url)
    durations = []
    for _ in range(requests):
        start = time.perf_counter()
        _get(client, url)
        durations.append(time.perf_counter() - start)
    return durations


def next_page_url(page: str) -> str:
    found = re.search(r'<a href="([^"]+)">Page suivante</a>', page)
    if found is None:
        raise SystemExit("the filtered page has no next page")
    return html.unescape(found.group(1))


def _get(client: Any, url: str) -> Any:
    response = client.get(url, HTTP_HOST=HOST)
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return response


def explain(client: Any, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    slow = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for query in slow:
        if float(query["time"]) * 1000 < SLOW_QUERY_MS or not query["sql"].startswith("SELECT"):
            continue
        print(f"    {float(query['time']) * 1000:.1f} ms: {query['sql'][:300]}")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN ANALYZE {query['sql']}")
            for (line,) in cursor.fetchall():
                print(f"      {line}")


def variants() -> list[tuple[str, str, float]]:
    """(name, URL, target in ms) of each measured page."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from casework.models import Case, JournalEntry

    timeline = reverse("backoffice:audit")
    department_id, event = (
        JournalEntry.objects.filter(pk__gt=JournalEntry.objects.order_by("-pk")[10_000].pk)
        .values_list("department_id", "event")
        .annotate(n=Count("pk"))
        .order_by("-n")[5]
    )[:2]
    today = timezone.localdate()
    filtered = (
        f"{timeline}?department={department_id}&event={event}"
        f"&du={(today - timedelta(days=730)).isoformat()}&au={today.isoformat()}"
    )
    recent = JournalEntry.objects.order_by("-pk").values_list("actor_id", flat=True)[:20_000]
    by_actor: dict[int, int] = {}
    for actor_id in recent:
        if actor_id is not None:
            by_actor[actor_id] = by_actor.get(actor_id, 0) + 1
    busiest = max(by_actor, key=by_actor.get)
    ordinary = sorted(by_actor, key=by_actor.get)[len(by_actor) // 2]
    # The generated case with the longest history.
    case_id = (
        Case.history.filter(reference__startswith="GEN-")
        .values("id")
        .annotate(n=Count("history_id"))
        .order_by("-n")
        .values_list("id", flat=True)
        .first()
    )
    case = Case.objects.get(pk=case_id)
    return [
        ("timeline, first page", timeline, TIMELINE_TARGET_MS),
        ("timeline, department + event + 2 years", filtered, TIMELINE_TARGET_MS),
        ("person page, busiest actor", reverse("backoffice:audit-person", args=[busiest]), 0),
        (
            "person page, ordinary actor",
            reverse("backoffice:audit-person", args=[ordinary]),
            TIMELINE_TARGET_MS,
        ),
        (
            f"case history with diffs ({case.reference})",
            reverse("backoffice:audit-object", args=["casework.case", case.pk]),
            HISTORY_TARGET_MS,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reuse", action="store_true", help="take the database as it is")
    parser.add_argument("--explain", action="store_true", help="print slow queries' plans")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    require_postgresql(url)
    if not args.reuse:
        ensure_database(url)
        ensure_journal(TARGET_ENTRIES)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from casework.models import Case, JournalEntry
    from casework.object_history import object_steps, related_events

    auditor = get_user_model().objects.get(username="alain.audit")
    client = Client()
    client.force_login(auditor)
    total = JournalEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    print(f"journal: about {total:,} entries; {args.requests} requests each, after {WARM_UP}")
    print(f"{'page':<52} {'median':>9} {'p95':>9}  target")
    for name, page_url, target in variants():
        durations = timed(client, page_url, args.requests)
        median, p95 = median_ms(durations), p95_ms(durations)
        verdict = "" if not target else ("ok" if median < target else "MISSED")
        goal = f"< {target:.0f} ms {verdict}" if target else "(no target)"
        print(f"{name:<52} {median:>6.1f} ms {p95:>6.1f} ms  {goal}", flush=True)
        if name.startswith("timeline, department"):
            next_url = next_page_url(_get(client, page_url).content.decode())
            more = timed(client, next_url, args.requests)
            print(
                f"{'  ... its next page':<52} {median_ms(more):>6.1f} ms {p95_ms(more):>6.1f} ms",
                flush=True,
            )
        if name.startswith("case history"):
            case_id = int(page_url.rstrip("/").rsplit("/", 1)[1])

            def history(case_id: int = case_id) -> None:
                related_events(Case, case_id, object_steps(Case, case_id))

            alone = []
            for _ in range(args.requests):
                start = time.perf_counter()
                history()
                alone.append(time.perf_counter() - start)
            print(
                f"{'  ... diffs + related events alone':<52} {median_ms(alone):>6.1f} ms "
                f"{p95_ms(alone):>6.1f} ms",
                flush=True,
            )
        if args.explain or (target and median >= target):
            explain(client, page_url)


if __name__ == "__main__":
    main()
