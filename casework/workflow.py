"""A case's workflow, read from its procedure's Workflow rows (models/workflow.py) into a
plain value the services and views consult: statuses, moves and who may make them, the
consultations, the deadline and what silence means. Without a workflow a procedure is a
simple request.

Every queue row and every case page asks for its workflow, so each process keeps the values
it read and drops them as soon as a workflow is saved here, or within a minute elsewhere."""

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete, post_save

from . import bundled_workflows

MEMO_SECONDS = 60.0


@dataclass(frozen=True)
class Status:
    slug: str
    label: str
    public_label: str
    final: bool = False
    meaning: str = ""


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    mover: str  # models.workflow.Mover


@dataclass(frozen=True)
class Consulted:
    department_id: int
    due_days: int


@dataclass(frozen=True)
class Workflow:
    statuses: tuple[Status, ...]
    moves: tuple[Move, ...]
    deadline_days: int = 60
    deadline_in_business_days: bool = False
    silence_rule: str = "none"
    documents_clock: str = "suspend"
    decision_required: bool = False
    consulted: tuple[Consulted, ...] = field(default_factory=tuple)

    @property
    def initial(self) -> str:
        return self.statuses[0].slug

    def status(self, slug: str) -> Status:
        for status in self.statuses:
            if status.slug == slug:
                return status
        raise KeyError(slug)

    def with_meaning(self, meaning: str) -> Status | None:
        return next((status for status in self.statuses if status.meaning == meaning), None)

    def next_statuses(self, slug: str, movers: set[str] | None = None) -> list[Status]:
        """Where a case in `slug` may go, by the hands of any of `movers` (all when None)."""
        targets = [
            move.target
            for move in self.moves
            if move.source == slug and (movers is None or move.mover in movers)
        ]
        return [self.status(target) for target in dict.fromkeys(targets)]

    def allows(self, source: str, target: str, movers: set[str] | None = None) -> bool:
        return any(status.slug == target for status in self.next_statuses(source, movers))


def from_definition(definition: dict[str, Any]) -> Workflow:
    """A workflow from a definition of bundled_workflows.py."""
    return Workflow(
        statuses=tuple(Status(*status) for status in definition["statuses"]),
        moves=tuple(Move(*move) for move in definition["moves"]),
        deadline_days=definition.get("deadline_days", 60),
        silence_rule=definition.get("silence_rule", "none"),
        decision_required=definition.get("decision_required", False),
    )


# What a procedure without a workflow follows; the same as the bundled "Demande simple".
SIMPLE_REQUEST = from_definition(bundled_workflows.SIMPLE_REQUEST)

_memo: dict[int, tuple[float, Workflow]] = {}
_lock = threading.Lock()


def _forget(**kwargs: Any) -> None:
    with _lock:
        _memo.clear()


def workflow_for(case: Any) -> Workflow:
    """The workflow of a case's procedure (a simple request when it names none)."""
    procedure = getattr(case, "procedure", None) if case is not None else None
    return workflow_of_procedure(procedure)


def workflow_of_procedure(procedure: Any) -> Workflow:
    workflow_id = getattr(procedure, "workflow_id", None)
    if workflow_id is None:
        return SIMPLE_REQUEST
    now = time.monotonic()
    remembered = _memo.get(workflow_id)
    if remembered is not None and remembered[0] > now:
        return remembered[1]
    workflow = _read(workflow_id)
    with _lock:
        _memo[workflow_id] = (now + MEMO_SECONDS, workflow)
    return workflow


def _read(workflow_id: int) -> Workflow:
    from .models import Workflow as WorkflowRow

    row = WorkflowRow.objects.prefetch_related("statuses", "transitions", "consulted").get(
        pk=workflow_id
    )
    return Workflow(
        statuses=tuple(
            Status(s.slug, s.label, s.public_label, s.final, s.meaning) for s in row.statuses.all()
        ),
        moves=tuple(Move(t.source, t.target, t.mover) for t in row.transitions.all()),
        deadline_days=row.deadline_days,
        deadline_in_business_days=row.deadline_in_business_days,
        silence_rule=row.silence_rule,
        documents_clock=row.documents_clock,
        decision_required=row.decision_required,
        consulted=tuple(Consulted(c.department_id, c.due_days) for c in row.consulted.all()),
    )


def forget_on_change() -> None:
    """Called once the models are ready (apps.py): any saved workflow row empties the memo."""
    from . import models

    rows = (
        models.Workflow,
        models.WorkflowStatus,
        models.WorkflowTransition,
        models.WorkflowConsultation,
    )
    for row in rows:
        for signal, name in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(_forget, sender=row, dispatch_uid=f"workflow-memo-{name}-{row.__name__}")
