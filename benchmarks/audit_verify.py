"""`manage.py audit verify` throughput: journal entries checked per second, each with its
digest recomputed from the entry and its history row, and its link in the chain.

    python -m benchmarks.audit_verify [--rows 100000] [--batch-size 2000]

Needs PostgreSQL on 127.0.0.1 with trust auth: DATABASE_URL (by default
postgres://postgres@127.0.0.1:5432/guichet_bench_history, shared with
benchmarks.history_cost) is created and migrated if needed, then topped up to `--rows`
journal entries by history-aware bulk writes (history rows of departments, journaled and
sealed by the trigger at each commit, as the reminders' digest writes them).
"""

import argparse
import os
import time

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/guichet_bench_history"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
os.environ.pop("REDIS_URL", None)

from benchmarks.queue import ensure_database, require_postgresql  # noqa: E402

BULK = 2000


def top_up(rows: int) -> None:
    from django.contrib.auth.models import Group
    from django.db import transaction

    from casework.history import Via, acting_as_system
    from casework.models import Department, JournalEntry

    missing = rows - JournalEntry.objects.count()
    if missing <= 0:
        return
    print(f"writing {missing} journal entries (not measured)", flush=True)
    departments = [
        Department.objects.get_or_create(
            slug=f"bench-verify-{n}",
            defaults={
                "name": f"Service de mesure {n}",
                "group": Group.objects.get_or_create(name=f"Mesure {n}")[0],
            },
        )[0]
        for n in range(BULK)
    ]
    started = time.perf_counter()
    with acting_as_system("Mesure : remplissage du journal", channel=Via.COMMAND):
        while missing > 0:
            batch = departments[: min(BULK, missing)]
            with transaction.atomic():
                Department.history.bulk_history_create(
                    batch, update=True, default_change_reason="Mesure"
                )
            missing -= len(batch)
    print(f"  written in {time.perf_counter() - started:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=2000)
    options = parser.parse_args()
    require_postgresql(os.environ["DATABASE_URL"])

    from benchmarks._setup import setup

    setup()
    from casework.audit_verify import chain_verify

    ensure_database(os.environ["DATABASE_URL"])
    top_up(options.rows)
    verdict = chain_verify(batch_size=options.batch_size)
    state = "intact" if verdict.broken is None else f"ROMPUE — {verdict.broken}"
    print(f"chain {state}: {verdict.checked} entries in {verdict.seconds:.1f} s")
    print(f"audit verify: {verdict.rate:,.0f} rows/s".replace(",", " "))


if __name__ == "__main__":
    main()
