"""Login and session defences: lock-out after repeated failures, the Content Security Policy."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

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


# -- Behind the TLS proxy: the client's own address, never the proxy's -----------------------------

PROXY = "10.0.0.1"


@pytest.fixture
def behind_proxy(settings, lockout):
    settings.TRUSTED_PROXY_COUNT = 1


def attempt_from(client, password, *, forwarded):
    """A login through the proxy, which appends the address it received the request from."""
    return client.post(
        reverse("login"), {"username": "wang", "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded
    )


def test_behind_the_proxy_a_lock_out_holds_one_client_not_the_hall(client, behind_proxy):
    UserFactory(username="wang", password="correct-horse-battery")
    for _ in range(5):
        attempt_from(client, "wrong", forwarded="203.0.113.7")
    assert attempt_from(client, "correct-horse-battery", forwarded="203.0.113.7").status_code == 429
    assert attempt_from(client, "correct-horse-battery", forwarded="203.0.113.8").status_code == 302


def test_a_forged_forwarded_header_does_not_escape_the_lock_out(client, behind_proxy):
    """What the client writes comes before what the proxy appends: only the proxy's entry counts."""
    UserFactory(username="wang", password="correct-horse-battery")
    for number in range(5):
        attempt_from(client, "wrong", forwarded=f"198.51.100.{number}, 203.0.113.7")
    response = attempt_from(client, "correct-horse-battery", forwarded="198.51.100.99, 203.0.113.7")
    assert response.status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored(client, lockout, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    UserFactory(username="wang", password="correct-horse-battery")
    for number in range(5):
        client.post(reverse("login"), {"username": "wang", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    assert attempt(client, "correct-horse-battery").status_code == 429


@pytest.mark.parametrize(
    "forwarded, count, client",
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        ("198.51.100.1, 203.0.113.7", 1, "203.0.113.7"),
        ("198.51.100.1, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),
        ("", 1, PROXY),  # the proxy wrote nothing: its own address
        ("not-an-address", 1, PROXY),
        ("203.0.113.7", 2, PROXY),  # fewer entries than trusted proxies: nothing to believe
    ],
)
def test_the_client_address_is_counted_from_the_right(rf, settings, forwarded, count, client):
    from branches.kernel.clients import client_address

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


# -- A way back for a forgotten password -----------------------------------------------------------


def test_the_committee_administrator_sets_a_temporary_password_that_must_be_changed(login, office, client):
    from branches.people.models import TemporaryPassword

    person = office.people["staff_a"]
    response = login("committee_admin").post(reverse("branches:person-temporary-password", args=[person.pk]))
    password = response.context["password"]
    assert len(password) == 12 and password in response.content.decode()
    assert TemporaryPassword.objects.get(user=person.user).set_by == office.users["committee_admin"]

    client.logout()
    assert client.post(reverse("login"), {"username": "staff_a", "password": password}).status_code == 302
    assert client.get(reverse("dashboard")).url == reverse("password_change")
    page = client.get(reverse("password_change")).content.decode()
    assert gettext("Your password is a temporary one: choose a password of your own to go on.") in page
    changed = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": "a-password-of-my-own", "new_password2": "a-password-of-my-own"},
    )
    assert changed.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200
    assert not TemporaryPassword.objects.exists()


@pytest.mark.parametrize("role", ["secretary_a", "branch_committee_a", "committee_member", "staff_a"])
def test_only_the_committee_administrator_sets_passwords(login, office, role):
    person = office.people["staff_b"]
    before = person.user.password
    response = login(role).post(reverse("branches:person-temporary-password", args=[person.pk]))
    assert response.status_code in (403, 404)
    person.user.refresh_from_db()
    assert person.user.password == before


def test_a_temporary_password_lifts_a_lock_out(client, office, lockout, login):
    for _ in range(5):
        client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    admin = login("committee_admin")
    password = admin.post(reverse("branches:person-temporary-password", args=[office.people["staff_a"].pk])).context["password"]
    admin.logout()
    assert client.post(reverse("login"), {"username": "staff_a", "password": password}).status_code == 302


def test_the_reset_by_e_mail_is_offered_only_where_e_mail_is_configured(client, settings):
    settings.PASSWORD_RESET_BY_EMAIL = False
    assert "password/reset" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("password_reset")).status_code == 404
    settings.PASSWORD_RESET_BY_EMAIL = True
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_a_reset_link_by_e_mail_sets_a_new_password(client, settings, mailoutbox):
    settings.PASSWORD_RESET_BY_EMAIL = True
    user = UserFactory(username="wang", email="wang@example.org", password="forgotten-long-ago")
    response = client.post(reverse("password_reset"), {"email": "wang@example.org"})
    assert response.status_code == 302
    link = next(line for line in mailoutbox[0].body.splitlines() if "/reset/" in line)
    form = client.get(link, follow=True)
    data = {"new_password1": "brand-new-secret-1", "new_password2": "brand-new-secret-1"}
    assert client.post(form.request["PATH_INFO"], data).status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-secret-1")


def test_reset_links_are_throttled_per_address(client, settings, mailoutbox):
    settings.PASSWORD_RESET_BY_EMAIL = True
    UserFactory(username="wang", email="wang@example.org")
    for _ in range(5):
        client.post(reverse("password_reset"), {"email": "wang@example.org"})
    response = client.post(reverse("password_reset"), {"email": "wang@example.org"})
    assert response.status_code == 200
    assert len(mailoutbox) == 5
