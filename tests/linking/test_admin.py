"""Django admin: links are unlinked only through the confirmation view, with a reason, by the
account manager of the partner (or a superuser). The demo's managers, partner by partner, are
walked in test_admin_scoping.py."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from linking.models import LinkEvent, LinkSession, TikTokLink
from tests.factories import (
    AccountManagerFactory,
    LinkEventFactory,
    LinkSessionFactory,
    SuperuserFactory,
    TikTokAccountFactory,
    TikTokLinkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(partner):
    client = Client()
    client.force_login(partner.account_manager)
    return client


@pytest.fixture
def link(partner):
    return TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq")


def _unlink_url(link):
    return reverse("admin:linking_tiktoklink_unlink", args=[link.pk])


def test_the_partner_list_shows_linked_accounts(admin_client, link, other_partner):
    page = admin_client.get(reverse("admin:accounts_partner_changelist")).text
    assert "@north.hq" in page


def test_the_link_list_shows_who_linked_what_and_offers_unlink(admin_client, link):
    page = admin_client.get(reverse("admin:linking_tiktoklink_changelist")).text
    assert "Northstar Creators" in page and "@north.hq" in page
    assert _unlink_url(link) in page


def test_unlinking_asks_for_a_reason(admin_client, link):
    page = admin_client.get(_unlink_url(link)).text
    assert "Reason" in page and "Unlink" in page
    response = admin_client.post(_unlink_url(link), {"reason": "   "})
    assert response.status_code == 200
    assert "Please give a reason" in response.text
    assert TikTokLink.objects.exists()


def test_unlinking_removes_the_link_and_the_card(admin_client, staff_client, link, partner):
    response = admin_client.post(_unlink_url(link), {"reason": "Agency asked to change"})
    assert response.url == reverse("admin:linking_tiktoklink_changelist")
    assert not TikTokLink.objects.exists()
    event = LinkEvent.objects.get()
    assert (event.event, event.actor, event.reason) == (
        "unlinked",
        partner.account_manager,
        "Agency asked to change",
    )
    profile = staff_client.get(reverse("linking:profile")).text
    assert 'class="linked-handle"' not in profile and "Link TikTok Account" in profile
    # The history says what happened, to which account, and who did it.
    history = profile[profile.index('id="history-heading"') :]
    assert "Unlinked" in history and "@north.hq" in history
    assert escape(partner.account_manager) in history and "Agency asked to change" in history
    badge = Client().get(reverse("tiktok:profile", args=["north.hq"])).text
    assert "Creator Agency Partner" not in badge


def test_unlinking_twice_says_it_is_gone(admin_client, link):
    url = _unlink_url(link)
    admin_client.post(url, {"reason": "first"})
    assert admin_client.post(url, {"reason": "again"}).status_code == 404


def test_staff_without_the_permission_cannot_unlink(link):
    clerk = UserFactory(is_staff=True)
    client = Client()
    client.force_login(clerk)
    assert client.post(_unlink_url(link), {"reason": "x"}).status_code == 403
    assert TikTokLink.objects.exists()


def test_agency_staff_cannot_reach_admin(staff_client, link):
    response = staff_client.post(_unlink_url(link), {"reason": "x"})
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert TikTokLink.objects.exists()


@pytest.mark.parametrize("model", ["tiktoklink", "linkevent", "linksession"])
def test_links_events_and_sessions_cannot_be_added_changed_or_deleted(admin_client, model, link):
    obj = {
        "tiktoklink": link,
        "linkevent": LinkEventFactory(partner=link.partner),
        "linksession": LinkSessionFactory(partner=link.partner),
    }[model]
    assert admin_client.get(reverse(f"admin:linking_{model}_add")).status_code == 403
    change = reverse(f"admin:linking_{model}_change", args=[obj.pk])
    response = admin_client.get(change)
    assert response.status_code == 200 and 'name="_save"' not in response.text
    assert admin_client.post(change, {}).status_code == 403
    delete = reverse(f"admin:linking_{model}_delete", args=[obj.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_the_admin_shows_nothing_of_a_sessions_qr_codes(admin_client, partner):
    session = LinkSessionFactory(partner=partner)
    code = session.tokens.get()
    page = admin_client.get(reverse("admin:linking_linksession_change", args=[session.pk])).text
    assert code.seed not in page and code.token_hash not in page and code.raw not in page
    assert admin_client.get("/admin/linking/linktoken/").status_code == 404


def test_the_manager_of_another_partner_gets_404_and_unlinks_nothing(link):
    manager = AccountManagerFactory()
    client = Client()
    client.force_login(manager)
    assert client.get(_unlink_url(link)).status_code == 404
    assert client.post(_unlink_url(link), {"reason": "Not mine"}).status_code == 404
    assert TikTokLink.objects.filter(pk=link.pk).exists()
    assert not LinkEvent.objects.exists()


def test_a_superuser_unlinks_any_partner(link):
    client = Client()
    client.force_login(SuperuserFactory())
    assert client.post(_unlink_url(link), {"reason": "Covering for Alice"}).status_code == 302
    assert not TikTokLink.objects.exists()
    assert LinkEvent.objects.get().reason == "Covering for Alice"


def test_the_session_list_names_and_filters_by_each_failed_requirement(admin_client, partner):
    Reason = LinkSession.FailureReason
    LinkSessionFactory(
        partner=partner,
        status=LinkSession.Status.FAILED,
        failure_reasons=[Reason.SUSPENDED, Reason.VIOLATION_HISTORY],
        tiktok_account=TikTokAccountFactory(handle="frozen.strike"),
    )
    LinkSessionFactory(
        partner=partner,
        status=LinkSession.Status.FAILED,
        failure_reasons=[Reason.CREATOR_NETWORK],
        tiktok_account=TikTokAccountFactory(handle="net.star"),
    )
    changelist = reverse("admin:linking_linksession_changelist")
    page = admin_client.get(changelist).text
    assert "The account is suspended; The account has a violation history" in page

    page = admin_client.get(changelist, {"failed": Reason.VIOLATION_HISTORY}).text
    assert "@frozen.strike" in page and "@net.star" not in page
    page = admin_client.get(changelist, {"failed": Reason.CREATOR_NETWORK}).text
    assert "@net.star" in page and "@frozen.strike" not in page
    # Not a reason: the filter is ignored, not a 500.
    response = admin_client.get(changelist, {"failed": "nonsense"})
    assert response.status_code == 200
