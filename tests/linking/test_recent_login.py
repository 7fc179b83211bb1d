"""Get Started (and a new code) needs a Partner Center log-in within the last 15 minutes;
otherwise the password is asked again first ("Confirm it's you"), and the flow goes on where it
was: the session starts, carrying the same `next`."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from django.urls import reverse

from accounts.reauth import LOGGED_IN_AT
from linking.models import LinkSession
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
START = reverse("linking:start")
CONFIRM = "Confirm it's you"


def _logged_in_minutes_ago(client, minutes: int) -> None:
    session = client.session
    session[LOGGED_IN_AT] = int(time.time()) - minutes * 60
    session.save()


def test_a_fresh_log_in_starts_a_session(client, staff, partner):
    client.post(reverse("accounts:login"), {"username": "staff", "password": PASSWORD})
    response = client.post(START, {"next": "/creators/find/"})
    session = LinkSession.objects.get(partner=partner)
    assert (
        response.url
        == f"{reverse('linking:session', args=[session.code])}?next=%2Fcreators%2Ffind%2F"
    )


def test_a_log_in_16_minutes_ago_is_asked_for_the_password(staff_client, partner):
    _logged_in_minutes_ago(staff_client, 16)
    response = staff_client.post(START, {"next": "/creators/find/"})
    assert response.status_code == 200
    assert CONFIRM in response.text
    assert f'action="{START}"' in response.text
    assert '<input type="hidden" name="next" value="/creators/find/">' in response.text
    assert not LinkSession.objects.filter(partner=partner).exists()


def test_a_log_in_14_minutes_ago_is_recent_enough(staff_client, partner):
    _logged_in_minutes_ago(staff_client, 14)
    assert staff_client.post(START).status_code == 302
    assert LinkSession.objects.filter(partner=partner).exists()


def test_a_session_without_a_log_in_time_is_asked_too(staff_client, partner):
    session = staff_client.session
    del session[LOGGED_IN_AT]
    session.save()
    assert CONFIRM in staff_client.post(START).text
    assert not LinkSession.objects.exists()


def test_a_wrong_password_says_so_and_starts_nothing(staff_client, partner):
    _logged_in_minutes_ago(staff_client, 16)
    response = staff_client.post(START, {"next": "/creators/find/", "reauth_password": "nope"})
    assert response.status_code == 200
    assert "That password isn&#x27;t right" in response.text
    assert not LinkSession.objects.exists()


def test_the_right_password_starts_the_session_and_keeps_next(staff_client, partner):
    _logged_in_minutes_ago(staff_client, 16)
    response = staff_client.post(START, {"next": "/creators/find/", "reauth_password": PASSWORD})
    session = LinkSession.objects.get(partner=partner)
    assert response.status_code == 302
    assert (
        response.url
        == f"{reverse('linking:session', args=[session.code])}?next=%2Fcreators%2Ffind%2F"
    )
    assert "qr-code" in staff_client.get(response.url).text
    # It counts as a log-in: the next Get Started within 15 minutes asks nothing.
    assert time.time() - staff_client.session[LOGGED_IN_AT] < 5
    assert staff_client.post(START).status_code == 302


def test_a_new_code_asks_too(staff_client, partner, started):
    link_session, _ = started
    _logged_in_minutes_ago(staff_client, 20)
    refresh = reverse("linking:refresh", args=[link_session.code])
    response = staff_client.post(refresh)
    assert CONFIRM in response.text
    assert f'action="{refresh}"' in response.text
    assert LinkSession.objects.count() == 1
    assert staff_client.post(refresh, {"reauth_password": PASSWORD}).status_code == 302
    assert LinkSession.objects.count() == 2


def test_wrong_passwords_are_throttled_like_the_log_in(staff_client, partner):
    _logged_in_minutes_ago(staff_client, 16)
    codes = [staff_client.post(START, {"reauth_password": "nope"}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    response = staff_client.post(START, {"reauth_password": PASSWORD})
    assert response.status_code == 429
    assert "try again in 15 minutes" in response.text
    assert not LinkSession.objects.exists()


def test_an_htmx_post_is_sent_to_confirm_and_back_to_its_page(staff_client, partner):
    _logged_in_minutes_ago(staff_client, 16)
    response = staff_client.post(
        START,
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/account/profile/"},
    )
    assert response.status_code == 200
    confirm = reverse("accounts:reauthenticate")
    assert response["HX-Redirect"] == f"{confirm}?next={quote('/account/profile/', safe='')}"
    assert not LinkSession.objects.exists()


# --- the confirm page on its own (for a GET that asks for a recent log-in) --------------------


def test_the_confirm_page_returns_to_next(staff_client):
    _logged_in_minutes_ago(staff_client, 16)
    url = reverse("accounts:reauthenticate")
    page = staff_client.get(url, {"next": "/account/profile/"})
    assert page.status_code == 200
    assert CONFIRM in page.text
    wrong = staff_client.post(url, {"next": "/account/profile/", "reauth_password": "nope"})
    assert "That password isn&#x27;t right" in wrong.text
    right = staff_client.post(url, {"next": "/account/profile/", "reauth_password": PASSWORD})
    assert right.url == "/account/profile/"
    offsite = staff_client.post(url, {"next": "//evil.example/", "reauth_password": PASSWORD})
    assert offsite.url == "/"


def test_the_confirm_page_is_for_logged_in_people_and_get_or_post(client, staff_client):
    url = reverse("accounts:reauthenticate")
    assert client.get(url).url.startswith(reverse("accounts:login"))
    assert client.post(url, {"reauth_password": PASSWORD}).url.startswith(reverse("accounts:login"))
    assert staff_client.put(url).status_code == 405


def test_a_stranger_cannot_confirm_with_their_own_password_for_someone_else(
    staff_client, other_staff_client, partner
):
    # The password checked is always the logged-in user's own.
    _logged_in_minutes_ago(staff_client, 16)
    response = staff_client.post(START, {"reauth_password": "not-staffs", "username": "rival"})
    assert "That password isn&#x27;t right" in response.text
    assert not LinkSession.objects.exists()
