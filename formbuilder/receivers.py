"""Publishing a form definition in Wagtail (admin, scheduled or scripted) freezes a version."""

from typing import Any

from wagtail.signals import published

from .models import FormDefinition
from .services import form_version_publish


def _freeze_on_publish(sender: type, instance: Any, revision: Any = None, **kwargs: Any) -> None:
    user = getattr(revision, "user", None) if revision is not None else None
    form_version_publish(definition=instance, user=user)


published.connect(_freeze_on_publish, sender=FormDefinition, dispatch_uid="formbuilder-freeze")
