"""Synthetic audit journal for the benchmarks: millions of entries written with COPY.

    manage.py generate_journal --entries 10000000 [--cases 3000] [--years 5]

PostgreSQL only. The entries spread over `--years` years in the order they were written
(ids grow with time, as in a real journal), by 2,000 actors, in 50 departments and 100
procedures, with a realistic mix of events: mostly case changes and case openings. A few
thousand generated cases (`generate_cases`) get real history rows — status moves, an agent
taking the case, an answer corrected, a decision — each with its journal entry, so that
one case's history has real differences to show. The chain of seals is computed here with
casework.audit_chain.chain_hash, continuing the chain already in the table, and copied
too. The journal's indexes are dropped during the load and built again afterwards
(faster than keeping them up to date row by row), and the append-only triggers, if any,
are off for the loading session only (session_replication_role = replica).
"""

import hashlib
import io
import json
import random
import time
from argparse import ArgumentParser
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from casework.audit_chain import GENESIS, chain_hash
from casework.generated_cases import generate_cases
from casework.models import Case, Department, JournalEntry, JournalSeal

BATCH = 200_000
ACTORS = 2_000
DEPARTMENTS = 50
PROCEDURES = 100
# Share of each event in a town's journal: agents mostly open and move cases.
EVENTS = [
    ("changed", 40),
    ("case_opened", 33),
    ("created", 12),
    ("file_downloaded", 8),
    ("export_requested", 2),
    ("export_downloaded", 2),
    ("page_logged", 2),
    ("profile_viewed", 1),
]
ACCESS_EVENTS = {"case_opened", "file_downloaded", "export_requested", "export_downloaded"}
OBJECT_TYPES = [
    ("casework.case", 60),
    ("casework.consultation", 12),
    ("casework.casemessage", 12),
    ("casework.internalnote", 8),
    ("casework.department", 1),
    ("wagtailcore.page", 7),
]
CHANNELS = ["back_office", "back_office", "back_office", "citizen_site", "periodic_task"]
STATUSES = ["nouveau", "en-cours", "en-attente-avis", "en-cours", "accepte"]
COLUMNS = [
    "id",
    "at",
    "actor_id",
    "actor_label",
    "channel",
    "event",
    "object_type",
    "object_id",
    "object_label",
    "history_id",
    "case_id",
    "case_reference",
    "department_id",
    "procedure_id",
    "reason",
    "detail",
    "address",
    "digest",
]
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _text(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False).translate(_ESCAPES)
    return str(value).translate(_ESCAPES)


def _copy(table: str, columns: list[str], lines: list[str]) -> None:
    buffer = io.StringIO("".join(lines))
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN", buffer
        )


def _line(values: list[Any]) -> str:
    return "\t".join(map(_text, values)) + "\n"


