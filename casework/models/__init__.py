from .case import Case, CaseGroupObjectPermission, CaseUserObjectPermission, Channel
from .department import Department
from .notification import Notification
from .reference import ReferenceCounter

__all__ = [
    "Case",
    "CaseGroupObjectPermission",
    "CaseUserObjectPermission",
    "Channel",
    "Department",
    "Notification",
    "ReferenceCounter",
]
