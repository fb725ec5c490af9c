"""Synthetic load for benchmarks: departments, staff, cases and open consultations, written
in bulk (`manage.py generate_cases`).

Cases skip what a submission does for the citizen (history rows, acknowledgements, drafts)
on purpose, but get every row access control reads: one CaseGroupObjectPermission per
(case, handling department's group, view/change), view rights for consulted departments and
for elected officials on cases awaiting their decision. So the queue, the case page and the
sweeps see what they would see after two years of real submissions.

Everything generated is recognisable: departments `gen-NN`, users `gen.agent.NNNNN`,
references `GEN-<procedure prefix>-<year>-<number>`. Numbers come from a ReferenceCounter
(prefix "GEN", year 0: one sequence across years), so a second run adds cases and never
clashes with the first. Departments and staff are topped up to the numbers asked for.
"""

import io
import json
import random
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection, transaction
from django.utils import timezone

from .deadlines import deadline_from
from .models import (
    Case,
    CaseGroupObjectPermission,
    Channel,
    Consultation,
    Decision,
    Department,
    IncidentCategory,
    ReferenceCounter,
    SilenceRule,
    WorkflowConsultation,
)
from .services.consultations import DEFAULT_DUE_DAYS
from .tracking_codes import ALPHABET, GROUP_LENGTH, GROUPS
from .workflow import Workflow, workflow_of_procedure

DEPARTMENT_SLUG = "gen-{:02d}"
USERNAME = "gen.agent.{:05d}"
REFERENCE_PREFIX = "GEN"
COUNTER_YEAR = 0  # one sequence for all years: generated references never repeat
ELECTED_GROUP = "Élus"  # fixtures.demo_casework.ELECTED_GROUP, found by permission first
HISTORY_DAYS = 730  # cases are spread over the last two years
BATCH = 5000

# Where cases come from, roughly as in a town that has had its online counter for a while.
CHANNELS = [
    (Channel.WEB, 70),
    (Channel.COUNTER, 10),
    (Channel.PHONE, 8),
    (Channel.EMAIL, 7),
    (Channel.MAIL, 5),
]
FIRST_NAMES = [
    "Jeanne", "Louis", "Camille", "Hugo", "Léa", "Nathan", "Chloé", "Lucas", "Manon", "Jules",
    "Inès", "Gabriel", "Sarah", "Arthur", "Emma", "Karim", "Fatou", "Yanis", "Zoé", "Paul",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Diallo", "Nguyen", "Roux",
]  # fmt: skip
# A case still open after its deadline is rare; within its deadline, most are.
OPEN_WITHIN_DEADLINE = 0.65
OPEN_AFTER_DEADLINE = 0.03
ASSIGNED = 0.4  # share of cases with an agent in charge
IMPLICIT_SHARE = 0.1  # of decided cases in workflows where silence decides
ANSWER_VARIANTS = 16
FINAL_WEIGHTS = [60, 25, 10, 5, 3, 2, 1, 1, 1, 1]


@dataclass
class Generated:
    """What a run created, for the command to print and the benchmarks to check."""

    departments: int = 0
    staff: int = 0
    cases: int = 0
    permissions: int = 0
    consultations: int = 0
    overdue_consultations: int = 0
    silence_due: int = 0
    seconds: float = 0.0
    first_reference: str = ""
    last_reference: str = ""
    department_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class _Procedure:
    page: Any
    form_version_id: int
    workflow: Workflow
    prefix: str
    answers: list[dict[str, Any]]
    is_report: bool
    consultable: bool
    consultation_days: dict[int, int]  # consulted department id -> due days
    open_statuses: list[str]
    final_statuses: list[tuple[str, str]]  # (slug, meaning)
    awaiting_decision: str | None


