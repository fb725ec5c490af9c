from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetentionConfig(AppConfig):
    name = "casework.retention"
    label = "retention"
    verbose_name = _("Conservation des données et RGPD")
