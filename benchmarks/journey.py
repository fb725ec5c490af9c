"""Citizen journeys under load (issue: submissions per second, step page time).

    python -m benchmarks.journey

Prints: submissions per second of a 20-question, 3-step Guichet procedure and of a plain
`wagtail.contrib.forms` form page with the same 20 fields, measured in the same run, each
served by gunicorn (2 sync workers, DEBUG off, PostgreSQL, connections kept) and driven for
the same time by the same client threads, the two servers taking turns in rounds; their
ratio; then the median time of a GET of a step page.

Needs PostgreSQL on 127.0.0.1 with trust auth. DATABASE_URL (by default
postgres://postgres@127.0.0.1:5432/guichet_bench) is created and migrated if needed; the plain
page lives in its own database, guichet_bench_plain. Both keep what the run creates (the demo
city, the bench procedure and form page, the cases and submissions), so reruns start faster.
Servers listen on 127.0.0.1 only, every wait is bounded, and every process started here is
stopped before the script ends; the temporary directory is removed.
"""

import http.cookiejar
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.cookies import extract_cookies_to_jar, get_cookie_header

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/guichet_bench"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
# Without Redis, Celery runs tasks eagerly in the web process, as the issue asks.
os.environ.pop("REDIS_URL", None)

from benchmarks._plain_form_page import PlainProject  # noqa: E402
from benchmarks._setup import median_ms, setup  # noqa: E402

setup()

ROOT = Path(__file__).resolve().parent.parent
PLAIN_DATABASE = "guichet_bench_plain"

DURATION = 20.0  # seconds of load per figure, split over ROUNDS
ROUNDS = 4  # the two servers take turns, so a slower minute of the machine hits both
WARM_UP = 3.0  # seconds of load before each figure: worker imports, caches, connections
CLIENT_THREADS = 4  # enough to keep 2 sync workers busy while one waits on PostgreSQL
WORKERS = 2
STEP_GETS = 200
REQUEST_TIMEOUT = 15.0
SERVER_START_TIMEOUT = 60.0

NO_CONDITION = {"combine": "all", "rules": []}


@dataclass(frozen=True)
class Kind:
    """A kind of question in both worlds, and one valid answer to it."""

    guichet: str  # the Guichet field kind (formbuilder/fields)
    plain: str  # the wagtail.contrib.forms field type
    sent: str  # what the browser sends
    stored: Any  # what Guichet keeps in the case
    block: dict[str, Any] = field(default_factory=dict)  # the kind's own editor values


KINDS = [
    Kind("short_text", "singleline", "Dupont", "Dupont"),
    Kind("integer", "number", "3", 3),
    Kind(
        "choice",
        "radio",
        "oui",
        "oui",
        {
            "widget": "radio",
            "allow_other": False,
            "options": [{"label": "Oui", "value": "oui"}, {"label": "Non", "value": "non"}],
        },
    ),
    Kind("date", "date", "1990-07-14", "1990-07-14"),
    Kind("email", "email", "a@exemple.fr", "a@exemple.fr"),
    # A required box to tick, like "I certify...": both worlds accept only a ticked box.
    Kind("yes_no", "checkbox", "on", True, {"widget": "checkbox"}),
    Kind("long_text", "multiline", "Texte", "Texte"),
    Kind("decimal", "number", "2.5", 2.5),
]
QUESTIONS = [(f"q{index}", KINDS[index % len(KINDS)]) for index in range(20)]
STEP_STARTS = (0, 7, 14)  # 7 + 7 + 6 questions
STEP_ENDS = (*STEP_STARTS[1:], len(QUESTIONS))
STEPS = [QUESTIONS[start:end] for start, end in zip(STEP_STARTS, STEP_ENDS, strict=True)]
STEP_ANSWERS = [{name: kind.sent for name, kind in step} for step in STEPS]
ALL_ANSWERS = {name: kind.sent for name, kind in QUESTIONS}

PROCEDURE_SLUG = "banc-20-questions"
FORM_NAME = "Banc d'essai : 20 questions en 3 étapes"


# --- The two forms -------------------------------------------------------------------------


