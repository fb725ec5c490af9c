"""The periodic sweep at a town's scale: one tick() over 100,000 open consultations.

    python -m benchmarks.sweep [--reuse] [--profile]

Prints the wall time of one full `casework.services.sweeps.tick()`: silence decisions on
the open cases past their deadline, then the day's reminders, one digest per late
department (and its managers after a few reminders). Target: < 30 s.

Needs PostgreSQL on 127.0.0.1 with trust auth: DATABASE_URL (by default
postgres://postgres@127.0.0.1:5432/guichet_bench_load, the database of benchmarks.queue) is
created and migrated if needed, and topped up with `generate_cases` to 100,000 unanswered
consultations on open cases, spread over 50 departments, most of them overdue with their
reminders as a daily sweep would have left them, and 500 cases whose deadline passed where
silence decides (a day's worth for a town of a million cases). --reuse takes the database
as it is.

The tick runs in a transaction rolled back at the end, so the same data serves every run
(the day's digests would otherwise make a second run send nothing). E-mails are written to
the outbox as in production, never delivered: delivery waits for the commit, which never
comes, and the mail backend is locmem anyway. With --profile, the tick runs under cProfile
and the hot spots are printed.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/guichet_bench_load"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
# Without Redis, Celery runs tasks in-process: nothing is queued on a broker others use.
os.environ.pop("REDIS_URL", None)

from benchmarks.queue import ensure_database, require_postgresql  # noqa: E402

OPEN_CONSULTATIONS = 100_000
SILENCE_DUE = 500
DEPARTMENTS = 50
STAFF = 5_000
TARGET_SECONDS = 30.0


class RolledBack(Exception):
    """Raised to leave the tick's transaction without committing it."""


def ensure_sweep_load() -> None:
    from django.utils import timezone

    from casework.generated_cases import generate_cases
    from casework.models import Consultation
    from casework.services.decisions import silence_due_cases

    open_now = Consultation.objects.filter(
        answered_at__isnull=True, case__decided_at__isnull=True
    ).count()
    silence_now = silence_due_cases(timezone.localdate()).count()
    consultations = max(0, OPEN_CONSULTATIONS - open_now)
    silence = max(0, SILENCE_DUE - silence_now)
    print(
        f"{open_now} open consultations and {silence_now} cases due for a silence decision; "
        f"generating {consultations} and {silence} more",
        flush=True,
    )
    if consultations or silence:
        done = generate_cases(
            cases=-(-consultations // 2) + silence,  # two departments consulted a case
            departments=DEPARTMENTS,
            staff=STAFF,
            open_consultations=consultations,
            silence_due=silence,
            progress=lambda line: print(f"  {line}", end="\r", flush=True),
        )
        print(f"\n  done in {done.seconds:.0f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="use the database as it is")
    parser.add_argument("--profile", action="store_true", help="print cProfile's hot spots")
    arguments = parser.parse_args()

    database_url = os.environ["DATABASE_URL"]
    require_postgresql(database_url)
    ensure_database(database_url)

    from django.conf import settings
    from django.db import connection, transaction
    from django.utils import timezone

    from casework.history import Via
    from casework.models import Consultation, Notification, ReminderDigest
    from casework.services.reminders import late_consultations
    from casework.services.sweeps import tick

    if settings.EMAIL_BACKEND.rsplit(".", 2)[-2] not in ("locmem", "console"):
        raise SystemExit(f"refusing to run with the mail backend {settings.EMAIL_BACKEND}")
    if not arguments.reuse:
        ensure_sweep_load()
    with connection.cursor() as cursor:
        # After a bulk load, what autovacuum does in time: statistics, and the visibility
        # map without which the permission index cannot answer alone (index-only scans).
        cursor.execute("VACUUM ANALYZE")

    now = timezone.now()
    open_consultations = Consultation.objects.filter(
        answered_at__isnull=True, case__decided_at__isnull=True
    ).count()
    late = late_consultations(now).count()
    profiler = cProfile.Profile() if arguments.profile else None
    outcome: dict[str, int] = {}
    counts: dict[str, int] = {}
    try:
        with transaction.atomic():
            notifications = Notification.objects.count()
            start, cpu_start = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            outcome = tick(now=now, via=Via.COMMAND)
            if profiler:
                profiler.disable()
            seconds = time.perf_counter() - start
            cpu_seconds = time.process_time() - cpu_start
            today = timezone.localdate(now)
            counts = {
                "e-mails": Notification.objects.count() - notifications,
                "reminded": Consultation.objects.filter(last_reminded_on=today).count(),
                "escalated": ReminderDigest.objects.filter(day=today, escalated=True).count(),
            }
            raise RolledBack
    except RolledBack:
        pass
    print(
        f"tick(): {seconds:.1f} s (target < {TARGET_SECONDS:.0f} s; {cpu_seconds:.1f} s of it on "
        "this process's CPU, the rest in PostgreSQL or waiting for a CPU)"
    )
    print(
        f"  over {open_consultations} open consultations, {late} of them late: "
        f"{outcome['decided']} case(s) decided by silence, {outcome['reminded']} "
        f"department(s) reminded ({counts['escalated']} escalated to managers), "
        f"{counts['reminded']} consultation(s) reminded, {counts['e-mails']} e-mail(s) "
        "written to the outbox (rolled back, none sent)"
    )
    if profiler:
        for order in ("cumulative", "tottime"):
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(25)
            print(text.getvalue())
    return 0 if seconds < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
