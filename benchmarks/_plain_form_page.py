"""A throwaway Django + Wagtail project with one plain `wagtail.contrib.forms` form page.

benchmarks.journey compares Guichet with what Wagtail offers out of the box. Guichet does not
install `wagtail.contrib.forms`, and one process cannot hold two settings modules, so the
comparison is a second, tiny project written into a temporary directory, with its own
PostgreSQL database, served by gunicorn exactly like Guichet. Nothing here touches Guichet's
apps, models or migrations.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SETTINGS = '''\
"""Settings of the plain comparison project: production-like, as Guichet's production.py."""

import os

import environ

env = environ.Env()

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
INSTALLED_APPS = [
    "plainforms",
    "wagtail.contrib.forms",
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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "plainbench.urls"
WSGI_APPLICATION = "plainbench.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
# Same driver and connection policy as Guichet (django-environ, no persistent connections).
DATABASES = {"default": env.db("DATABASE_URL")}
# The same connection settings as Guichet's: the figures compare the applications' work.
DATABASES["default"]["CONN_MAX_AGE"] = 60
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
WAGTAIL_SITE_NAME = "Plain"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
'''

URLS = """\
from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [path("", include(wagtail_urls))]
"""

WSGI = """\
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plainbench.settings")
application = get_wsgi_application()
"""

MODELS = """\
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField


class FormField(AbstractFormField):
    page = ParentalKey("FormPage", on_delete=models.CASCADE, related_name="form_fields")


class FormPage(AbstractForm):
    pass
"""

# Written by hand rather than generated: the models above, as Wagtail 8 defines the fields.
MIGRATION = """\
import django.db.models.deletion
import modelcluster.fields
import wagtail.contrib.forms.models
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("wagtailcore", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="FormPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to="wagtailcore.page",
                    ),
                ),
            ],
            options={"abstract": False},
            bases=(wagtail.contrib.forms.models.FormMixin, "wagtailcore.page"),
        ),
        migrations.CreateModel(
            name="FormField",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False)),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("clean_name", models.CharField(blank=True, default="", max_length=255)),
                ("label", models.CharField(max_length=255)),
                ("field_type", models.CharField(max_length=16)),
                ("required", models.BooleanField(default=True)),
                ("choices", models.TextField(blank=True)),
                ("default_value", models.TextField(blank=True)),
                ("help_text", models.CharField(blank=True, max_length=255)),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="form_fields",
                        to="plainforms.formpage",
                    ),
                ),
            ],
            options={"ordering": ["sort_order"], "abstract": False},
        ),
    ]
"""

FORM_TEMPLATE = """\
<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body>
<main>
  <h1>{{ page.title }}</h1>
  <form action="{{ page.url }}" method="post">
    {% csrf_token %}
    {{ form.as_div }}
    <button type="submit">Envoyer</button>
  </form>
</main>
</body>
</html>
"""

LANDING_TEMPLATE = """\
<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><title>{{ page.title }}</title></head>
<body><main><h1>Merci</h1><p>Votre demande a bien été envoyée.</p></main></body>
</html>
"""

# Run inside the plain project (its own process, its own settings): creates the form page,
# or reports the submissions, and answers in JSON on stdout.
TOOL = """\
import json
import sys

import django

django.setup()

from wagtail.contrib.forms.models import FormSubmission  # noqa: E402
from wagtail.models import Site  # noqa: E402

from plainforms.models import FormField, FormPage  # noqa: E402

SLUG = "formulaire-20-questions"


def setup(fields):
    page = FormPage.objects.filter(slug=SLUG).first()
    if page is None:
        root = Site.objects.get(is_default_site=True).root_page
        page = FormPage(title="Formulaire de 20 questions", slug=SLUG)
        root.add_child(instance=page)
        for order, field in enumerate(fields):
            FormField.objects.create(page=page, sort_order=order, **field)
        page.save_revision().publish()
    return {"url": page.url}


def count():
    submissions = FormSubmission.objects.filter(page__slug=SLUG)
    last = submissions.order_by("-pk").first()
    return {"count": submissions.count(), "last": last.form_data if last else None}


command = sys.argv[1]
result = setup(json.load(sys.stdin)) if command == "setup" else count()
print(json.dumps(result))
"""

FILES = {
    "plainbench/__init__.py": "",
    "plainbench/settings.py": SETTINGS,
    "plainbench/urls.py": URLS,
    "plainbench/wsgi.py": WSGI,
    "plainforms/__init__.py": "",
    "plainforms/models.py": MODELS,
    "plainforms/migrations/__init__.py": "",
    "plainforms/migrations/0001_initial.py": MIGRATION,
    "plainforms/templates/plainforms/form_page.html": FORM_TEMPLATE,
    "plainforms/templates/plainforms/form_page_landing.html": LANDING_TEMPLATE,
    "plain_tool.py": TOOL,
}


class PlainProject:
    """The plain project written in `directory`, using the PostgreSQL database at `database_url`."""

    def __init__(self, directory: Path, database_url: str, secret_key: str) -> None:
        self.directory = directory
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "plainbench.settings",
            "DATABASE_URL": database_url,
            "SECRET_KEY": secret_key,
            "PYTHONPATH": str(directory),
        }

    def write(self) -> None:
        for name, text in FILES.items():
            path = self.directory / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)

    def migrate(self) -> None:
        self._django("migrate", "--noinput", "-v0", timeout=600)

    def setup_page(self, fields: list[dict[str, Any]]) -> str:
        """Create the form page with these FormField values (once); return its URL path."""
        return self._tool("setup", fields)["url"]

    def submissions(self) -> tuple[int, dict[str, Any] | None]:
        """How many submissions the page has, and the latest one's data."""
        result = self._tool("count", None)
        return result["count"], result["last"]

    def _django(self, *args: str, timeout: float) -> None:
        subprocess.run(
            [sys.executable, "-m", "django", *args],
            cwd=self.directory,
            env=self.env,
            check=True,
            timeout=timeout,
        )

    def _tool(self, command: str, payload: Any) -> Any:
        done = subprocess.run(
            [sys.executable, "plain_tool.py", command],
            cwd=self.directory,
            env=self.env,
            input=json.dumps(payload),
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])
