"""A poll that changes nothing answers 204 from the cache; any change, expiry, stranger,
other login or cache failure gets the full, always-correct answer."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from linking import poll_cache, services
from linking.models import LinkSession
from tests.factories import TikTokAccountFactory
from tiktok import services as tiktok_services
from tiktok.models import TikTokAccount

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
SESSION_ROW = 1  # a 204 reads the login session, not the user row


def _poll(client, session, shown=None):
    params = {"shown": shown} if shown is not None else {}
    return client.get(reverse("linking:status", args=[session.code]), params, headers=HTMX)


def _shown(response) -> str:
    return re.search(r'name="shown" value="([^"]*)"', response.text).group(1)


def test_it_answers_204_when_nothing_changed(staff_client, started, django_assert_num_queries):
    session, _ = started
    shown = _shown(_poll(staff_client, session))
    with django_assert_num_queries(SESSION_ROW):
        response = _poll(staff_client, session, shown)
    assert response.status_code == 204
    assert response.content == b""


def test_it_answers_in_full_when_the_page_shows_something_else(staff_client, started):
    session, _ = started
    _poll(staff_client, session)
    response = _poll(staff_client, session, "scanned::1")
    assert response.status_code == 200
    assert "Waiting for scan" in response.text


def test_it_sees_a_scan_at_once(staff_client, started, account, django_capture_on_commit_callbacks):
    session, token = started
    shown = _shown(_poll(staff_client, session))
    with django_capture_on_commit_callbacks(execute=True):
        services.link_session_scan(token=token, account=account)
    response = _poll(staff_client, session, shown)
    assert response.status_code == 200
    assert "Scanned by <strong>@agency.official</strong>" in response.text
    assert _shown(response) != shown


def test_it_sees_a_switch_to_personal_at_once(
    staff_client, started, django_capture_on_commit_callbacks
):
    session, token = started
    shop = TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    services.link_session_scan(token=token, account=shop)
    services.link_session_confirm(session=session, account=shop)
    shown = _shown(_poll(staff_client, session))
    with django_capture_on_commit_callbacks(execute=True):
        tiktok_services.tiktok_account_switch_to_personal(account=shop)
    response = _poll(staff_client, session, shown)
    assert response.status_code == 200
    assert "is a registered business account" not in response.text
    assert _shown(response) != shown
    assert _poll(staff_client, session, _shown(response)).status_code == 204


def test_two_pages_showing_the_problem_both_see_the_switch(
    staff, staff_client, started, django_capture_on_commit_callbacks
):
    session, token = started
    shop = TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    services.link_session_scan(token=token, account=shop)
    services.link_session_confirm(session=session, account=shop)
    second_tab = Client()
    second_tab.force_login(staff)
    shown = _shown(_poll(staff_client, session))
    assert _shown(_poll(second_tab, session)) == shown
    with django_capture_on_commit_callbacks(execute=True):
        tiktok_services.tiktok_account_switch_to_personal(account=shop)
    assert _poll(staff_client, session, shown).status_code == 200
    # The first page's full poll remembered the new state: the second page, still showing the
    # old one, is not told "unchanged".
    response = _poll(second_tab, session, shown)
    assert response.status_code == 200
    assert "is a registered business account" not in response.text


def test_it_sees_expiry_at_once(staff_client, started, monkeypatch):
    session, _ = started
    shown = _shown(_poll(staff_client, session))
    # Time passes the session's expiry, for the cache and for the database's reading alike.
    monkeypatch.setattr(poll_cache.time, "time", lambda: session.expires_at.timestamp() + 1)
    LinkSession.objects.filter(pk=session.pk).update(expires_at=session.created_at)
    response = _poll(staff_client, session, shown)
    assert response.status_code == 286
    assert "expired" in response.text


def test_it_tells_a_stranger_nothing(staff_client, other_staff_client, started):
    session, _ = started
    shown = _shown(_poll(staff_client, session))
    assert _poll(other_staff_client, session, shown).status_code == 404


def test_it_answers_in_full_when_the_cache_is_down(staff_client, started, request):
    session, _ = started
    shown = _shown(_poll(staff_client, session))
    request.getfixturevalue("cache_down")
    response = _poll(staff_client, session, shown)
    assert response.status_code == 200
    assert "Waiting for scan" in response.text


def test_logging_out_ends_the_204s_at_once(staff_client, started):
    session, _ = started
    shown = _shown(_poll(staff_client, session))
    old_cookie = staff_client.cookies["sessionid"].value
    staff_client.post(reverse("accounts:logout"))
    thief = Client()
    thief.cookies["sessionid"] = old_cookie
    response = _poll(thief, session, shown)
    # To log in as a whole page: htmx would swap a followed 302's login page into the box.
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))


def test_another_login_of_the_same_user_gets_the_full_answer_first(staff, staff_client, started):
    session, _ = started
    shown = _shown(_poll(staff_client, session))
    second_device = Client()
    second_device.force_login(staff)
    response = _poll(second_device, session, shown)
    assert response.status_code == 200
    assert "Waiting for scan" in response.text
    assert _poll(second_device, session, shown).status_code == 204


def test_polls_answered_204_count_against_the_rate_limit(staff_client, started, settings):
    session, _ = started
    settings.LINK_STATUS_POLL_RATE = "3/m"
    shown = _shown(_poll(staff_client, session))
    assert [_poll(staff_client, session, shown).status_code for _ in range(3)] == [204, 204, 429]
