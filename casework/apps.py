from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = _("Instruction des dossiers")

    def ready(self) -> None:
        from . import history  # noqa: F401  (stamps the channel on history rows)
        from .workflow import forget_on_change

        forget_on_change()
