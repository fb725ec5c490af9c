from ..workflow_choices import DocumentsClock, Mover, SilenceRule, StatusMeaning
from . import account_history  # noqa: F401  (history of accounts and generic grants)
from .access import AccessEvent
from .case import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    Channel,
    Decision,
)
from .consultation import Consultation, Opinion, ReminderDigest
from .department import Department
from .incident import CaseFollower, IncidentCategory
from .journal import JournalDailyDigest, JournalEntry, JournalSeal
from .message import CaseMessage
from .note import InternalNote
from .notification import Notification
from .queue_export import QueueExport
from .queue_view import SavedQueueView
from .reference import ReferenceCounter
from .routing import Area, RoutingRule
from .workflow import (
    Workflow,
    WorkflowConsultation,
    WorkflowStatus,
    WorkflowTransition,
)

__all__ = [
    "AccessEvent",
    "Area",
    "InternalNote",
    "JournalDailyDigest",
    "JournalEntry",
    "JournalSeal",
    "RoutingRule",
    "QueueExport",
    "SavedQueueView",
    "Case",
    "CaseFollower",
    "CaseMessage",
    "CaseGroupObjectPermission",
    "CaseUserObjectPermission",
    "Channel",
    "Consultation",
    "Decision",
    "DocumentsClock",
    "Mover",
    "Opinion",
    "ReminderDigest",
    "SilenceRule",
    "StatusMeaning",
    "Workflow",
    "WorkflowConsultation",
    "WorkflowStatus",
    "WorkflowTransition",
    "Department",
    "IncidentCategory",
    "Notification",
    "ReferenceCounter",
]
