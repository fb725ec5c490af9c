from .case import Case, CaseGroupObjectPermission, CaseUserObjectPermission, Channel
from .department import Department
from .incident import CaseFollower, IncidentCategory
from .message import CaseMessage
from .notification import Notification
from .reference import ReferenceCounter

__all__ = [
    "Case",
    "CaseFollower",
    "CaseMessage",
    "CaseGroupObjectPermission",
    "CaseUserObjectPermission",
    "Channel",
    "Department",
    "IncidentCategory",
    "Notification",
    "ReferenceCounter",
]