def guichet_stream() -> list[dict[str, Any]]:
    """The procedure's form as the editor stores it: 3 step blocks and 20 questions."""
    stream: list[dict[str, Any]] = []
    for index, (name, kind) in enumerate(QUESTIONS):
        if index in STEP_STARTS:
            title = f"Étape {STEP_STARTS.index(index) + 1}"
            stream.append({"type": "step", "value": {"title": title, "visible_when": NO_CONDITION}})
        value = {
            "label": f"Question {index}",
            "name": name,
            "help_text": "",
            "required": True,
            "visible_when": NO_CONDITION,
            **kind.block,
        }
        stream.append({"type": kind.guichet, "value": value})
    return stream


def guichet_procedure() -> Any:
    """The demo city plus the bench procedure, published (both created once)."""
    from casework.models import Department
    from cms.models import ProcedureIndexPage, ProcedurePage
    from fixtures.demo_city import load_demo_city
    from formbuilder.blocks import FormFieldsBlock
    from formbuilder.models import FormDefinition

    load_demo_city()
    page = ProcedurePage.objects.filter(slug=PROCEDURE_SLUG).first()
    if page is not None:
        return page
    form = FormDefinition.objects.filter(name=FORM_NAME).first()
    if form is None:
        block = FormFieldsBlock()
        fields = block.clean(block.to_python(guichet_stream()))  # the editor's save checks
        form = FormDefinition(name=FORM_NAME, fields=fields)
        form.save()
        form.save_revision().publish()  # compiles and freezes version 1
    page = ProcedurePage(
        title="Banc d'essai en 20 questions",
        slug=PROCEDURE_SLUG,
        form=form,
        department=Department.objects.get(slug="etat-civil"),
        reference_prefix="BAN",
    )
    ProcedureIndexPage.objects.get(slug="demarches").add_child(instance=page)
    page.save_revision().publish()
    return page


def plain_fields() -> list[dict[str, Any]]:
    """The same 20 questions as wagtail.contrib.forms FormField values."""
    return [
        {
            "label": f"Question {index}",
            "clean_name": name,  # the POST names are then the same as Guichet's
            "field_type": kind.plain,
            "required": True,
            "choices": "oui\nnon" if kind.plain == "radio" else "",
        }
        for index, (name, kind) in enumerate(QUESTIONS)
    ]


def guichet_cases(page: Any) -> tuple[int, dict[str, Any] | None]:
    """How many cases the bench procedure has, and the latest one's answers."""
    from casework.models import Case

    cases = Case.objects.filter(procedure=page)
    latest = cases.order_by("-pk").first()
    return cases.count(), latest.answers if latest else None


# --- Databases, static files, servers ------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of `url` unless it exists."""
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


