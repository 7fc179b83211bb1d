"""Request unlink or change, as services: a partner's staff ask, the account manager approves
(the audited unlink, with the request's reason) or declines with a note, or nobody answers and
it expires after 7 days; the agency is told each time, once. One open request per partner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Notification
from linking import services
from linking.models import LinkEvent, TikTokLink, UnlinkRequest
from linking.notices import day
from linking.tasks import expire_unlink_requests
from tests.factories import (
    MembershipFactory,
    SuperuserFactory,
    TikTokAccountFactory,
    TikTokLinkFactory,
    UnlinkRequestFactory,
)

pytestmark = pytest.mark.django_db
Kind, Status = UnlinkRequest.Kind, UnlinkRequest.Status
NoticeKind = Notification.Kind


@pytest.fixture
def link(partner, staff):
    return TikTokLinkFactory(partner=partner, tiktok_account__handle="north.hq", linked_by=staff)


@pytest.fixture
def manager(partner):
    return partner.account_manager


def _ask(partner, staff, kind=Kind.UNLINK, reason="We rebranded.", wanted_handle=""):
    return services.unlink_request_create(
        partner=partner, requested_by=staff, kind=kind, reason=reason, wanted_handle=wanted_handle
    )


def _notices(partner, kind):
    return list(Notification.objects.filter(partner=partner, kind=kind).order_by("recipient_id"))


# --- asking -------------------------------------------------------------------------------


def test_it_records_the_request_about_the_linked_account_for_seven_days(partner, staff, link):
    before = timezone.now()
    unlink_request = _ask(partner, staff, kind=Kind.CHANGE, wanted_handle="@north.new")
    assert unlink_request.status == Status.PENDING and unlink_request.is_open
    assert unlink_request.tiktok_account == link.tiktok_account
    assert unlink_request.requested_by == staff
    assert unlink_request.wanted_handle == "north.new"  # the @ is not part of a handle
    assert unlink_request.reason == "We rebranded."
    assert unlink_request.created_at >= before
    assert unlink_request.expires_at == unlink_request.created_at + timedelta(days=7)
    assert TikTokLink.objects.filter(pk=link.pk).exists()  # asking changes nothing yet


def test_it_refuses_a_second_open_request_saying_when_it_will_be_answered(partner, staff, link):
    first = _ask(partner, staff)
    other_staff = MembershipFactory(partner=partner).user
    with pytest.raises(services.UnlinkRequestRefused) as refused:
        _ask(partner, other_staff, kind=Kind.CHANGE, wanted_handle="north.new")
    assert str(refused.value) == (
        f"You already asked on {day(first.created_at)}; your account manager will answer by "
        f"{day(first.expires_at)}."
    )
    assert UnlinkRequest.objects.get() == first


def test_it_refuses_a_request_while_not_linked(partner, staff):
    with pytest.raises(services.UnlinkRequestRefused, match="no linked TikTok account"):
        _ask(partner, staff)
    assert not UnlinkRequest.objects.exists()


def test_it_refuses_a_change_to_the_account_linked_now(partner, staff, link):
    with pytest.raises(
        services.UnlinkRequestRefused, match=r"@north\.hq is the account linked now"
    ):
        _ask(partner, staff, kind=Kind.CHANGE, wanted_handle="North.HQ")
    assert not UnlinkRequest.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [{"reason": "  "}, {"kind": "delete"}, {"kind": Kind.UNLINK, "wanted_handle": "north.new"}],
)
def test_it_refuses_what_the_form_would_not_send(partner, staff, link, fields):
    with pytest.raises(ValueError):
        _ask(partner, staff, **fields)
    assert not UnlinkRequest.objects.exists()


def test_an_expired_request_no_longer_blocks_a_new_one_and_is_told_once(partner, staff, link):
    old = UnlinkRequestFactory(
        partner=partner, requested_by=staff, created_at=timezone.now() - timedelta(days=8)
    )
    assert old.current_status == Status.EXPIRED  # before any task ran

    new = _ask(partner, staff)

    old.refresh_from_db()
    assert old.status == Status.EXPIRED and new.is_open
    assert len(_notices(partner, NoticeKind.UNLINK_REQUEST_EXPIRED)) == 1
    assert expire_unlink_requests.delay().get() == 0
    assert len(_notices(partner, NoticeKind.UNLINK_REQUEST_EXPIRED)) == 1


# --- approving ----------------------------------------------------------------------------


def test_approving_unlinks_with_the_requests_reason_and_tells_the_agency(
    partner, staff, link, manager
):
    colleague = MembershipFactory(partner=partner).user
    unlink_request = _ask(partner, staff, reason="Our old account was hacked.")

    approved = services.unlink_request_approve(
        unlink_request=unlink_request, decided_by=manager, note="Done, link the new one."
    )

    assert not TikTokLink.objects.filter(partner=partner).exists()
    approved.refresh_from_db()
    assert (approved.status, approved.decided_by, approved.decision_note) == (
        Status.APPROVED,
        manager,
        "Done, link the new one.",
    )
    assert approved.decided_at is not None
    event = LinkEvent.objects.get(partner=partner, event=LinkEvent.Event.UNLINKED)
    assert event.actor == manager and event.tiktok_account == link.tiktok_account
    assert event.reason.startswith("Our old account was hacked.")
    assert f"asked by {staff}" in event.reason and "unlink @north.hq" in event.reason
    notices = _notices(partner, NoticeKind.UNLINK_REQUEST_APPROVED)
    assert [n.recipient for n in notices] == [staff, colleague]
    assert f"{manager} approved your request to unlink @north.hq" in notices[0].text
    assert "Done, link the new one." in notices[0].text
    assert notices[0].url == "/account/profile/"
    # The audited unlink tells both sides as ever.
    assert len(_notices(partner, NoticeKind.TIKTOK_UNLINKED)) == 2


def test_approving_a_change_tells_the_agency_to_link_the_wanted_account(
    partner, staff, link, manager
):
    unlink_request = _ask(partner, staff, kind=Kind.CHANGE, wanted_handle="north.new")
    services.unlink_request_approve(unlink_request=unlink_request, decided_by=manager)
    assert not TikTokLink.objects.filter(partner=partner).exists()
    (notice,) = _notices(partner, NoticeKind.UNLINK_REQUEST_APPROVED)
    assert "change @north.hq to @north.new" in notice.text
    assert "Now link @north.new yourself: Profile → Link TikTok Account" in notice.text
    assert "QR code" in notice.text


def test_the_partner_links_the_wanted_account_through_the_qr_flow_after_a_change(
    partner, staff, link, manager
):
    unlink_request = _ask(partner, staff, kind=Kind.CHANGE, wanted_handle="north.new")
    services.unlink_request_approve(unlink_request=unlink_request, decided_by=manager)
    wanted = TikTokAccountFactory(handle="north.new")
    _session, token = services.link_session_start(partner=partner, started_by=staff)
    session = services.link_session_scan(token=token, account=wanted)
    services.link_session_confirm(session=session, account=wanted)
    assert TikTokLink.objects.get(partner=partner).tiktok_account == wanted


def test_a_request_is_answered_once(partner, staff, link, manager):
    unlink_request = _ask(partner, staff)
    services.unlink_request_approve(unlink_request=unlink_request, decided_by=manager)
    with pytest.raises(services.UnlinkRequestRefused, match=f"already approved by {manager}"):
        services.unlink_request_approve(unlink_request=unlink_request, decided_by=manager)
    with pytest.raises(services.UnlinkRequestRefused, match="already approved"):
        services.unlink_request_decline(unlink_request=unlink_request, decided_by=manager, note="x")
    assert LinkEvent.objects.filter(event=LinkEvent.Event.UNLINKED).count() == 1
    assert len(_notices(partner, NoticeKind.UNLINK_REQUEST_APPROVED)) == 1


def test_an_expired_request_cannot_be_approved_whether_or_not_the_task_ran(
    partner, staff, link, manager
):
    unlink_request = UnlinkRequestFactory(
        partner=partner, created_at=timezone.now() - timedelta(days=7, seconds=1)
    )
    with pytest.raises(services.UnlinkRequestRefused, match="expired unanswered"):
        services.unlink_request_approve(unlink_request=unlink_request, decided_by=manager)
    assert TikTokLink.objects.filter(pk=link.pk).exists()
    unlink_request.refresh_from_db()
    assert unlink_request.status == Status.PENDING  # still the task's to mark


def test_approving_refuses_when_another_account_is_linked_now(partner, staff, link, manager):
    """Unlinked directly and linked again since: approving must not unlink the new account."""
    unlink_request = _ask(partner, staff)
    services.tiktok_link_unlink(partner=partner, actor=manager, reason="Done by hand")
    newer = TikTokLinkFactory(partner=partner, tiktok_account__handle="north.newer")
    with pytest.raises(services.UnlinkRequestRefused, match=r"no longer linked to @north\.hq"):
        services.unlink_request_approve(unlink_request=unlink_request, decided_by=manager)
    assert TikTokLink.objects.filter(pk=newer.pk).exists()
    unlink_request.refresh_from_db()
    assert unlink_request.status == Status.PENDING


def test_a_superuser_may_approve_too(partner, staff, link):
    admin = SuperuserFactory(first_name="Ada", last_name="Root")
    services.unlink_request_approve(unlink_request=_ask(partner, staff), decided_by=admin)
    (notice,) = _notices(partner, NoticeKind.UNLINK_REQUEST_APPROVED)
    assert notice.text.startswith("Ada Root approved")


# --- declining ----------------------------------------------------------------------------


def test_declining_keeps_the_link_and_tells_the_agency_the_note(partner, staff, link, manager):
    unlink_request = _ask(partner, staff, kind=Kind.CHANGE, wanted_handle="north.new")
    services.unlink_request_decline(
        unlink_request=unlink_request, decided_by=manager, note="  Please call me first.  "
    )
    assert TikTokLink.objects.filter(pk=link.pk).exists()
    assert not LinkEvent.objects.filter(event=LinkEvent.Event.UNLINKED).exists()
    unlink_request.refresh_from_db()
    assert (unlink_request.status, unlink_request.decision_note) == (
        Status.DECLINED,
        "Please call me first.",
    )
    (notice,) = _notices(partner, NoticeKind.UNLINK_REQUEST_DECLINED)
    assert notice.text == (
        f"{manager} declined your request to change @north.hq to @north.new: "
        "“Please call me first.” @north.hq stays linked."
    )
    assert _ask(partner, staff).is_open  # and the agency may ask again


def test_declining_needs_a_note(partner, staff, link, manager):
    unlink_request = _ask(partner, staff)
    with pytest.raises(ValueError):
        services.unlink_request_decline(unlink_request=unlink_request, decided_by=manager, note=" ")
    unlink_request.refresh_from_db()
    assert unlink_request.status == Status.PENDING
    assert not Notification.objects.filter(kind=NoticeKind.UNLINK_REQUEST_DECLINED).exists()


# --- expiring -----------------------------------------------------------------------------


def test_the_task_expires_requests_unanswered_for_seven_days_and_tells_once(
    partner, staff, link, other_partner
):
    now = timezone.now()
    lapsed = UnlinkRequestFactory(
        partner=partner, requested_by=staff, created_at=now - timedelta(days=7, seconds=1)
    )
    # Another agency's, with a minute to go: not yet.
    waiting = UnlinkRequestFactory(
        partner=other_partner, created_at=now - timedelta(days=7) + timedelta(minutes=1)
    )

    assert expire_unlink_requests.delay().get() == 1
    assert expire_unlink_requests.delay().get() == 0

    lapsed.refresh_from_db()
    waiting.refresh_from_db()
    assert (lapsed.status, waiting.status) == (Status.EXPIRED, Status.PENDING)
    assert lapsed.decided_by is None and lapsed.decided_at is None
    (notice,) = _notices(partner, NoticeKind.UNLINK_REQUEST_EXPIRED)
    assert notice.recipient == staff
    assert f"Your request of {day(lapsed.created_at)} to unlink @north.hq expired" in notice.text
    assert "did not answer within 7 days" in notice.text and "stays linked" in notice.text
    assert not Notification.objects.filter(partner=other_partner).exists()
    assert TikTokLink.objects.filter(pk=link.pk).exists()


def test_the_expiry_task_is_on_beats_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "linking.tasks.expire_unlink_requests" in tasks