def generate_cases(
    *,
    cases: int = 10_000,
    departments: int = 50,
    staff: int = 5_000,
    open_consultations: int = 0,
    silence_due: int = 0,
    seed: int | None = None,
    batch: int = BATCH,
    progress: Callable[[str], None] | None = None,
) -> Generated:
    """Generate `cases` cases over `departments` generated departments whose groups hold
    `staff` users (a manager per department, a few elected officials), with
    `open_consultations` unanswered consultations (most overdue) and `silence_due` open
    cases past their deadline in procedures where silence decides."""
    if departments < 1:
        raise ValueError("at least one department is needed")
    started = time.perf_counter()
    rng = random.Random(seed)
    say = progress or (lambda message: None)
    done = Generated()
    _ensure_demo_city()
    department_rows, done.departments = _ensure_departments(departments)
    done.department_ids = [department.pk for department in department_rows]
    members, done.staff = _ensure_staff(staff, department_rows)
    procedures = _procedures(rng)
    consultable = [procedure for procedure in procedures if procedure.consultable]
    silent = [procedure for procedure in procedures if _silence_target(procedure.workflow)]
    # Two departments consulted a case, as in the terrace story; more if the cases are few.
    per_case = min(max(2, -(-open_consultations // max(cases, 1))), len(department_rows) - 1)
    if open_consultations and (not consultable or per_case < 1):
        raise ValueError("open consultations need a procedure that consults and 2 departments")
    consultation_cases = -(-open_consultations // per_case) if open_consultations else 0
    if consultation_cases + silence_due > cases:
        raise ValueError("not enough cases for the consultations and silence-due cases asked")
    if silence_due and not silent:
        raise ValueError("no procedure where silence decides: no silence-due case possible")
    first_number = _reserve_numbers(cases)
    permission_ids = _permission_ids()
    elected_groups = list(
        Group.objects.filter(permissions__codename="decide_case").values_list("pk", flat=True)
    )
    writer = _Writer(
        rng=rng,
        now=timezone.now(),
        departments=department_rows,
        members=members,
        procedures=procedures,
        permission_ids=permission_ids,
        elected_groups=elected_groups,
        categories=list(IncidentCategory.objects.values_list("pk", flat=True)),
        done=done,
    )
    consultations_left = open_consultations
    for start in range(0, cases, batch):
        stop = min(start + batch, cases)
        roles = []
        for index in range(start, stop):
            if index < consultation_cases:
                take = min(per_case, consultations_left)
                consultations_left -= take
                roles.append(("consulted", rng.choice(consultable), take))
            elif index < consultation_cases + silence_due:
                roles.append(("silence_due", rng.choice(silent), 0))
            else:
                roles.append(("ordinary", rng.choices(procedures)[0], 0))
        writer.write(first_number + start, roles)
        say(f"{stop}/{cases} cases ({time.perf_counter() - started:.0f} s)")
    if cases:
        done.first_reference = writer.first_reference
        done.last_reference = writer.last_reference
    done.seconds = time.perf_counter() - started
    return done


def _ensure_demo_city() -> None:
    from cms.models import ProcedurePage

    if not ProcedurePage.objects.filter(slug="terrasse").exists():
        from fixtures.demo_city import load_demo_city

        with transaction.atomic():
            load_demo_city()


def _ensure_departments(count: int) -> tuple[list[Department], int]:
    """The generated departments gen-01..gen-NN, creating the missing ones."""
    slugs = [DEPARTMENT_SLUG.format(number) for number in range(1, count + 1)]
    existing = {
        department.slug: department for department in Department.objects.filter(slug__in=slugs)
    }
    missing = [slug for slug in slugs if slug not in existing]
    with transaction.atomic():
        for slug in missing:
            number = int(slug.rsplit("-", 1)[1])
            name = f"Service généré {number:02d}"
            group = Group.objects.get_or_create(name=f"Service {name}")[0]
            existing[slug] = Department.objects.create(
                slug=slug, name=name, email=f"{slug}@val-fleuri.example", group=group
            )
    return [existing[slug] for slug in slugs], len(missing)


def _ensure_staff(count: int, departments: list[Department]) -> tuple[dict[int, list[int]], int]:
    """`count` generated users: the first few elected officials, the others spread over the
    departments' groups in turn, the first member of each department its manager. Users are
    topped up by number, so a second run with the same count creates none."""
    User = get_user_model()
    elected = max(1, count // 500) if count > len(departments) else 0
    names = [USERNAME.format(number) for number in range(1, count + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    password = "!" + secrets.token_urlsafe(30)  # unusable: benchmarks sign in with force_login
    new = [
        User(
            username=name,
            first_name=FIRST_NAMES[index % len(FIRST_NAMES)],
            last_name=LAST_NAMES[index % len(LAST_NAMES)],
            email=f"{name}@val-fleuri.example",
            password=password,
        )
        for index, name in enumerate(names)
        if name not in existing
    ]
    with transaction.atomic():
        for start in range(0, len(new), 1000):
            User.objects.bulk_create(new[start : start + 1000])
        ids = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
        Membership = User.groups.through
        Managers = Department.managers.through
        elected_group = (
            Group.objects.filter(permissions__codename="decide_case").first()
            or Group.objects.get_or_create(name=ELECTED_GROUP)[0]
        )
        if not elected_group.permissions.filter(codename="decide_case").exists():
            elected_group.permissions.add(
                Permission.objects.get(content_type__app_label="casework", codename="decide_case")
            )
        memberships, managers = [], []
        members: dict[int, list[int]] = {department.pk: [] for department in departments}
        for index, name in enumerate(names):
            user_id = ids[name]
            if index < elected:
                memberships.append(Membership(user_id=user_id, group_id=elected_group.pk))
                continue
            department = departments[(index - elected) % len(departments)]
            if not members[department.pk]:
                managers.append(Managers(user_id=user_id, department_id=department.pk))
            members[department.pk].append(user_id)
            memberships.append(Membership(user_id=user_id, group_id=department.group_id))
        Membership.objects.bulk_create(memberships, batch_size=2000, ignore_conflicts=True)
        Managers.objects.bulk_create(managers, ignore_conflicts=True)
    return members, len(new)


def _procedures(rng: random.Random) -> list[_Procedure]:
    from cms.models import ProcedurePage

    procedures = []
    for page in ProcedurePage.objects.live().select_related("form").order_by("pk"):
        version = page.form.current_version
        if version is None:
            continue
        workflow = workflow_of_procedure(page)
        consulted = {
            row.department_id: row.due_days
            for row in WorkflowConsultation.objects.filter(workflow_id=page.workflow_id)
        }
        procedures.append(
            _Procedure(
                page=page,
                form_version_id=version.pk,
                workflow=workflow,
                prefix=page.reference_prefix or "DEM",
                answers=[_sample_answers(version.schema, rng) for _ in range(ANSWER_VARIANTS)],
                is_report=page.kind == "report",
                consultable=workflow.with_meaning("consultation") is not None,
                consultation_days=consulted,
                open_statuses=[status.slug for status in workflow.statuses if not status.final],
                final_statuses=[(s.slug, s.meaning) for s in workflow.statuses if s.final],
                awaiting_decision=getattr(workflow.with_meaning("awaiting_decision"), "slug", None),
            )
        )
    if not procedures:
        raise ValueError("no published procedure to generate cases for: load the demo first")
    return procedures


def _sample_answers(schema: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """Plausible answers for a form, from its JSON Schema: enough to look real in a list."""
    answers: dict[str, Any] = {}
    for name, prop in (schema.get("properties") or {}).items():
        value = _sample_value(name, prop, rng)
        if value is not None:
            answers[name] = value
    return answers


def _sample_value(name: str, prop: dict[str, Any], rng: random.Random) -> Any:
    if "enum" in prop:
        return rng.choice(prop["enum"]) if prop["enum"] else None
    choices = [item["const"] for item in prop.get("oneOf", []) if "const" in item]
    if choices:
        return rng.choice(choices)
    kind = prop.get("type")
    if isinstance(kind, list):
        kind = next((item for item in kind if item != "null"), None)
    if kind == "string":
        if prop.get("format") == "email":
            return f"{_ascii(rng.choice(FIRST_NAMES))}.{_ascii(rng.choice(LAST_NAMES))}@exemple.fr"
        if prop.get("format") == "date":
            return (date.today() + timedelta(days=rng.randint(-30, 60))).isoformat()
        return f"{rng.choice(LAST_NAMES)} {name.replace('_', ' ')}"[: prop.get("maxLength", 60)]
    if kind in ("integer", "number"):
        low = prop.get("minimum", 1)
        return max(low, rng.randint(1, 50))
    if kind == "boolean":
        return True
    return None  # files, places and other structured answers: not needed for load


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


def _silence_target(workflow: Workflow) -> str | None:
    meaning = {SilenceRule.ACCEPTANCE: "granted", SilenceRule.REFUSAL: "refused"}.get(
        workflow.silence_rule
    )
    status = workflow.with_meaning(meaning) if meaning else None
    return status.slug if status else None


def _reserve_numbers(count: int) -> int:
    """The first of `count` consecutive numbers no other run gets (the counter row is
    locked until the reservation commits)."""
    with transaction.atomic():
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(
            prefix=REFERENCE_PREFIX, year=COUNTER_YEAR
        )
        first = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
    return first


def _permission_ids() -> dict[str, int]:
    return dict(
        Permission.objects.filter(
            content_type__app_label="casework", codename__in=["view_case", "change_case"]
        ).values_list("codename", "pk")
    )


def _tracking_code() -> str:
    """The format of tracking_codes.new_tracking_code, from one call for 80 random bits:
    always random (never seeded), since a second run must not repeat the first's codes."""
    bits = int.from_bytes(secrets.token_bytes(10))
    symbols = "".join(
        ALPHABET[(bits >> (5 * index)) & 31] for index in range(GROUPS * GROUP_LENGTH)
    )
    return "-".join(symbols[i : i + GROUP_LENGTH] for i in range(0, len(symbols), GROUP_LENGTH))


class _Writer:
    """Builds and writes the cases of one batch, with their permissions and consultations."""

    def __init__(
        self,
        *,
        rng: random.Random,
        now: datetime,
        departments: list[Department],
        members: dict[int, list[int]],
        procedures: list[_Procedure],
        permission_ids: dict[str, int],
        elected_groups: list[int],
        categories: list[int],
        done: Generated,
    ) -> None:
        self.rng = rng
        self.now = now
        self.today = timezone.localdate(now)
        self.departments = departments
        self.members = members
        self.procedures = procedures
        self.view_id = permission_ids["view_case"]
        self.change_id = permission_ids["change_case"]
        self.elected_groups = elected_groups
        self.categories = categories
        self.done = done
        self.every = settings.GUICHET_REMINDER_EVERY_DAYS
        self.channels, self.channel_weights = zip(*CHANNELS, strict=True)
        self.groups = {department.pk: department.group_id for department in departments}
        self.first_reference = ""
        self.last_reference = ""
        from fixtures.demo_reports import TOWN_BOUNDS  # the demo town the cases belong to

        self.bounds = tuple(float(TOWN_BOUNDS[side]) for side in ("south", "north", "west", "east"))

    def write(self, first_number: int, roles: list[tuple[str, _Procedure, int]]) -> None:
        rows = [
            self._case(first_number + offset, role, procedure)
            for offset, (role, procedure, _) in enumerate(roles)
        ]
        with transaction.atomic():
            if connection.vendor == "postgresql":
                ids = _copy_cases(rows)
            else:
                ids = [case.pk for case in Case.objects.bulk_create([Case(**row) for row in rows])]
            grants = []
            consultations = []
            for case_id, row, (_role, procedure, consulted) in zip(ids, rows, roles, strict=True):
                row["id"] = case_id
                group_id = self.groups[row["department_id"]]
                grants.append((case_id, group_id, self.view_id))
                grants.append((case_id, group_id, self.change_id))
                if row["status"] == procedure.awaiting_decision:
                    # Opened to elected officials when every opinion was favourable.
                    grants.extend((case_id, group, self.view_id) for group in self.elected_groups)
                if consulted:
                    for consultation in self._consultations(row, procedure, consulted):
                        consultations.append(consultation)
                        group = self.groups[consultation.department_id]
                        grants.append((case_id, group, self.view_id))
            grants = list(dict.fromkeys(grants))
            if connection.vendor == "postgresql":
                _copy(
                    CaseGroupObjectPermission._meta.db_table,
                    ["content_object_id", "group_id", "permission_id"],
                    grants,
                )
            else:
                CaseGroupObjectPermission.objects.bulk_create(
                    [
                        CaseGroupObjectPermission(
                            content_object_id=case_id, group_id=group_id, permission_id=permission
                        )
                        for case_id, group_id, permission in grants
                    ],
                    batch_size=2000,
                )
            Consultation.objects.bulk_create(consultations, batch_size=2000)
        self.done.cases += len(rows)
        self.done.permissions += len(grants)
        self.done.consultations += len(consultations)
        self.done.overdue_consultations += sum(c.due_at < self.now for c in consultations)
        if rows:
            self.first_reference = self.first_reference or rows[0]["reference"]
            self.last_reference = rows[-1]["reference"]

    def _case(self, number: int, role: str, procedure: _Procedure) -> dict[str, Any]:
        """A case's columns (attnames); the others take their model defaults."""
        rng, workflow = self.rng, procedure.workflow
        department = rng.choice(self.departments)
        if role == "consulted":
            # Asked for opinions lately, still within the case's own deadline.
            age = rng.uniform(3, max(4, workflow.deadline_days - 2))
        elif role == "silence_due":
            age = workflow.deadline_days + rng.uniform(1.1, 3)
        else:
            age = rng.uniform(0, HISTORY_DAYS)
        submitted_at = self.now - timedelta(days=age)
        submitted_day = timezone.localdate(submitted_at)
        deadline = deadline_from(
            submitted_day, workflow.deadline_days, business_days=workflow.deadline_in_business_days
        )
        status, decided_at, decision, reason = self._outcome(
            role, procedure, submitted_at, deadline, age
        )
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        members = self.members.get(department.pk) or []
        case = {
            "reference": f"{REFERENCE_PREFIX}-{procedure.prefix}-{submitted_at.year}-{number:07d}",
            "tracking_code": _tracking_code(),
            "procedure_id": procedure.page.pk,
            "form_version_id": procedure.form_version_id,
            "department_id": department.pk,
            "status": status,
            "channel": rng.choices(self.channels, self.channel_weights)[0],
            "answers": rng.choice(procedure.answers),
            "citizen_email": f"{_ascii(first)}.{_ascii(last)}.{number}@exemple.fr",
            "citizen_name": f"{first} {last}",
            "assignee_id": rng.choice(members) if members and rng.random() < ASSIGNED else None,
            "submitted_at": submitted_at,
            "deadline": deadline,
            "decision": decision,
            "decision_reason": reason,
            "decided_at": decided_at,
        }
        if procedure.is_report and self.categories:
            south, north, west, east = self.bounds
            case["category_id"] = rng.choice(self.categories)
            case["latitude"] = round(rng.uniform(south, north), 6)
            case["longitude"] = round(rng.uniform(west, east), 6)
        return case

    def _outcome(
        self, role: str, procedure: _Procedure, submitted_at: datetime, deadline: date, age: float
    ) -> tuple[str, datetime | None, str, str]:
        """Status, decided_at, decision and its reason; older cases are mostly closed, and
        where silence decides no open case is left past its deadline (the sweep ran)."""
        rng, workflow = self.rng, procedure.workflow
        if role == "consulted":
            return workflow.with_meaning("consultation").slug, None, "", ""
        if role == "silence_due":
            self.done.silence_due += 1
            return workflow.initial, None, "", ""
        silence_target = _silence_target(workflow)
        past_deadline = deadline < self.today
        open_share = OPEN_WITHIN_DEADLINE if not past_deadline else OPEN_AFTER_DEADLINE
        if silence_target and past_deadline:
            open_share = 0.0
        if rng.random() < open_share:
            return rng.choice(procedure.open_statuses), None, "", ""
        if silence_target and past_deadline and rng.random() < IMPLICIT_SHARE:
            implicit = (
                Decision.IMPLICITLY_REFUSED
                if workflow.silence_rule == SilenceRule.REFUSAL
                else Decision.IMPLICITLY_GRANTED
            )
            decided = datetime.combine(deadline + timedelta(days=1), datetime.min.time())
            decided = timezone.make_aware(decided) if settings.USE_TZ else decided
            return silence_target, decided, implicit, "Aucune décision avant l'échéance."
        # The first final status is the usual ending; "outside", "duplicate" are rarer.
        slug, meaning = rng.choices(
            procedure.final_statuses, FINAL_WEIGHTS[: len(procedure.final_statuses)]
        )[0]
        decided_at = submitted_at + timedelta(
            days=rng.uniform(0.1, min(age, workflow.deadline_days))
        )
        decision = meaning if meaning in (Decision.GRANTED, Decision.REFUSED) else ""
        return slug, min(decided_at, self.now), decision, "Dossier instruit (données générées)."

    def _consultations(
        self, case: dict[str, Any], procedure: _Procedure, count: int
    ) -> list[Consultation]:
        """`count` unanswered consultations of other departments, asked a day after the
        submission; their reminders as a daily sweep would have left them this morning."""
        others = [d.pk for d in self.departments if d.pk != case["department_id"]]
        requested_at = case["submitted_at"] + timedelta(days=1)
        rows = []
        for department_id in self.rng.sample(others, count):
            due_days = procedure.consultation_days.get(department_id, DEFAULT_DUE_DAYS)
            due_at = requested_at + timedelta(days=due_days)
            reminders, last_reminded = self._reminders(timezone.localdate(due_at))
            rows.append(
                Consultation(
                    case_id=case["id"],
                    department_id=department_id,
                    requested_at=requested_at,
                    due_at=due_at,
                    reminders_sent=reminders,
                    last_reminded_on=last_reminded,
                )
            )
        return rows

    def _reminders(self, due_day: date) -> tuple[int, date | None]:
        """A reminder on the due day, then every few days; today's is not sent yet."""
        late = (self.today - due_day).days
        if late <= 0:
            return 0, None
        sent = (late - 1) // self.every + 1  # the ones before today
        last = due_day + timedelta(days=(sent - 1) * self.every)
        return sent, last


def _copy_cases(rows: list[dict[str, Any]]) -> list[int]:
    """Write cases with PostgreSQL's COPY, several times faster than INSERTs for a million
    rows; their ids are taken from the table's sequence first, as INSERTs would."""
    table = Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [row[0] for row in cursor.fetchall()]
    now = timezone.now()
    fields = [field for field in Case._meta.concrete_fields if not field.primary_key]
    defaults = {field.attname: field.get_default() for field in fields}
    defaults["updated_at"] = now  # auto_now, which COPY does not know about
    columns = ["id", *(field.column for field in fields)]
    values = (
        [case_id, *(row.get(field.attname, defaults[field.attname]) for field in fields)]
        for case_id, row in zip(ids, rows, strict=True)
    )
    _copy(table, columns, values)
    return ids


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value: Any) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime | date):
        value = value.isoformat()
    return str(value).translate(_ESCAPES)


def _copy(table: str, columns: list[str], rows: Any) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(map(_copy_value, row)))
        buffer.write("\n")
    buffer.seek(0)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN", buffer
        )
