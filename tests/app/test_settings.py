"""Production settings: refuse the development secret, pass ``check --deploy`` with no warnings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-for-tests-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "torchbearer.example.org",
}


def run_manage(*args, env):
    clean = {
        key: value for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST", "SITE_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_with_email_refuses_to_link_to_localhost():
    result = run_manage("check", env={**PRODUCTION_ENV, "EMAIL_HOST": "smtp.example.org"})
    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr
    result = run_manage(
        "check", env={**PRODUCTION_ENV, "EMAIL_HOST": "smtp.example.org", "SITE_URL": "https://torchbearer.example.org"}
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", [None, "en-US,en;q=0.9"])
def test_chinese_is_the_default_whatever_the_browser_asks_for(client, accept_language):
    headers = {"accept-language": accept_language} if accept_language else {}
    response = client.get(reverse("login"), headers=headers)
    assert 'lang="zh-hans"' in response.content.decode()
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_the_language_switcher_sets_the_language(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")}, follow=True)
    assert 'lang="en"' in response.content.decode()
    assert "Log in" in response.content.decode()


def test_the_time_zone_is_shanghai(settings):
    assert settings.TIME_ZONE == "Asia/Shanghai"


def test_production_cookies_are_secure_and_hsts_is_on():
    script = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.X_FRAME_OPTIONS)"
    )
    result = run_manage("shell", "-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "True", "True", "True", "True", "True", "True", "DENY"]


def test_collectstatic_works_in_production(tmp_path):
    """The README's deployment step: every static file and every file it refers to is there."""
    result = run_manage("collectstatic", "--noinput", env={**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(tmp_path.glob("staticfiles.json"))
