"""The cost of history on writes: case transitions per second with history (simple-history
rows, their audit-journal entries and the chain's seal at commit) against the same with
history off, in one run.

    python -m benchmarks.history_cost [--transitions 600] [--profile]

Each transition is the back office's own: `case_transition` (lock, workflow check, save,
outbox e-mail to the citizen), one committed transaction each, received → in progress, by
the demo city's civil-registry agent. Two sets of fresh cases are submitted first (not
measured); then blocks of transitions alternate between "history on" and "history off"
(settings.SIMPLE_HISTORY_ENABLED = False: no history row, hence no journal entry nor
seal), so that a busy neighbour on the machine slows both sides alike. Prints both rates
and their ratio; aim: at least 0.7.

Needs PostgreSQL on 127.0.0.1 with trust auth: DATABASE_URL (by default
postgres://postgres@127.0.0.1:5432/guichet_bench_history) is created, migrated and given
the demo city if needed.
"""

import argparse
import cProfile
import io
import os
import pstats
import time

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/guichet_bench_history"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
# Without Redis, Celery runs tasks in-process: nothing is queued on a broker others use.
os.environ.pop("REDIS_URL", None)

from benchmarks.queue import ensure_database, require_postgresql  # noqa: E402

ANSWERS = {
    "nom": "Lefèvre",
    "prenoms": "Jeanne Marie",
    "email": "jeanne.lefevre@exemple.fr",
    "type_acte": "copie_integrale",
}
BLOCKS = 10
TARGET_RATIO = 0.7


def ensure_demo_city() -> None:
    from cms.models import ProcedurePage
    from fixtures.demo_city import load_demo_city

    if not ProcedurePage.objects.filter(slug="acte-de-naissance").exists():
        print("loading the demo city", flush=True)
        load_demo_city()


def fresh_cases(count: int) -> list:
    from casework.services.cases import case_submit
    from cms.models import ProcedurePage

    page = ProcedurePage.objects.get(slug="acte-de-naissance")
    version = page.form.current_version
    return [
        case_submit(
            procedure=page,
            form_version=version,
            answers=dict(ANSWERS),
            citizen_email=ANSWERS["email"],
        ).case
        for _ in range(count)
    ]


def transitions(cases: list, agent: object) -> float:
    """Seconds to move each case once, each in its own committed transaction."""
    from casework.services.cases import case_transition

    start = time.perf_counter()
    for case in cases:
        case_transition(
            case=case,
            to_status="in_progress",
            actor=agent,
            reason="Pièces vérifiées",
            expected_version=case.lock_version,
        )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transitions", type=int, default=600, help="per side (on / off)")
    parser.add_argument("--profile", action="store_true", help="profile the history-on side")
    options = parser.parse_args()
    require_postgresql(os.environ["DATABASE_URL"])

    from benchmarks._setup import setup

    setup()
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import override_settings

    from casework.models import JournalEntry, JournalSeal

    ensure_database(os.environ["DATABASE_URL"])
    ensure_demo_city()
    agent = get_user_model().objects.get(username="paul.etatcivil")
    per_block = max(1, options.transitions // BLOCKS)
    print(f"submitting {2 * per_block * BLOCKS} cases (not measured)", flush=True)
    on_cases, off_cases = fresh_cases(per_block * BLOCKS), fresh_cases(per_block * BLOCKS)
    assert transaction.get_autocommit()  # each transition commits on its own

    last_before = JournalEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    profile = cProfile.Profile() if options.profile else None
    seconds = {"on": 0.0, "off": 0.0}
    for block in range(BLOCKS):
        chunk = slice(block * per_block, (block + 1) * per_block)
        if profile is not None:
            profile.enable()
        seconds["on"] += transitions(on_cases[chunk], agent)
        if profile is not None:
            profile.disable()
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            seconds["off"] += transitions(off_cases[chunk], agent)

    count = per_block * BLOCKS
    journaled = JournalEntry.objects.filter(pk__gt=last_before).count()
    sealed = JournalSeal.objects.filter(entry_id__gt=last_before).count()
    on, off = count / seconds["on"], count / seconds["off"]
    print(
        f"transitions per side: {count}; journal entries written with history on: {journaled}"
        f" (sealed: {sealed})"
    )
    print(f"history on : {on:8.1f} transitions/s")
    print(f"history off: {off:8.1f} transitions/s")
    verdict = "OK" if on / off >= TARGET_RATIO else "BELOW TARGET"
    print(f"ratio on/off: {on / off:.2f}x (target >= {TARGET_RATIO}x) {verdict}")
    if profile is not None:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(35)
        print(out.getvalue())


if __name__ == "__main__":
    main()
