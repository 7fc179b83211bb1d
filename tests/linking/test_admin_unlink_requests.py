"""The account manager answers the partners' unlink or change requests in the admin: open ones
first, an approve page that performs the audited unlink with the request's reason, a decline
page that needs a note. Only the partners they manage; a stranger gets 404 and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from linking.models import LinkEvent, TikTokLink, UnlinkRequest
from tests.factories import (
    AccountManagerFactory,
    MembershipFactory,
    SuperuserFactory,
    TikTokLinkFactory,
    UnlinkRequestFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
Status = UnlinkRequest.Status
CHANGELIST = reverse("admin:linking_unlinkrequest_changelist")


@pytest.fixture
def admin_client(partner):
    return _client(partner.account_manager)


@pytest.fixture
def link(partner):
    return TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq")


@pytest.fixture
def asked(partner, staff, link):
    return UnlinkRequestFactory(
        partner=partner, requested_by=staff, reason="Our old account was hacked."
    )


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(unlink_request, action: str) -> str:
    return reverse(f"admin:linking_unlinkrequest_{action}", args=[unlink_request.pk])


def _notices(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind))


def test_the_list_shows_open_requests_first_with_their_answers(admin_client, partner, staff, asked):
    older = UnlinkRequestFactory(
        partner=partner,
        reason="Zqolderone",
        created_at=timezone.now() - timedelta(days=30),
        status=Status.DECLINED,
        decided_by=partner.account_manager,
        decided_at=timezone.now() - timedelta(days=29),
        decision_note="No.",
    )
    newer_closed = UnlinkRequestFactory(
        partner=MembershipFactory(partner__account_manager=partner.account_manager).partner,
        created_at=timezone.now() + timedelta(minutes=1),
        status=Status.EXPIRED,
    )
    page = admin_client.get(CHANGELIST).text
    assert "Northstar Creators" in page and "@north.hq" in page
    rows = [page.index(_url(r, "change")) for r in (asked, newer_closed, older)]
    assert rows == sorted(rows), "open first, then the newest"
    assert _url(asked, "approve") in page and _url(asked, "decline") in page
    assert _url(older, "approve") not in page  # closed: nothing to answer


def test_the_status_filter_reads_lapsed_requests_as_expired(admin_client, partner, link):
    lapsed = UnlinkRequestFactory(partner=partner, created_at=timezone.now() - timedelta(days=8))
    expired = admin_client.get(CHANGELIST + "?status=expired").text
    pending = admin_client.get(CHANGELIST + "?status=pending").text
    change = reverse("admin:linking_unlinkrequest_change", args=[lapsed.pk])
    assert change in expired and change not in pending
    assert _url(lapsed, "approve") not in expired


def test_the_approve_page_says_what_approving_does(admin_client, asked):
    page = admin_client.get(_url(asked, "approve"))
    assert page.status_code == 200
    assert "asks to <strong>unlink @north.hq</strong>" in page.text
    assert "Our old account was hacked." in page.text
    assert "Approve and unlink" in page.text


def test_approving_unlinks_with_the_reason_and_tells_the_agency(admin_client, partner, asked):
    response = admin_client.post(_url(asked, "approve"), {"note": ""})
    assert response.status_code == 302 and response.url == CHANGELIST
    assert not TikTokLink.objects.filter(partner=partner).exists()
    event = LinkEvent.objects.get(event=LinkEvent.Event.UNLINKED)
    assert event.actor == partner.account_manager
    assert event.reason.startswith("Our old account was hacked.")
    asked.refresh_from_db()
    assert (asked.status, asked.decided_by) == (Status.APPROVED, partner.account_manager)
    assert len(_notices(Notification.Kind.UNLINK_REQUEST_APPROVED)) == 1
    listing = admin_client.get(CHANGELIST).text
    assert "Unlinked @north.hq from Northstar Creators, as its request asked." in listing


def test_approving_a_change_says_the_agency_links_the_new_account_by_qr(
    admin_client, partner, staff, link
):
    change = UnlinkRequestFactory(
        partner=partner, kind=UnlinkRequest.Kind.CHANGE, wanted_handle="north.new"
    )
    page = admin_client.get(_url(change, "approve")).text
    assert "the agency then links <strong>@north.new</strong> itself" in page
    response = admin_client.post(_url(change, "approve"), follow=True)
    assert "the agency now links @north.new account itself through Link TikTok Account" in (
        response.text
    )
    assert "(the QR flow)" in response.text
    (notice,) = _notices(Notification.Kind.UNLINK_REQUEST_APPROVED)
    assert "Now link @north.new yourself" in notice.text


def test_declining_needs_a_note(admin_client, partner, asked):
    response = admin_client.post(_url(asked, "decline"), {"note": "  "})
    assert response.status_code == 400
    assert "Please give a note saying why." in response.text
    asked.refresh_from_db()
    assert asked.status == Status.PENDING
    assert not Notification.objects.exists()


@pytest.mark.parametrize("note", ["x" * 1001, "Beep\x07", "Null\x00"])
def test_a_bad_note_is_refused_with_400(admin_client, asked, note):
    for action in ("approve", "decline"):
        assert admin_client.post(_url(asked, action), {"note": note}).status_code == 400
    asked.refresh_from_db()
    assert asked.status == Status.PENDING
    assert TikTokLink.objects.exists() and not Notification.objects.exists()


def test_declining_keeps_the_link_and_tells_the_agency(admin_client, partner, asked, link):
    response = admin_client.post(_url(asked, "decline"), {"note": "Call me first."})
    assert response.status_code == 302
    assert TikTokLink.objects.filter(pk=link.pk).exists()
    asked.refresh_from_db()
    assert (asked.status, asked.decision_note) == (Status.DECLINED, "Call me first.")
    (notice,) = _notices(Notification.Kind.UNLINK_REQUEST_DECLINED)
    assert "“Call me first.”" in notice.text


def test_an_answered_or_expired_request_sends_back_to_its_page_saying_so(
    admin_client, partner, asked
):
    admin_client.post(_url(asked, "decline"), {"note": "No."})
    for action in ("approve", "decline"):
        response = admin_client.post(_url(asked, action), {"note": "Again"}, follow=True)
        assert "This request was already declined" in response.text
    lapsed = UnlinkRequestFactory(partner=partner, created_at=timezone.now() - timedelta(days=8))
    response = admin_client.get(_url(lapsed, "approve"), follow=True)
    assert "This request expired unanswered" in response.text
    assert TikTokLink.objects.filter(partner=partner).exists()
    assert len(Notification.objects.all()) == 1


def test_requests_cannot_be_added_edited_or_deleted(admin_client, asked):
    assert admin_client.get(reverse("admin:linking_unlinkrequest_add")).status_code == 403
    change = reverse("admin:linking_unlinkrequest_change", args=[asked.pk])
    page = admin_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert _url(asked, "approve") in page.text  # answered from its own page too
    assert admin_client.post(change, {"reason": "Edited"}).status_code == 403
    delete = reverse("admin:linking_unlinkrequest_delete", args=[asked.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    asked.refresh_from_db()
    assert asked.reason == "Our old account was hacked."


def test_the_manager_of_another_partner_gets_404_and_changes_nothing(asked):
    client = _client(AccountManagerFactory())
    assert "@north.hq" not in client.get(CHANGELIST).text
    for action in ("approve", "decline", "change"):
        assert client.get(_url(asked, action)).status_code == 404
        assert client.post(_url(asked, action), {"note": "Not mine"}).status_code == 404
    asked.refresh_from_db()
    assert asked.status == Status.PENDING and TikTokLink.objects.exists()


def test_staff_without_the_permission_cannot_answer(asked):
    client = _client(UserFactory(is_staff=True))
    for action in ("approve", "decline"):
        assert client.post(_url(asked, action), {"note": "x"}).status_code == 403
    asked.refresh_from_db()
    assert asked.status == Status.PENDING


def test_agency_staff_are_sent_to_the_admin_login(staff_client, asked):
    response = staff_client.post(_url(asked, "approve"))
    assert response.status_code == 302 and "/admin/login/" in response.url
    assert TikTokLink.objects.exists()


def test_a_superuser_answers_any_partners_request(asked):
    client = _client(SuperuserFactory())
    assert client.post(_url(asked, "approve")).status_code == 302
    assert not TikTokLink.objects.exists()


def test_a_malformed_id_is_a_404(admin_client):
    for action in ("approve", "decline"):
        assert admin_client.get(f"/admin/linking/unlinkrequest/abc/{action}/").status_code == 404
