"""The simulated TikTok app's Inbox: the account's own messages, newest first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tiktok.auth import SESSION_KEY
from tiktok.models import InboxMessage
from tiktok.services import inbox_message_send

pytestmark = pytest.mark.django_db
INBOX = reverse("tiktok:inbox")


def _client_for(account) -> Client:
    client = Client()
    session = client.session
    session[SESSION_KEY] = account.pk
    session.save()
    return client


@pytest.fixture
def account(db):
    return factories.TikTokAccountFactory(handle="mia.makes")


def test_it_lists_the_accounts_messages_newest_first(account):
    inbox_message_send(account=account, title="Older news", body="First line\nSecond line")
    InboxMessage.objects.update(created_at=timezone.now() - timedelta(hours=1))
    inbox_message_send(account=account, title="Newer news", body="Hello")
    page = _client_for(account).get(INBOX).text
    assert page.index("Newer news") < page.index("Older news")
    assert "First line<br>Second line" in page


def test_it_pages_a_long_inbox(account):
    for n in range(25):
        inbox_message_send(account=account, title=f"Message {n:02d}", body="…")
    client = _client_for(account)
    assert "Page 1 of 2" in client.get(INBOX).text
    assert "Page 2 of 2" in client.get(INBOX, {"page": "2"}).text
    assert client.get(INBOX, {"page": "junk"}).status_code == 200


def test_it_never_shows_another_accounts_messages(account):
    other = factories.TikTokAccountFactory(handle="someone.else")
    inbox_message_send(account=other, title="Not for Mia", body="Secret")
    page = _client_for(account).get(INBOX).text
    assert "Not for Mia" not in page and "No messages yet" in page


def test_it_is_a_tab_of_every_screen(account):
    """The tab bar's Inbox; logged out, it leads to log in (below)."""
    tab = f'<a href="{INBOX}"><img src="/static/img/tiktok/inbox.svg"'
    assert tab in _client_for(account).get(reverse("tiktok:me")).text
    assert tab in Client().get(reverse("tiktok:profile", args=["mia.makes"])).text


def test_it_asks_a_logged_out_user_to_log_in_and_comes_back(client):
    response = client.get(INBOX)
    assert response.url == f"{reverse('tiktok:login')}?next=%2Ftiktok%2Finbox%2F"


def test_it_answers_405_to_a_post(account):
    assert _client_for(account).post(INBOX).status_code == 405


def test_a_partner_center_login_is_not_a_tiktok_login(staff_client):
    assert staff_client.get(INBOX).url.startswith(reverse("tiktok:login"))
