from .case import Case, CaseGroupObjectPermission, CaseUserObjectPermission, Channel
from .department import Department
from .message import CaseMessage
from .notification import Notification
from .reference import ReferenceCounter

__all__ = [
    "Case",
    "CaseMessage",
    "CaseGroupObjectPermission",
    "CaseUserObjectPermission",
    "Channel",
    "Department",
    "Notification",
    "ReferenceCounter",
]
