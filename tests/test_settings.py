"""Production settings pass Django's deployment checks once given real values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _production_environment(**extra: str) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x7!qv" * 12,
        "ALLOWED_HOSTS": "demarches.val-fleuri.fr",
        "DATABASE_URL": "sqlite:////tmp/guichet-check.sqlite3",
        **extra,
    }


def test_production_settings_pass_check_deploy_without_warnings():
    environment = _production_environment()
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_static_files_collect_under_production_storage(tmp_path):
    """The manifest storage follows every url() and source map of the static files: one
    vendored file pointing at a missing neighbour would stop a deployment."""
    environment = _production_environment(STATIC_ROOT=str(tmp_path / "static"))
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert list((tmp_path / "static" / "formbuilder").glob("map_point.*.js"))
