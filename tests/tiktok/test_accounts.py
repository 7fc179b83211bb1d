"""TikTok accounts as users expect: sign-up checks the password with Django's validators and
the birth date for plausibility, asks for an optional e-mail; a forgotten password is reset by
an e-mailed link valid for an hour; a logged-in user changes it in Settings and privacy; a new
password ends the account's other logins."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import TIKTOK_PASSWORD, TikTokAccountFactory
from tiktok.auth import SESSION_KEY
from tiktok.models import TikTokAccount

pytestmark = pytest.mark.django_db
NEW = "Quiet-harbour-lanterns-42"
SIGNUP = {"handle": "new.agency", "display_name": "New Agency", "birth_date": "1990-05-01"}


@pytest.fixture
def account(db):
    return TikTokAccountFactory(
        handle="agency.official", display_name="Agency HQ", email="hq@agency.example"
    )


def _logged_in(account) -> Client:
    client = Client()
    client.post(reverse("tiktok:login"), {"handle": account.handle, "password": TIKTOK_PASSWORD})
    assert client.session[SESSION_KEY] == account.pk
    return client


# --- sign-up ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("12345678", "This password is too common"),
        ("password", "This password is too common"),
        ("83749261530", "This password is entirely numeric"),
        ("Ab3$x", "This password is too short"),
        ("new.agency1", "The password is too similar to the handle"),
    ],
)
def test_sign_up_refuses_weak_passwords(client, password, message):
    response = client.post(reverse("tiktok:signup"), SIGNUP | {"password": password})
    assert response.status_code == 200
    assert message in response.text
    assert not TikTokAccount.objects.exists()


def test_sign_up_takes_a_strong_password_and_an_optional_e_mail(client):
    response = client.post(
        reverse("tiktok:signup"), SIGNUP | {"password": NEW, "email": "me@agency.example"}
    )
    assert response.status_code == 302
    account = TikTokAccount.objects.get(handle="new.agency")
    assert account.email == "me@agency.example"
    assert (
        client.post(
            reverse("tiktok:signup"), SIGNUP | {"handle": "no.mail", "password": NEW}
        ).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("born", "message"),
    [
        ("1899-12-31", "Enter a birth date from 1900 on."),
        ("0001-01-01", "Enter a birth date from 1900 on."),
        (str(date.today() + timedelta(days=1)), "Your birth date cannot be in the future."),
    ],
)
def test_sign_up_refuses_implausible_birth_dates(client, born, message):
    response = client.post(reverse("tiktok:signup"), SIGNUP | {"birth_date": born, "password": NEW})
    assert response.status_code == 200
    assert message in response.text
    assert not TikTokAccount.objects.exists()


def test_sign_up_takes_1900_and_today(client):
    for handle, born in [("born.1900", "1900-01-01"), ("born.today", str(date.today()))]:
        data = SIGNUP | {"handle": handle, "birth_date": born, "password": NEW}
        assert Client().post(reverse("tiktok:signup"), data).status_code == 302


# --- reset by e-mail ----------------------------------------------------------------------------


def _reset_link() -> str:
    (message,) = mail.outbox
    return re.search(r"https://pc\.example(/tiktok/password/reset/\S+/)", message.body).group(1)


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://pc.example"


def test_the_log_in_links_forgot_your_password(client):
    assert reverse("tiktok:password_reset") in client.get(reverse("tiktok:login")).text


@pytest.mark.parametrize("login", ["agency.official", "@Agency.Official", "HQ@agency.example"])
def test_a_reset_link_is_mailed_for_the_handle_or_the_e_mail(client, account, site, login):
    response = client.post(reverse("tiktok:password_reset"), {"login": login})
    assert response.url == reverse("tiktok:password_reset_sent")
    (message,) = mail.outbox
    assert message.to == ["hq@agency.example"]
    assert message.subject == "Reset your TikTok password"
    assert "@agency.official" in message.body


def test_it_says_the_same_whether_or_not_the_account_exists(client, account):
    TikTokAccountFactory(handle="no.mail")  # an account without an e-mail: nowhere to send
    answers = {
        login: client.post(reverse("tiktok:password_reset"), {"login": login}, follow=True)
        for login in ["agency.official", "ghost", "nobody@example.com", "no.mail"]
    }
    for response in answers.values():
        assert "If an account with an e-mail address matches" in response.text
    assert len(mail.outbox) == 1


def test_the_reset_link_sets_a_new_password_once(client, account, site):
    client.post(reverse("tiktok:password_reset"), {"login": "agency.official"})
    link = _reset_link()
    response = client.get(link)
    assert response.url == reverse("tiktok:password_reset_new")  # the token left the URL
    assert "Choose a new password" in client.get(response.url).text
    done = client.post(response.url, {"new_password1": NEW, "new_password2": NEW})
    assert done.url == reverse("tiktok:login")
    account.refresh_from_db()
    assert account.check_password(NEW)
    assert client.get(link).status_code == 400
    assert client.get(reverse("tiktok:password_reset_new")).status_code == 400


def test_the_reset_link_lasts_an_hour(client, account, site):
    client.post(reverse("tiktok:password_reset"), {"login": "agency.official"})
    link = _reset_link()
    with time_machine.travel(timedelta(seconds=3590)):
        assert client.get(link).status_code == 302
    with time_machine.travel(timedelta(seconds=3610)):
        response = client.get(link)
        assert response.status_code == 400
        assert "This link no longer works" in response.text
        assert client.get(reverse("tiktok:password_reset_new")).status_code == 400


def test_a_forged_or_mangled_link_works_not(client, account, site):
    client.post(reverse("tiktok:password_reset"), {"login": "agency.official"})
    link = _reset_link()
    assert client.get(link[:-3] + "xx/").status_code == 400
    assert client.get(reverse("tiktok:password_reset_link", args=["junk"])).status_code == 400


def test_a_new_password_must_pass_the_validators(client, account, site):
    client.post(reverse("tiktok:password_reset"), {"login": "agency.official"})
    client.get(_reset_link())
    url = reverse("tiktok:password_reset_new")
    weak = client.post(url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert "This password is too common" in weak.text
    mismatch = client.post(url, {"new_password1": NEW, "new_password2": NEW + "x"})
    assert "The two passwords don&#x27;t match" in mismatch.text
    account.refresh_from_db()
    assert account.check_password(TIKTOK_PASSWORD)


def test_a_reset_ends_every_login_of_the_account(client, account, site):
    elsewhere = _logged_in(account)
    client.post(reverse("tiktok:password_reset"), {"login": "agency.official"})
    client.get(_reset_link())
    client.post(reverse("tiktok:password_reset_new"), {"new_password1": NEW, "new_password2": NEW})
    assert elsewhere.get(reverse("tiktok:me")).url.startswith(reverse("tiktok:login"))


def test_the_reset_pages_refuse_other_methods(client):
    assert client.put(reverse("tiktok:password_reset")).status_code == 405
    assert client.post(reverse("tiktok:password_reset_sent")).status_code == 405
    assert client.post(reverse("tiktok:password_reset_link", args=["x"])).status_code == 405


# --- change in Settings and privacy -------------------------------------------------------------


def test_settings_link_change_password(account):
    client = _logged_in(account)
    assert reverse("tiktok:password_change") in client.get(reverse("tiktok:settings")).text


def test_changing_ends_the_other_logins_and_keeps_this_one(account):
    here, elsewhere = _logged_in(account), _logged_in(account)
    response = here.post(
        reverse("tiktok:password_change"),
        {"old_password": TIKTOK_PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.url == reverse("tiktok:settings")
    assert here.get(reverse("tiktok:me")).status_code == 200
    assert elsewhere.get(reverse("tiktok:me")).url.startswith(reverse("tiktok:login"))
    assert SESSION_KEY not in elsewhere.session
    account.refresh_from_db()
    assert account.check_password(NEW)
    # Partner Center's log out keeps the TikTok login, password version and all.
    assert here.post(reverse("accounts:logout")).status_code == 302
    assert here.get(reverse("tiktok:me")).status_code == 200


def test_changing_needs_the_current_password_and_a_strong_new_one(account):
    client = _logged_in(account)
    url = reverse("tiktok:password_change")
    wrong = client.post(url, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
    assert "That isn&#x27;t your current password" in wrong.text
    weak = client.post(
        url,
        {
            "old_password": TIKTOK_PASSWORD,
            "new_password1": "agency.official",
            "new_password2": "agency.official",
        },
    )
    assert "too similar to the handle" in weak.text
    account.refresh_from_db()
    assert account.check_password(TIKTOK_PASSWORD)


def test_wrong_current_passwords_are_throttled_like_the_log_in(account):
    client = _logged_in(account)
    url = reverse("tiktok:password_change")
    bad = {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    assert [client.post(url, bad).status_code for _ in range(5)] == [200, 200, 200, 200, 429]
    right = {"old_password": TIKTOK_PASSWORD, "new_password1": NEW, "new_password2": NEW}
    assert client.post(url, right).status_code == 429
    account.refresh_from_db()
    assert account.check_password(TIKTOK_PASSWORD)


def test_the_change_page_is_for_the_logged_in_account(client, account):
    url = reverse("tiktok:password_change")
    assert client.get(url).url.startswith(reverse("tiktok:login"))
    assert client.post(url, {"old_password": TIKTOK_PASSWORD}).url.startswith(
        reverse("tiktok:login")
    )
    assert _logged_in(account).put(url).status_code == 405


def test_a_login_from_before_versions_were_kept_still_counts(account):
    # Sessions logged in before tiktok.0002 hold no version: they are the unchanged password's.
    client = Client()
    session = client.session
    session[SESSION_KEY] = account.pk
    session.save()
    assert client.get(reverse("tiktok:me")).status_code == 200
    TikTokAccount.objects.filter(pk=account.pk).update(password_version=1)
    assert client.get(reverse("tiktok:me")).status_code == 302
