"""Partner Center passwords: reset by e-mail (Django's views, a link valid for an hour) and
change when logged in, both with Django's password validators; a change ends the user's other
sessions and keeps this one."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW = "Quiet-harbour-lanterns-42"
SAME_ANSWER = "If an account uses that address, we've sent it a link"


def _reset_link(message) -> str:
    return re.search(r"https://pc\.example(/password/reset/\S+/)", message.body).group(1)


def test_the_login_page_links_forgot_your_password(client):
    assert reverse("accounts:password_reset") in client.get(reverse("accounts:login")).text


def test_it_mails_a_reset_link_that_sets_a_new_password(client, staff, settings):
    settings.SITE_URL = "https://pc.example"
    response = client.post(reverse("accounts:password_reset"), {"email": staff.email})
    assert response.url == reverse("accounts:password_reset_done")
    (message,) = mail.outbox
    assert message.to == [staff.email]
    assert message.subject == "Reset your Partner Center password"
    link = client.get(_reset_link(message))
    assert link.status_code == 302  # on to the set-password URL, the token kept in the session
    page = client.get(link.url)
    assert "Choose a new password" in page.text
    done = client.post(link.url, {"new_password1": NEW, "new_password2": NEW})
    assert done.url == reverse("accounts:password_reset_complete")
    staff.refresh_from_db()
    assert staff.check_password(NEW)
    # The link works once.
    assert "This link no longer works" in client.get(_reset_link(message), follow=True).text


def test_it_says_the_same_whether_or_not_the_address_has_an_account(client, staff):
    known = client.post(reverse("accounts:password_reset"), {"email": staff.email}, follow=True)
    unknown = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.com"}, follow=True
    )
    assert SAME_ANSWER in known.text and SAME_ANSWER in unknown.text
    assert len(mail.outbox) == 1


def test_a_reset_link_lasts_an_hour(client, staff, settings):
    settings.SITE_URL = "https://pc.example"
    assert settings.PASSWORD_RESET_TIMEOUT == 3600
    client.post(reverse("accounts:password_reset"), {"email": staff.email})
    link = _reset_link(mail.outbox[0])
    with time_machine.travel(timedelta(seconds=3590)):
        assert client.get(link).status_code == 302
    with time_machine.travel(timedelta(seconds=3610)):
        assert "This link no longer works" in client.get(link, follow=True).text


@pytest.mark.parametrize("weak", ["12345678", "password", "short"])
def test_a_new_password_must_pass_the_validators(client, staff, weak, settings):
    settings.SITE_URL = "https://pc.example"
    client.post(reverse("accounts:password_reset"), {"email": staff.email})
    set_url = client.get(_reset_link(mail.outbox[0])).url
    response = client.post(set_url, {"new_password1": weak, "new_password2": weak})
    assert response.status_code == 200
    assert "errorlist" in response.text
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_changing_the_password_ends_the_other_sessions_and_keeps_this_one(staff):
    here, elsewhere = Client(), Client()
    here.force_login(staff)
    elsewhere.force_login(staff)
    response = here.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
    )
    assert response.url == reverse("accounts:password_change_done")
    assert here.get(reverse("accounts:home")).status_code == 200
    assert elsewhere.get(reverse("accounts:home")).url.startswith(reverse("accounts:login"))


def test_a_reset_ends_every_session(client, staff, settings):
    settings.SITE_URL = "https://pc.example"
    elsewhere = Client()
    elsewhere.force_login(staff)
    client.post(reverse("accounts:password_reset"), {"email": staff.email})
    set_url = client.get(_reset_link(mail.outbox[0])).url
    client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert elsewhere.get(reverse("accounts:home")).url.startswith(reverse("accounts:login"))


def test_changing_needs_the_current_password_and_a_strong_new_one(staff_client, staff):
    url = reverse("accounts:password_change")
    wrong = staff_client.post(
        url, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW}
    )
    assert "Your old password was entered incorrectly" in wrong.text
    weak = staff_client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert "This password is entirely numeric" in weak.text
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_the_change_page_is_for_logged_in_people(client, creator_client, seller_client):
    url = reverse("accounts:password_change")
    assert client.get(url).url.startswith(reverse("accounts:login"))
    assert creator_client.get(url).status_code == 200
    assert seller_client.get(url).status_code == 200
    assert creator_client.put(url).status_code == 405


def test_every_area_links_change_password(staff_client, creator_client, seller_client):
    link = reverse("accounts:password_change")
    assert link in staff_client.get(reverse("accounts:home")).text
    assert link in creator_client.get(reverse("creator:inbox")).text
    assert link in seller_client.get(reverse("seller:campaigns")).text


def test_a_reset_for_a_user_without_a_usable_password_sends_nothing(client):
    user = UserFactory(email="sso@example.com")
    user.set_unusable_password()
    user.save()
    client.post(reverse("accounts:password_reset"), {"email": "sso@example.com"})
    assert mail.outbox == []
