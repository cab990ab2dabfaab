"""Admin login throttling with django-axes: five failures lock a username+address pair.

The test settings switch axes off (the test client's login() gives it no
request); every test here switches it back on, as production has it.
"""

import logging
import re
import time
from io import StringIO
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

LOGIN = "/admin/login/"
PASSWORD = "the-right-passphrase-7"
READER = "203.0.113.5"


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password=PASSWORD, is_staff=True, email="ed@example.org"
    )


def log_in(client, *, username="editor", password="wrong", address=READER, **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def fail(client, times: int, **kwargs) -> list[int]:
    return [log_in(client, **kwargs).status_code for _ in range(times)]


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def shifted_cache_clock(seconds: int):
    """Make the memory cache see a time `seconds` in the future."""
    now = time.time() + seconds
    return mock.patch(
        "django.core.cache.backends.locmem.time", SimpleNamespace(time=lambda: now)
    )


def test_four_failures_leave_the_login_form_open(client, editor):
    assert fail(client, 4) == [200, 200, 200, 200]

    response = log_in(client, password=PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_the_fifth_failure_locks_the_pair_with_a_clear_message(client, editor):
    statuses = fail(client, 5)

    assert statuses == [200, 200, 200, 200, 429]
    response = log_in(client)
    html = response.content.decode()
    assert response.status_code == 429
    assert "<h1>Login paused for 15 minutes</h1>" in html
    assert (
        "There were 5 failed logins for the username “editor” from your address" in html
    )
    assert "Please try again in 15 minutes." in html
    assert 'href="/admin/password_reset/"' in html


def test_the_right_password_is_refused_during_the_lock(client, editor):
    fail(client, 5)

    response = log_in(client, password=PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)


def test_the_lock_is_for_that_username_only(client, editor, django_user_model):
    django_user_model.objects.create_user(
        username="moderator", password=PASSWORD, is_staff=True
    )
    fail(client, 5)

    response = log_in(client, username="moderator", password=PASSWORD)

    assert response.status_code == 302
    assert logged_in(client)


def test_the_lock_is_for_that_address_only(client, editor):
    fail(client, 5)

    response = log_in(client, password=PASSWORD, address="198.51.100.9")

    assert response.status_code == 302
    assert logged_in(client)


def test_a_forged_forwarded_for_does_not_dodge_the_lock(client, editor, settings):
    settings.NEWSROOM_TRUSTED_PROXIES = 0
    statuses = [
        log_in(client, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(1, 6)
    ]

    response = log_in(client, password=PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99")

    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert not logged_in(client)


def test_behind_a_trusted_proxy_each_reader_address_counts_apart(
    client, editor, settings
):
    settings.NEWSROOM_TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    fail(client, 5, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1")

    locked = log_in(
        client, password=PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1"
    )
    other = log_in(
        client, password=PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="192.0.2.2"
    )

    assert (locked.status_code, other.status_code) == (429, 302)


def test_the_lock_ends_after_fifteen_minutes(client, editor):
    fail(client, 5)

    with shifted_cache_clock(15 * 60 - 5):
        still_locked = log_in(client, password=PASSWORD)
    # That refused attempt started the 15 minutes again.
    with shifted_cache_clock(15 * 60 - 5 + 15 * 60 + 1):
        response = log_in(client, password=PASSWORD)

    assert still_locked.status_code == 429
    assert response.status_code == 302
    assert logged_in(client)


def test_an_operator_can_lift_a_lock_at_once(client, editor):
    fail(client, 5)
    out = StringIO()

    call_command("axes_reset_ip_username", READER, "editor", stdout=out)

    assert out.getvalue() == "1 attempts removed.\n"
    assert log_in(client, password=PASSWORD).status_code == 302


def test_a_successful_login_clears_earlier_failures(client, editor):
    fail(client, 4)
    assert log_in(client, password=PASSWORD).status_code == 302
    client.logout()

    statuses = fail(client, 4)

    assert statuses == [200, 200, 200, 200]


def test_lockouts_and_logins_are_logged_with_username_and_address(
    client, editor, caplog
):
    with caplog.at_level(logging.INFO, logger="axes"):
        fail(client, 5)
        log_in(client, password=PASSWORD, address="198.51.100.9")

    messages = [record.getMessage() for record in caplog.records]
    lockouts = [m for m in messages if m.startswith("AXES: Locking out")]
    logins = [m for m in messages if m.startswith("AXES: Successful login")]
    assert len(lockouts) == 1
    assert 'username: "editor"' in lockouts[0]
    assert f'ip_address: "{READER}"' in lockouts[0]
    assert len(logins) == 1
    assert 'ip_address: "198.51.100.9"' in logins[0]
    # Never the password, right or wrong.
    assert not any(PASSWORD in m or '"wrong"' in m for m in messages)


def test_password_reset_still_works_with_throttling_on(client, editor):
    fail(client, 5)

    sent = client.post(
        reverse("admin_password_reset"), {"email": "ed@example.org"}, REMOTE_ADDR=READER
    )
    assert sent.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/admin/reset/\S+/)", mail.outbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    new_password = "a-new-long-passphrase-42"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )

    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    # The lock on this address stays until it ends; elsewhere the new
    # password works at once.
    assert log_in(client, password=new_password).status_code == 429
    assert log_in(
        client, password=new_password, address="198.51.100.9"
    ).status_code == (302)
