"""Settings come from the environment, with safe defaults and a refusal to run insecurely."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "DJANGO_ENV_FILE": "", **env})
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_refuses_to_start_with_debug_off_and_no_secret_key():
    result = run_python("import django; django.setup()", DJANGO_DEBUG="false")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set and DJANGO_DEBUG is off" in result.stderr


def test_starts_with_a_secret_key():
    result = run_python("import django; django.setup(); print('ok')", DJANGO_SECRET_KEY="k" * 50)

    assert result.stdout.strip() == "ok", result.stderr


def test_a_url_encoded_database_password_is_decoded():
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; print(json.dumps([d['PASSWORD'], d['HOST'], d['NAME']]))"
    )
    result = run_python(
        code,
        DJANGO_SECRET_KEY="k" * 50,
        DATABASE_URL="postgres://blocs:p%23ss%2Bw%3Frd@db.example.org:5432/blocs",
    )

    assert json.loads(result.stdout) == ["p#ss+w?rd", "db.example.org", "blocs"], result.stderr


def test_sqlite_is_the_default_database_in_the_project_folder():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['NAME'])"
    )
    result = run_python(code, DJANGO_SECRET_KEY="k" * 50)

    assert result.stdout.strip() == str(ROOT / "db.sqlite3"), result.stderr


def test_the_deployment_checklist_passes_under_production_variables():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_ENV_FILE": "",
            "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijkl",
            "DJANGO_DEBUG": "false",
            "DJANGO_HTTPS": "true",
            "DJANGO_ALLOWED_HOSTS": "blocs.example.org",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_malformed_rate_stops_the_app_naming_the_variable():
    result = run_python(
        "import django; django.setup()", DJANGO_SECRET_KEY="k" * 50, DJANGO_API_EXPORT_RATE="30 per hour"
    )

    assert result.returncode != 0
    assert "DJANGO_API_EXPORT_RATE='30 per hour' is not a rate" in result.stderr


def test_rates_are_read_and_an_empty_one_means_no_limit():
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.API_ANON_RATE, settings.API_EXPORT_RATE]))"
    )
    result = run_python(
        code, DJANGO_SECRET_KEY="k" * 50, DJANGO_API_ANON_RATE="", DJANGO_API_EXPORT_RATE="5/day"
    )

    assert json.loads(result.stdout) == [None, "5/day"], result.stderr


@pytest.mark.parametrize(
    "variable",
    [
        "DJANGO_TRUSTED_PROXIES",
        "DJANGO_LOGIN_FAILURE_LIMIT",
        "BLOCS_IMPORT_MAX_UNPACKED_BYTES",
        "DJANGO_HSTS_SECONDS",
    ],
)
def test_a_malformed_count_stops_the_app_naming_the_variable(variable):
    result = run_python("import django; django.setup()", DJANGO_SECRET_KEY="k" * 50, **{variable: "-1"})

    assert result.returncode != 0
    assert f"{variable}='-1' is not a whole number of 0 or more." in result.stderr
