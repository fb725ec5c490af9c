"""Settings shared by every environment, read from the environment (12-factor).

dev.py, test.py and production.py only change what differs; nothing here is a secret.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="guichet-insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "cms",
    "formbuilder",
    "casework",
    "casework.statistics",
    "casework.retention",
    "themes",
    "fixtures",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "simple_history",
    "formtools",
    "guardian",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.site_memo.SiteMemoMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "formbuilder.browser_memory.BrowserMemoryMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "cms.urls"
# Django's form templates, the plainest widgets written in one pass (a third of a step page).
FORM_RENDERER = "formbuilder.widget_renderer.OnePassRenderer"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "themes.context_processors.theme",
            ],
        },
    },
]

# The embedded default is a SQLite file under the git-ignored var/ folder.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'guichet.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A PostgreSQL connection costs a process on the server: keep it across requests.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Guardian's anonymous user is not used: citizens are anonymous or have plain accounts.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:queue"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Redis is optional: without it the cache is local and Celery runs tasks eagerly, so the
# embedded demo works with nothing but Python.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # File-based so that rate limits hold across the demo's processes.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "drafts-purge": {
        "task": "formbuilder.tasks.purge_expired_drafts",
        "schedule": crontab(minute=7, hour="*/6"),
    },
    "uploads-purge": {
        "task": "formbuilder.tasks.purge_unclaimed_uploads",
        "schedule": crontab(minute=17),
    },
    # Catches up on notifications whose task was lost (Redis down at commit time).
    # Silence decisions at the deadline and reminders of late opinions (manage.py
    # casework_tick runs the same code by hand, e.g. in the embedded demo).
    "casework-tick": {
        "task": "casework.tasks.casework_tick",
        "schedule": crontab(minute="*/15"),
    },
    # The head of the audit chain, written down once a day (casework.audit_verify checks
    # the digests still match; `manage.py audit digest` does the same by hand).
    "audit-daily-digest": {
        "task": "casework.tasks.audit_daily_digest",
        "schedule": crontab(minute=55, hour=23),
    },
    "notifications-sweep": {
        "task": "casework.tasks.sweep_pending_notifications",
        "schedule": crontab(minute="*/5"),
    },
    # Copies changed cases into the statistics facts (manage.py statistics_refresh).
    "statistics-refresh": {
        "task": "casework.statistics.tasks.statistics_refresh",
        "schedule": crontab(minute="*/10"),
    },
    # Redacts closed cases past their procedure's retention period and purges the old
    # access log (manage.py retention_sweep runs the same code by hand).
    "retention-sweep": {
        "task": "casework.retention.tasks.retention_sweep_task",
        "schedule": crontab(minute=41, hour=3),
    },
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Guichet <ne-pas-repondre@guichet.localhost>"
)

WAGTAIL_SITE_NAME = "Guichet"
WAGTAILADMIN_BASE_URL = env("BASE_URL", default="http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "ods", "txt", "png", "jpg", "jpeg"]
# Staff avatars would otherwise be fetched from Gravatar, telling a third party who works here.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Uploads above this size go to a temporary file rather than memory; the per-question limit
# is checked by the form (formbuilder/file_checks.py), the whole request by the web server.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# How long an untouched draft is kept (each save renews it).
GUICHET_DRAFT_LIFETIME_DAYS = env.int("GUICHET_DRAFT_LIFETIME_DAYS", default=30)

# Cities that need their own header or footer markup keep it in <this>/<theme slug>/templates/
# (theme_include in themes/templatetags/theme_templates.py).
GUICHET_THEME_TEMPLATES_DIR = env("GUICHET_THEME_TEMPLATES_DIR", default=str(BASE_DIR / "themes"))
# Late opinions: a reminder on the due date, then every N days; after M reminders, the
# department's managers get them too.
# A history entry's reason is the person's own words (a transfer's or a status change's
# motive, up to 2,000 characters), not a 100-character label.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

GUICHET_REMINDER_EVERY_DAYS = env.int("GUICHET_REMINDER_EVERY_DAYS", default=3)
GUICHET_REMINDER_ESCALATE_AFTER = env.int("GUICHET_REMINDER_ESCALATE_AFTER", default=2)
# Public tracking lookups per client address (django-ratelimit syntax).
GUICHET_TRACKING_RATE = env("GUICHET_TRACKING_RATE", default="20/m")
# Access-log lines (who opened which case, from which address) are kept this long, then
# purged by the retention job; the audit journal keeps the events without the addresses.
GUICHET_ACCESS_LOG_RETENTION_DAYS = env.int("GUICHET_ACCESS_LOG_RETENTION_DAYS", default=365)
RATELIMIT_VIEW = "cms.views.rate_limited"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"guichet": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
