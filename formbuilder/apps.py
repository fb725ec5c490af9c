from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormbuilderConfig(AppConfig):
    name = "formbuilder"
    verbose_name = _("Formulaires")

    def ready(self) -> None:
        from . import fields, receivers  # noqa: F401  (registers field kinds and publish hook)