class Command(BaseCommand):
    help = (
        "Génère un journal d'audit synthétique pour les mesures (PostgreSQL) : des millions "
        "d'entrées écrites avec COPY, leurs maillons de chaîne, et l'historique réel de "
        "quelques milliers de dossiers générés."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--entries", type=int, default=100_000, help="entrées à écrire")
        parser.add_argument("--cases", type=int, default=3_000, help="dossiers avec historique")
        parser.add_argument("--years", type=int, default=5, help="années couvertes")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: object, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("generate_journal écrit avec COPY : il faut PostgreSQL.")
        started = time.perf_counter()
        rng = random.Random(options["seed"])
        entries, years = options["entries"], options["years"]
        if entries < 1 or years < 1:
            raise CommandError("--entries et --years doivent être positifs.")
        self._ensure_base(options["cases"])
        world = self._world(rng, options["cases"])
        now = timezone.now()
        start = now - timedelta(days=365 * years)
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            specials = self._case_histories(rng, world, start, now)
            self._say(f"{len(specials)} lignes d'historique de dossier écrites", started)
            indexes = self._drop_indexes()
            try:
                self._journal(rng, world, entries, start, now, specials, started)
            finally:
                self._restore_indexes(indexes, started)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = origin")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {JournalEntry._meta.db_table}")
            cursor.execute(f"ANALYZE {JournalSeal._meta.db_table}")
            cursor.execute(f"ANALYZE {Case.history.model._meta.db_table}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{entries} entrée(s) du journal écrites en {time.perf_counter() - started:.0f} s"
            )
        )

    def _say(self, message: str, started: float) -> None:
        self.stdout.write(f"  {message} ({time.perf_counter() - started:.0f} s)")
        self.stdout.flush()

    def _ensure_base(self, cases: int) -> None:
        have = Case.objects.filter(reference__startswith="GEN-").count()
        if have < cases:
            generate_cases(cases=cases - have, departments=DEPARTMENTS, staff=ACTORS, seed=11)

    def _world(self, rng: random.Random, cases: int) -> dict[str, Any]:
        from cms.models import ProcedurePage

        users = list(
            get_user_model()
            .objects.filter(username__startswith="gen.agent.")
            .order_by("pk")
            .values_list("pk", "first_name", "last_name", "username")[:ACTORS]
        )
        departments = list(
            Department.objects.filter(slug__startswith="gen-")
            .order_by("pk")
            .values_list("pk", flat=True)[:DEPARTMENTS]
        )
        real_procedures = list(ProcedurePage.objects.values_list("pk", flat=True))
        # Journal rows keep procedure ids without a constraint: the town's hundred
        # procedures are its real pages and ids past them.
        top = max(real_procedures, default=0)
        procedures = real_procedures + list(range(top + 1, top + 1 + PROCEDURES))
        procedures = procedures[:PROCEDURES]
        case_rows = list(
            Case.objects.filter(reference__startswith="GEN-").order_by("pk").values()[:cases]
        )
        if not users or not departments:
            raise CommandError("Aucun agent ou service généré : lancez generate_cases d'abord.")
        # A few people do most of the work: a Pareto-like weight per actor.
        weights = [1.0 / (rank + 1) ** 0.8 for rank in range(len(users))]
        rng.shuffle(weights)
        return {
            "users": users,
            "user_weights": list(accumulate(weights)),
            "departments": departments,
            "department_weights": list(
                accumulate(1.0 / (rank + 1) ** 0.6 for rank in range(len(departments)))
            ),
            "procedures": procedures,
            "procedure_weights": list(
                accumulate(1.0 / (rank + 1) for rank in range(len(procedures)))
            ),
            "cases": case_rows,
        }

    def _case_histories(
        self, rng: random.Random, world: dict[str, Any], start: datetime, now: datetime
    ) -> list[tuple]:
        """History rows of the generated cases, copied into their history table; returns
        one journal entry per row as (at, fields) to be woven into the journal in order."""
        History = Case.history.model
        table = History._meta.db_table
        fields = [f for f in History._meta.concrete_fields if f.attname != "history_id"]
        columns = ["history_id", *(f.column for f in fields)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'history_id')) "
                "FROM generate_series(1, %s)",
                [len(world["cases"]) * 12],
            )
            ids = iter([row[0] for row in cursor.fetchall()])
        lines, specials = [], []
        span = (now - start).total_seconds()
        for case in world["cases"]:
            state = dict(case)
            at = start + timedelta(seconds=rng.uniform(0, span * 0.95))
            steps = rng.randint(4, 11)
            for step in range(steps):
                kind = "+" if step == 0 else "~"
                actor = rng.choices(world["users"], cum_weights=world["user_weights"])[0]
                reason = ""
                if step == 0:
                    state["status"], actor, reason = "nouveau", None, ""
                elif step == 1:
                    state["assignee_id"], reason = actor[0], "Prise en charge"
                elif step == steps - 1:
                    state["decision"] = rng.choice(["granted", "refused"])
                    state["decided_at"], state["decided_by_id"] = at, actor[0]
                    state["decision_reason"] = "Instruction terminée"
                    reason = "Décision"
                elif rng.random() < 0.3 and isinstance(state.get("answers"), dict):
                    answers = dict(state["answers"])
                    key = rng.choice(sorted(answers) or ["commentaire"])
                    answers[key] = f"corrigé {step}"
                    state["answers"], reason = answers, "Réponse corrigée à la demande de l'usager"
                else:
                    state["status"] = rng.choice(STATUSES)
                    reason = "Changement de statut"
                state["lock_version"] = step
                state["updated_at"] = at
                history_id = next(ids)
                row = {
                    **{f.attname: state.get(f.attname) for f in fields},
                    "history_date": at,
                    "history_change_reason": reason,
                    "history_type": kind,
                    "history_user_id": actor[0] if actor else None,
                    "history_channel": "back_office" if actor else "citizen_site",
                }
                lines.append(_line([history_id, *(row[f.attname] for f in fields)]))
                specials.append(
                    (
                        at,
                        {
                            "actor": actor,
                            "channel": row["history_channel"],
                            "event": "created" if kind == "+" else "changed",
                            "object_type": "casework.case",
                            "object_id": case["id"],
                            "object_label": case["reference"],
                            "history_id": history_id,
                            "case_id": case["id"],
                            "case_reference": case["reference"],
                            "department_id": case["department_id"],
                            "procedure_id": case["procedure_id"],
                            "reason": reason,
                        },
                    )
                )
                at += timedelta(hours=rng.uniform(1, 24 * 12))
                if at > now:
                    at = now - timedelta(seconds=rng.uniform(1, 3600))
        with transaction.atomic():
            _copy(table, columns, lines)
        specials.sort(key=lambda item: item[0])
        return specials

    def _drop_indexes(self) -> list[Any]:
        indexes = list(JournalEntry._meta.indexes)
        with connection.cursor() as cursor:
            for index in indexes:
                cursor.execute(f'DROP INDEX IF EXISTS "{index.name}"')
        return indexes

    def _restore_indexes(self, indexes: list[Any], started: float) -> None:
        with connection.schema_editor() as editor:
            for index in indexes:
                editor.add_index(JournalEntry, index)
                self._say(f"index {index.name} reconstruit", started)

    def _journal(
        self,
        rng: random.Random,
        world: dict[str, Any],
        total: int,
        start: datetime,
        now: datetime,
        specials: list[tuple],
        started: float,
    ) -> None:
        entry_table = JournalEntry._meta.db_table
        seal_table = JournalSeal._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {entry_table}")
            next_id = cursor.fetchone()[0] + 1
            cursor.execute(f"SELECT seq, hash FROM {seal_table} ORDER BY seq DESC LIMIT 1")
            last = cursor.fetchone()
        seq, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
        span = (now - start).total_seconds()
        events, event_weights = zip(*EVENTS, strict=True)
        types, type_weights = zip(*OBJECT_TYPES, strict=True)
        event_weights, type_weights = (
            tuple(accumulate(event_weights)),
            tuple(accumulate(type_weights)),
        )
        special_index = 0
        plain = total - len(specials)
        written = 0
        entry_lines: list[str] = []
        seal_lines: list[str] = []
        for number in range(plain + 1):
            at_plain = start + timedelta(seconds=span * number / max(plain, 1))
            # Case history entries slot in where their time falls.
            while special_index < len(specials) and (
                number == plain or specials[special_index][0] <= at_plain
            ):
                at, fields = specials[special_index]
                special_index += 1
                line, previous = self._entry(next_id, at, fields, seq, previous, seal_lines)
                entry_lines.append(line)
                next_id, seq, written = next_id + 1, seq + 1, written + 1
            if number == plain:
                break
            fields = self._plain_fields(rng, world, events, event_weights, types, type_weights)
            line, previous = self._entry(next_id, at_plain, fields, seq, previous, seal_lines)
            entry_lines.append(line)
            next_id, seq, written = next_id + 1, seq + 1, written + 1
            if len(entry_lines) >= BATCH:
                self._flush(entry_lines, seal_lines)
                self._say(f"{written}/{total} entrées", started)
        self._flush(entry_lines, seal_lines)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{entry_table}', 'id'), %s)",
                [next_id - 1],
            )
        self._say(f"{written}/{total} entrées", started)

    def _flush(self, entry_lines: list[str], seal_lines: list[str]) -> None:
        with transaction.atomic():
            _copy(JournalEntry._meta.db_table, COLUMNS, entry_lines)
            _copy(
                JournalSeal._meta.db_table,
                ["seq", "entry_id", "previous_hash", "hash"],
                seal_lines,
            )
        entry_lines.clear()
        seal_lines.clear()

    def _plain_fields(
        self,
        rng: random.Random,
        world: dict[str, Any],
        events: tuple,
        event_weights: tuple,
        types: tuple,
        type_weights: tuple,
    ) -> dict[str, Any]:
        event = rng.choices(events, cum_weights=event_weights)[0]
        actor = rng.choices(world["users"], cum_weights=world["user_weights"])[0]
        object_type = (
            "casework.case"
            if event in ACCESS_EVENTS
            else rng.choices(types, cum_weights=type_weights)[0]
        )
        if event == "page_logged":
            object_type = "wagtailcore.page"
        case_id = rng.randint(1, 1_000_000)
        reference = f"GEN-SYN-{case_id:07d}"
        on_case = object_type.startswith("casework.") and object_type != "casework.department"
        object_id = case_id if object_type == "casework.case" else rng.randint(1, 3_000_000)
        return {
            "actor": actor,
            "channel": rng.choice(CHANNELS),
            "event": event,
            "object_type": object_type,
            "object_id": object_id,
            "object_label": reference if object_type == "casework.case" else "",
            "history_id": None,
            "case_id": case_id if on_case else None,
            "case_reference": reference if on_case else "",
            "department_id": rng.choices(
                world["departments"], cum_weights=world["department_weights"]
            )[0],
            "procedure_id": rng.choices(
                world["procedures"], cum_weights=world["procedure_weights"]
            )[0],
            "reason": "",
            "detail": "plan.pdf" if event == "file_downloaded" else "",
            "address": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            if event in ACCESS_EVENTS
            else None,
        }

    def _entry(
        self,
        entry_id: int,
        at: datetime,
        fields: dict[str, Any],
        seq: int,
        previous: str,
        seal_lines: list[str],
    ) -> tuple[str, str]:
        """The entry's COPY line and its chain link (whose seal joins `seal_lines`)."""
        actor = fields["actor"]
        label = f"{actor[1]} {actor[2]} ({actor[3]})" if actor else "Usager (sans compte)"
        values = [
            entry_id,
            at,
            actor[0] if actor else None,
            label,
            fields["channel"],
            fields["event"],
            fields["object_type"],
            fields["object_id"],
            fields["object_label"],
            fields["history_id"],
            fields["case_id"],
            fields["case_reference"],
            fields["department_id"],
            fields["procedure_id"],
            fields["reason"],
            fields.get("detail", ""),
            fields.get("address"),
        ]
        digest = hashlib.sha256("|".join(map(str, values)).encode()).hexdigest()
        link = chain_hash(previous, entry_id, digest)
        seal_lines.append(f"{seq}\t{entry_id}\t{previous}\t{link}\n")
        return _line([*values, digest]), link
