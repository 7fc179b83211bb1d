"""Both sides are told: on link and on unlink, the agency's staff get a notice in Partner Center
and the TikTok account gets a message in the app's inbox naming the agency, the staff member or
account manager, the time and the browser that started the session."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Notification
from linking import services
from linking.models import LinkSession
from linking.user_agents import describe
from tests import factories
from tiktok.models import InboxMessage

from .conftest import scan, tiktok_client_for

pytestmark = pytest.mark.django_db
CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
INBOX = reverse("tiktok:inbox")


@pytest.fixture
def staff(partner):
    return factories.MembershipFactory(
        partner=partner, user__username="alex", user__first_name="Alex", user__last_name="Kim"
    ).user


@pytest.fixture
def linked(staff_client, partner, account, tiktok_client):
    """Get Started in Chrome on Windows, scanned and confirmed by `account`."""
    staff_client.post(
        reverse("linking:start"), HTTP_USER_AGENT=CHROME_ON_WINDOWS, REMOTE_ADDR="203.0.113.7"
    )
    session = LinkSession.objects.get(partner=partner)
    scan(tiktok_client, session.tokens.get().raw)
    tiktok_client.post(reverse("linking:confirm", args=[session.code]))
    session.refresh_from_db()
    assert session.status == LinkSession.Status.LINKED
    return session


# --- Where a session was started ----------------------------------------------------------


def test_get_started_records_the_browser_and_ip_address(staff_client, partner):
    staff_client.post(
        reverse("linking:start"), HTTP_USER_AGENT=CHROME_ON_WINDOWS, REMOTE_ADDR="203.0.113.7"
    )
    session = LinkSession.objects.get(partner=partner)
    assert (session.user_agent, session.ip_address) == (CHROME_ON_WINDOWS, "203.0.113.7")


def test_refreshing_the_qr_code_records_the_new_sessions_origin(staff_client, partner, started):
    old, _token = started
    staff_client.post(
        reverse("linking:refresh", args=[old.code]),
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    )
    new = LinkSession.objects.exclude(pk=old.pk).get(partner=partner)
    assert describe(new.user_agent) == "Firefox on Linux"


def test_a_huge_or_odd_user_agent_is_kept_short_and_clean(staff_client, partner):
    staff_client.post(reverse("linking:start"), HTTP_USER_AGENT="Bot\x00" + "x" * 5000)
    session = LinkSession.objects.get(partner=partner)
    assert len(session.user_agent) == 400 and "\x00" not in session.user_agent


def test_an_address_that_is_not_an_ip_is_not_kept(partner, started):
    session, _token = started
    services.link_session_record_origin(session=session, user_agent="", ip_address="unknown")
    session.refresh_from_db()
    assert session.ip_address is None


@pytest.mark.parametrize(
    ("user_agent", "described"),
    [
        (CHROME_ON_WINDOWS, "Chrome on Windows"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Safari on iOS",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
            "Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on macOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
            "Samsung Internet on Android",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "HeadlessChrome/131.0.0.0 Safari/537.36",
            "Chrome on Linux",
        ),
        ("curl/8.5.0", "an unknown browser"),
        ("", "an unknown browser"),
    ],
)
def test_it_names_the_browser_and_system(user_agent, described):
    assert describe(user_agent) == described


# --- Linked ---------------------------------------------------------------------------------


@pytest.fixture
def colleague(partner):
    return factories.MembershipFactory(partner=partner).user


def test_linking_tells_the_agencys_staff_who_linked_which_account(colleague, linked, staff):
    notices = Notification.objects.filter(kind=Notification.Kind.TIKTOK_LINKED)
    assert sorted(n.recipient_id for n in notices) == sorted([staff.pk, colleague.pk])
    text = notices.first().text
    assert "@agency.official" in text and "Alex Kim" in text
    assert notices.first().url == reverse("linking:profile")


def test_linking_tells_the_account_holder_in_the_app(linked, partner, account, tiktok_client):
    (message,) = InboxMessage.objects.filter(account=account)
    assert message.title == f"Your account was linked to {partner.name}"
    started = linked.created_at.astimezone(UTC).strftime("%-d %b %Y at %H:%M UTC")
    for fact in (partner.name, "Alex Kim", started, "Chrome on Windows", "203.0.113.7"):
        assert fact in message.body, fact
    page = tiktok_client.get(INBOX).text
    assert message.title in page and "Chrome on Windows" in page


def test_a_failed_attempt_tells_no_one(partner, staff, started):
    session, token = started
    minor = factories.TikTokAccountFactory(birth_date=datetime.now(UTC).date())
    services.link_session_scan(token=token, account=minor)
    services.link_session_confirm(session=session, account=minor)
    assert not Notification.objects.exists() and not InboxMessage.objects.exists()


# --- Unlinked -------------------------------------------------------------------------------


def _unlink_in_the_admin(partner):
    manager = partner.account_manager
    manager.first_name, manager.last_name = "Morgan", "Lee"
    manager.save()
    admin = Client()
    admin.force_login(manager)
    link = partner.tiktok_link
    response = admin.post(
        reverse("admin:linking_tiktoklink_unlink", args=[link.pk]),
        {"reason": "The agency asked to change accounts"},
    )
    assert response.status_code == 302


def test_unlinking_tells_the_agency_who_unlinked_and_why(linked, partner, staff, staff_client):
    _unlink_in_the_admin(partner)
    notice = Notification.objects.get(kind=Notification.Kind.TIKTOK_UNLINKED, recipient=staff)
    assert "@agency.official" in notice.text and "Morgan Lee" in notice.text
    assert "The agency asked to change accounts" in notice.text
    page = staff_client.get(reverse("accounts:notifications")).text
    assert "TikTok account unlinked" in page and "Morgan Lee" in page


def test_unlinking_tells_the_account_holder_in_the_app(linked, partner, account, tiktok_client):
    _unlink_in_the_admin(partner)
    message = InboxMessage.objects.get(title=f"Your account was unlinked from {partner.name}")
    for fact in ("@agency.official", "Morgan Lee", "Alex Kim", "Chrome on Windows"):
        assert fact in message.body, fact
    assert re.search(r"unlinked it on \d{1,2} \w{3} \d{4} at \d\d:\d\d UTC", message.body)
    page = tiktok_client.get(INBOX).text
    assert page.index("unlinked from") < page.index("linked to")  # newest first


def test_unlinking_a_link_made_without_a_session_still_tells_both(partner, staff):
    link = factories.TikTokLinkFactory(partner=partner, tiktok_account__handle="old.link")
    services.tiktok_link_unlink(partner=partner, actor=partner.account_manager, reason="Stale")
    assert Notification.objects.get(recipient=staff).kind == Notification.Kind.TIKTOK_UNLINKED
    assert InboxMessage.objects.get(account=link.tiktok_account).title.startswith(
        "Your account was unlinked"
    )


def test_an_unlink_that_fails_tells_no_one(partner, staff):
    with pytest.raises(services.NotLinked):
        services.tiktok_link_unlink(partner=partner, actor=partner.account_manager, reason="x")
    assert not Notification.objects.exists() and not InboxMessage.objects.exists()


# --- The inbox is the account's own ----------------------------------------------------------


def test_the_inbox_shows_only_the_accounts_own_messages(linked, partner):
    stranger = factories.TikTokAccountFactory(handle="someone.else")
    page = tiktok_client_for(stranger).get(INBOX).text
    assert partner.name not in page and "No messages yet" in page