def manage(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env or dict(os.environ),
        check=True,
        timeout=timeout,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(app: str, *, env: dict[str, str], cwd: Path, log: Path) -> Iterator[str]:
    """Serve `app` with gunicorn on a free loopback port; yield its base URL; stop it."""
    port = free_port()
    with log.open("ab") as output:
        process = subprocess.Popen(
            [
                *(sys.executable, "-m", "gunicorn", app),
                *("--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"),
                *("--timeout", "30", "--graceful-timeout", "5"),
                "--no-control-socket",  # gunicorn 27 would otherwise leave a socket in ~/.gunicorn
            ],
            cwd=cwd,
            env=env,
            stdout=output,
            stderr=output,
            start_new_session=True,  # its own process group: the workers can be stopped too
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, log)
        yield base
    finally:
        process.terminate()  # the master stops its workers gracefully
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            # A worker's first request imports the project: it may take a few seconds.
            requests.get(base + "/", timeout=10, allow_redirects=False)
            return  # any answer will do: the workers are up
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within {SERVER_START_TIMEOUT:.0f} s")


# --- The client ----------------------------------------------------------------------------


class JourneyError(Exception):
    """A response other than the one a successful submission gets."""


class LoopbackCookiePolicy(http.cookiejar.DefaultCookiePolicy):
    """Send Secure cookies over plain HTTP.

    Both servers run production settings and believe they are behind a TLS proxy (the
    client sends X-Forwarded-Proto: https), so their session and CSRF cookies are Secure;
    the load itself is plain HTTP on the loopback, where a cookie jar would drop them.
    """

    def return_ok_secure(self, cookie: http.cookiejar.Cookie, request: Any) -> bool:
        return True


class Browser:
    """One citizen's browser: its own cookies, the headers a browser behind TLS sends."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.requests = 0
        # requests copies a session's cookies into a jar with the default policy before each
        # request, which drops Secure ones: this jar is used directly instead.
        self.cookies = http.cookiejar.CookieJar(policy=LoopbackCookiePolicy())
        self.session = requests.Session()
        self.session.headers.update(
            {
                "X-Forwarded-Proto": "https",
                # Django checks the Origin of POSTs made over HTTPS.
                "Origin": "https://" + urlsplit(base).netloc,
            }
        )

    def cookie(self, name: str) -> str:
        return next((cookie.value or "" for cookie in self.cookies if cookie.name == name), "")

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> Any:
        if method == "POST":
            # The CSRF cookie's secret is an accepted token, as the page's masked one is.
            data = {"csrfmiddlewaretoken": self.cookie("csrftoken"), **(data or {})}
        url = path if path.startswith("http") else self.base + path
        prepared = self.session.prepare_request(requests.Request(method, url, data=data))
        prepared.headers.pop("Cookie", None)
        if header := get_cookie_header(self.cookies, prepared):
            prepared.headers["Cookie"] = header
        self.requests += 1
        response = self.session.send(prepared, allow_redirects=False, timeout=REQUEST_TIMEOUT)
        extract_cookies_to_jar(self.cookies, prepared, response.raw)
        return response

    def page(self, path: str, must_contain: str = "") -> Any:
        """GET a page that must answer 200."""
        response = self.request("GET", path)
        expect(response.status_code == 200 and must_contain in response.text, response)
        return response

    def act(
        self, method: str, path: str, data: dict[str, str] | None = None, *, leads_to: str
    ) -> Any:
        """A request that must redirect to a URL ending in `leads_to`."""
        response = self.request(method, path, data)
        location = response.headers.get("Location", "")
        expect(response.status_code == 302 and location.endswith(leads_to), response)
        return response

    def follow(self, response: Any) -> Any:
        """Follow redirects as a browser does, to a page that must answer 200."""
        while response.status_code == 302:
            response = self.request("GET", response.headers["Location"])
        expect(response.status_code == 200, response)
        return response

    def close(self) -> None:
        self.session.close()


def expect(condition: bool, response: Any) -> None:
    if not condition:
        raise JourneyError(
            f"{response.request.method} {response.url} -> {response.status_code} "
            f"{response.headers.get('Location', '')} {response.text[-300:]!r}"
        )


def guichet_submission(base: str, page_url: str, *, as_browser: bool) -> int:
    """One complete Guichet submission in a fresh session; returns the requests it took.

    Lean, every request that carries the citizen's answers plus the one GET a browser must
    make before sending a form (it gives the CSRF cookie), as in the plain walk: the first
    step's page, each step sent (the first one keeps the draft), the summary sent (it
    creates the case). With `as_browser`, the walk of a person: the procedure page, the
    "Commencer" button, and every redirect followed, each step page rendered, then the
    confirmation.
    """
    browser = Browser(base)
    try:
        if as_browser:
            browser.page(page_url)
            browser.follow(browser.request("GET", page_url + "formulaire/"))  # -> etape-1/
        else:
            browser.page(page_url + "formulaire/etape-1/")
        steps = [f"etape-{number}" for number in range(1, len(STEPS) + 1)]
        followers = [*steps[1:], "recapitulatif"]
        for step, following, answers in zip(steps, followers, STEP_ANSWERS, strict=True):
            response = browser.act(
                "POST",
                f"{page_url}formulaire/{step}/",
                {"guichet-current_step": step, **answers},
                leads_to=f"formulaire/{following}/",
            )
            if as_browser:
                browser.follow(response)
        # Sending the summary creates the case and leads to the confirmation.
        response = browser.act(
            "POST",
            f"{page_url}formulaire/recapitulatif/",
            {"guichet-current_step": "recapitulatif"},
            leads_to="confirmation/",
        )
        if as_browser:
            browser.follow(response)
        return browser.requests
    finally:
        browser.close()


def plain_submission(base: str, page_url: str) -> int:
    """One plain form submission in a fresh session: the form, then the 20 answers."""
    browser = Browser(base)
    try:
        browser.page(page_url)
        # An invalid form is rendered again with a 200 too: only the landing page says "Merci".
        response = browser.request("POST", page_url, ALL_ANSWERS)
        expect(response.status_code == 200 and "Merci" in response.text, response)
        return browser.requests
    finally:
        browser.close()


# --- Load ----------------------------------------------------------------------------------


@dataclass
class Load:
    submissions: int = 0
    requests: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    stored: int = 0  # cases or FormSubmission rows created meanwhile
    latest: Any = None  # the answers of the last one stored

    @property
    def rate(self) -> float:
        return self.submissions / self.seconds


def run_load(submit: Callable[[], int], duration: float) -> Load:
    """CLIENT_THREADS threads submitting back to back until `duration` has passed.

    A submission under way at the deadline is finished and counted, and the time it took is
    counted too: the rate is all submissions over the time until the last thread stopped.
    A thread stops at its first failure, so a broken server ends the load quickly.
    """
    load, lock = Load(), threading.Lock()
    deadline = time.monotonic() + duration

    def client() -> None:
        while time.monotonic() < deadline:
            try:
                requests_made = submit()
            except (JourneyError, requests.RequestException) as error:
                with lock:
                    load.failures.append(str(error))
                return
            with lock:
                load.submissions += 1
                load.requests += requests_made

    threads = [threading.Thread(target=client, daemon=True) for _ in range(CLIENT_THREADS)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        # Bounded: each request has its own timeout; a thread still stuck is given up on.
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 120)
    load.seconds = time.monotonic() - start
    if any(thread.is_alive() for thread in threads):
        load.failures.append("a client thread did not finish in time")
    return load


def warmed(submit: Callable[[], int]) -> None:
    warm_up = run_load(submit, WARM_UP)
    if warm_up.failures:
        raise SystemExit(f"the warm-up failed: {warm_up.failures[0]}")


def measured_in_turns(
    contenders: dict[str, tuple[Callable[[], int], Callable[[], tuple[int, Any]]]],
) -> dict[str, Load]:
    """Each contender warmed up, then loaded in turn, ROUNDS times DURATION / ROUNDS, each
    counting what its database gained meanwhile; one Load per contender, rounds pooled."""
    for submit, _stored in contenders.values():
        warmed(submit)
    pooled = {name: Load() for name in contenders}
    for _round in range(ROUNDS):
        for name, (submit, stored) in contenders.items():
            before, _ = stored()
            load = run_load(submit, DURATION / ROUNDS)
            after, latest = stored()
            total = pooled[name]
            total.submissions += load.submissions
            total.requests += load.requests
            total.seconds += load.seconds
            total.failures += load.failures
            total.stored += after - before
            total.latest = latest
    return pooled


def step_page_times(base: str, page_url: str) -> list[float]:
    """Wall time of STEP_GETS sequential GETs of step 2 of a draft whose step 1 is answered."""
    browser = Browser(base)
    try:
        browser.page(page_url + "formulaire/etape-1/")
        browser.act(
            "POST",
            f"{page_url}formulaire/etape-1/",
            {"guichet-current_step": "etape-1", **STEP_ANSWERS[0]},
            leads_to="formulaire/etape-2/",
        )
        url = f"{page_url}formulaire/etape-2/"
        for _ in range(10):  # warm: templates and the compiled form in each worker
            browser.page(url, must_contain='name="q7"')
        durations = []
        for _ in range(STEP_GETS):
            start = time.perf_counter()
            browser.page(url, must_contain='name="q7"')
            durations.append(time.perf_counter() - start)
        return durations
    finally:
        browser.close()


# --- The run -------------------------------------------------------------------------------


def main() -> int:
    database_url = os.environ["DATABASE_URL"]
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("benchmarks.journey measures PostgreSQL: set DATABASE_URL to it")
    plain_url = urlsplit(database_url)._replace(path="/" + PLAIN_DATABASE).geturl()
    ensure_database(database_url)
    ensure_database(plain_url)
    manage("migrate", "--noinput", "-v0")
    page = guichet_procedure()
    page_url = page.url

    with tempfile.TemporaryDirectory(prefix="guichet-journey-") as temporary:
        directory = Path(temporary)
        guichet_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "STATIC_ROOT": str(directory / "static"),
            "MEDIA_ROOT": str(directory / "media"),
        }
        # Production's manifest storage needs collected files to render {% static %}.
        manage("collectstatic", "--noinput", "-v0", env=guichet_env, timeout=300)
        plain = PlainProject(directory / "plain", plain_url, secrets.token_urlsafe(50))
        plain.write()
        plain.migrate()
        plain_page_url = plain.setup_page(plain_fields())

        guichet_log = directory / "gunicorn-guichet.log"
        plain_log = directory / "gunicorn-plain.log"
        with (
            gunicorn("cms.wsgi:application", env=guichet_env, cwd=ROOT, log=guichet_log) as base,
            gunicorn(
                "plainbench.wsgi:application", env=plain.env, cwd=plain.directory, log=plain_log
            ) as plain_base,
        ):
            loads = measured_in_turns(
                {
                    "lean": (
                        lambda: guichet_submission(base, page_url, as_browser=False),
                        lambda: guichet_cases(page),
                    ),
                    "plain": (
                        lambda: plain_submission(plain_base, plain_page_url),
                        plain.submissions,
                    ),
                    "browsing": (
                        lambda: guichet_submission(base, page_url, as_browser=True),
                        lambda: guichet_cases(page),
                    ),
                }
            )
            step_times = step_page_times(base, page_url)
        lean, wagtail, browsing = loads["lean"], loads["plain"], loads["browsing"]

    setting = f"{CLIENT_THREADS} client threads, gunicorn {WORKERS} workers, {os.cpu_count()} CPUs"
    print(f"submissions per second, {DURATION:.0f} s of load each in {ROUNDS} turns, {setting}:")
    report("Guichet, 20 questions in 3 steps", lean, "cases")
    report("Guichet, as a browser (redirects followed)", browsing, "cases")
    report("plain wagtail.contrib.forms page, 20 fields", wagtail, "FormSubmission rows")
    print(
        f"  ratio Guichet / plain: {lean.rate / wagtail.rate:.2f}x (target >= 0.5x); "
        f"as a browser: {browsing.rate / wagtail.rate:.2f}x"
    )
    print(
        f"GET of a step page (etape-2, 7 questions): median {median_ms(step_times):.1f} ms "
        f"(p90 {statistics.quantiles(step_times, n=10)[-1] * 1000:.1f} ms, {STEP_GETS} "
        "sequential requests; wall time on the client, loopback included; target < 50 ms)"
    )
    return 0 if all(checked(load) for load in (lean, browsing, wagtail)) else 1


def report(label: str, load: Load, rows: str) -> None:
    print(
        f"  {label}: {load.rate:.1f}/s ({load.submissions} in {load.seconds:.1f} s, "
        f"{load.requests / max(load.submissions, 1):.0f} requests each, {load.stored} {rows} "
        f"stored{'' if checked(load) else '; CHECK FAILED'})"
    )
    if load.failures:
        print(f"    {len(load.failures)} failed submission(s), first: {load.failures[0]}")


def checked(load: Load) -> bool:
    """Every submission stored, and the last one holds the answers sent."""
    expected = {name: kind.stored for name, kind in QUESTIONS}
    # The plain page keeps its cleaned data as JSON text: Decimal("2.5") becomes "2.5".
    as_text = {name: str(value) for name, value in (load.latest or {}).items()}
    return (
        not load.failures
        and load.stored == load.submissions
        and (load.latest == expected or as_text == {k: str(v) for k, v in expected.items()})
    )


if __name__ == "__main__":
    sys.exit(main())
