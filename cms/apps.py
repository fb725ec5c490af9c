from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Pages du site")

    def ready(self) -> None:
        from .procedure_memo import connect_signals

        connect_signals()
