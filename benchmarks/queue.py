"""The back-office queue at a town's scale: a million cases, 50 departments, 5,000 staff.

    python -m benchmarks.queue [--reuse] [--explain] [--requests 30]

Prints the median and p95 server time of the queue page (reverse("backoffice:queue"),
in-process through Django's test Client, DEBUG off) for an ordinary agent of a department
and for its manager, each on: the default tab, a page filtered with the filter form found
in the page, and the next page (the "Page suivante" link of the default tab). Target:
median < 150 ms. It only knows the queue by its URL and HTML, so it measures whatever the
queue is when it runs.

Needs PostgreSQL on 127.0.0.1 with trust auth: DATABASE_URL (by default
postgres://postgres@127.0.0.1:5432/guichet_bench_load) is created and migrated if needed,
and filled with `generate_cases` up to 1,000,000 generated cases (some 10 minutes on 2
CPUs, once: the database is kept). --reuse takes the database as it is. With --explain,
or when a median misses the target, the slowest queries of each variant are printed with
their EXPLAIN ANALYZE plans.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode, urlsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/guichet_bench_load"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
# Nothing measured here sends mail, and nothing must leave the machine if something does.
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"

from benchmarks._setup import median_ms, setup  # noqa: E402

setup()

TARGET_CASES = 1_000_000
DEPARTMENTS = 50
STAFF = 5_000
REQUESTS = 30
WARM_UP = 3
TARGET_MS = 150.0
HOST = "127.0.0.1"  # in ALLOWED_HOSTS of every settings module
SLOW_QUERY_MS = 5.0
DEPARTMENT = "gen-01"
# A filter an agent uses every day, if the form offers it; else the form's first choice.
PREFERRED_FILTERS = [("status", "En cours d'instruction"), ("channel", "counter")]


def require_postgresql(url: str) -> None:
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            f"this benchmark measures PostgreSQL; DATABASE_URL is {url!r}. Unset it, or set "
            f"it to a PostgreSQL database such as {DEFAULT_DATABASE_URL}"
        )


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of `url` unless it exists, then migrate it."""
    from django.core.management import call_command

    parts = urlsplit(url)
    done = subprocess.run(
        [
            *("createdb", "--no-password"),  # trust auth: never wait on a prompt
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


def ensure_load(
    *, cases: int, departments: int = DEPARTMENTS, staff: int = STAFF, **more: int
) -> None:
    """At least `cases` generated cases (and the departments and staff), generated if fewer."""
    from casework.generated_cases import generate_cases
    from casework.models import Case

    have = Case.objects.filter(reference__startswith="GEN-").count()
    missing = max(0, cases - have)
    print(f"{have} generated cases in the database; generating {missing} more", flush=True)
    done = generate_cases(
        cases=missing,
        departments=departments,
        staff=staff,
        progress=lambda line: print(f"  {line}", end="\r", flush=True),
        **more,
    )
    print(f"\n  done in {done.seconds:.0f} s", flush=True)


def people() -> dict[str, Any]:
    """An ordinary agent of one generated department, and its manager."""
    from django.contrib.auth import get_user_model

    from casework.models import Department

    department = Department.objects.get(slug=DEPARTMENT)
    manager = department.managers.order_by("pk").first()
    agent = (
        get_user_model()
        .objects.filter(groups=department.group_id, username__startswith="gen.agent.")
        .exclude(managed_departments__isnull=False)
        .order_by("pk")
        .first()
    )
    if manager is None or agent is None:
        raise SystemExit(f"{DEPARTMENT} has no manager or no agent: generate the load again")
    return {"agent": agent, "manager": manager}


class PageReader(HTMLParser):
    """The GET forms of a page (hidden inputs and select options) and its links."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self.links: list[tuple[str, str]] = []  # (href, text)
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._link: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form" and found.get("method", "get").lower() == "get":
            self._form = {"hidden": [], "selects": {}}
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and found.get("type") == "hidden":
            self._form["hidden"].append((found.get("name", ""), found.get("value", "")))
        elif tag == "select" and self._form is not None:
            self._select = found.get("name", "")
            self._form["selects"][self._select] = []
        elif tag == "option" and self._form is not None and self._select is not None:
            self._form["selects"][self._select].append(found.get("value", ""))
        elif tag == "a":
            self._link, self._href = [], found.get("href", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "a" and self._link is not None:
            self.links.append((self._href, "".join(self._link).strip()))
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link.append(data)


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    return reader


def filtered_url(base: str, page: PageReader) -> str | None:
    """The queue filtered as an agent would, through the page's own filter form."""
    forms = [form for form in page.forms if form["selects"]]
    if not forms:
        return None
    for form in forms:
        for name, value in PREFERRED_FILTERS:
            if value in form["selects"].get(name, []):
                return f"{base}?{urlencode([*form['hidden'], (name, value)])}"
    form = forms[0]
    for name, options in form["selects"].items():
        chosen = next((option for option in options if option), None)
        if chosen:
            return f"{base}?{urlencode([*form['hidden'], (name, chosen)])}"
    return None


def next_page_url(page: PageReader) -> str | None:
    return next((href for href, text in page.links if text == "Page suivante"), None)


def timed_gets(client: Any, url: str, requests: int) -> list[float]:
    for _ in range(WARM_UP):
        get(client, url)
    durations = []
    for _ in range(requests):
        start = time.perf_counter()
        get(client, url)
        durations.append(time.perf_counter() - start)
    return durations


def get(client: Any, url: str) -> Any:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")
    return response


def p95_ms(durations: list[float]) -> float:
    return statistics.quantiles(durations, n=20)[-1] * 1000


def explain(client: Any, url: str) -> None:
    """The queries one request runs, and the plans of the slow ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    queries = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    total = sum(float(q["time"]) for q in queries) * 1000
    print(f"    {len(queries)} queries, {total:.0f} ms in the database; the slowest:")
    for query in queries[:3]:
        if float(query["time"]) * 1000 < SLOW_QUERY_MS and query is not queries[0]:
            break
        print(f"    -- {float(query['time']) * 1000:.1f} ms: {query['sql']}")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            for (line,) in cursor.fetchall():
                print(f"       {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="use the database as it is")
    parser.add_argument("--explain", action="store_true", help="print the slow queries' plans")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    arguments = parser.parse_args()

    database_url = os.environ["DATABASE_URL"]
    require_postgresql(database_url)
    ensure_database(database_url)
    if not arguments.reuse:
        ensure_load(cases=TARGET_CASES)

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from casework.models import Case, Department

    with connection.cursor() as cursor:
        # After a bulk load, what autovacuum does in time: statistics, and the visibility
        # map without which the permission index cannot answer alone (index-only scans).
        cursor.execute("VACUUM ANALYZE")
    base = reverse("backoffice:queue")
    print(
        f"{Case.objects.count()} cases, {Department.objects.count()} departments; queue "
        f"{base} as seen by {DEPARTMENT}'s people, {arguments.requests} requests a variant "
        f"after {WARM_UP} warm-up ones (server time in-process, DEBUG off; target median "
        f"< {TARGET_MS:.0f} ms):"
    )
    slow = False
    for role, user in people().items():
        client = Client(HTTP_HOST=HOST)
        client.force_login(user)
        first = read_page(get(client, base).content.decode())
        variants = {
            "default tab": base,
            "filtered": filtered_url(base, first),
            "next page": next_page_url(first),
        }
        for name, url in variants.items():
            if url is None:
                print(f"  {role:<8} {name:<12} not measured: the page offers none")
                continue
            durations = timed_gets(client, url, arguments.requests)
            median = median_ms(durations)
            print(
                f"  {role:<8} {name:<12} median {median:6.1f} ms  p95 {p95_ms(durations):6.1f} ms"
                f"  {url}",
                flush=True,
            )
            if arguments.explain or median >= TARGET_MS:
                slow = slow or median >= TARGET_MS
                explain(client, url)
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
