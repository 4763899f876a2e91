"""Login and session defences: lock-out after repeated failures, the Content Security Policy."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True


def attempt(client, password):
    return client.post(reverse("login"), {"username": "wang", "password": password})


def test_five_failed_logins_lock_the_account_for_a_while(client, lockout):
    UserFactory(username="wang", password="correct-horse-battery")
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200
    response = attempt(client, "wrong")
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert attempt(client, "correct-horse-battery").status_code == 429


def test_a_successful_login_resets_the_count(client, lockout):
    UserFactory(username="wang", password="correct-horse-battery")
    for _ in range(4):
        attempt(client, "wrong")
    assert attempt(client, "correct-horse-battery").status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200


def test_pages_carry_a_content_security_policy_without_inline_script(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_an_inline_script_or_handler():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for template in root.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        if " onclick=" in text or " onchange=" in text or " onsubmit=" in text:
            offenders.append(template.name)
        for chunk in text.split("<script")[1:]:
            if "src=" not in chunk.split(">")[0]:
                offenders.append(template.name)
    assert offenders == []
