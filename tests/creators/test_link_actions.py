"""What the agency and the creator do with a link: Remove (a request in the UK), the creator's
unlink request and the agency's answer, Extend and the creator's answer, and the housekeeping
that tells the agency what lapsed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from creators import services
from creators.models import BindingRequest, ExtensionRequest
from creators.partnership_rules import State
from tests import factories

pytestmark = pytest.mark.django_db
Kind = Notification.Kind
PARTNERSHIPS = reverse("creators:partnerships")


@pytest.fixture
def linked(partner, creator):
    return factories.LinkFactory(partner=partner, creator=creator)


def _reload(link) -> BindingRequest:
    return BindingRequest.objects.get(pk=link.pk)


# --- The database's last word --------------------------------------------------------------


def test_the_database_forbids_two_live_links_or_two_open_requests(partner, creator):
    factories.LinkFactory(partner=partner, creator=creator)
    for factory in (factories.LinkFactory, factories.BindingRequestFactory):
        with pytest.raises(IntegrityError), transaction.atomic():
            factory(partner=partner, creator=creator)
    # An ended link leaves room for a new one.
    BindingRequest.objects.update(end_reason="unlinked", ended_at=timezone.now())
    factories.BindingRequestFactory(partner=partner, creator=creator)
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.BindingRequestFactory(partner=partner, creator=creator)


def test_a_new_request_settles_a_link_past_its_expiry_first(partner, staff, creator):
    old = factories.LinkFactory(
        partner=partner,
        creator=creator,
        created_at=timezone.now() - timedelta(days=70),
        link_expires_at=timezone.now() - timedelta(seconds=1),
    )
    result = services.link_requests_send(
        partner=partner,
        sent_by=staff,
        creators=[creator],
        last_day=(timezone.now() + timedelta(days=200)).date(),  # a later link: a year
    )
    assert result.sent == 1
    assert _reload(old).end_reason == "link_expired"


# --- Remove -------------------------------------------------------------------------------


def test_remove_unlinks_at_once_outside_the_uk(staff_client, staff, linked):
    response = staff_client.post(reverse("creators:link_remove", args=[linked.code]))
    assert response["Location"] == f"{PARTNERSHIPS}?tab=not_linked"
    link = _reload(linked)
    assert link.state == State.UNLINKED and link.ended_by == staff
    html = staff_client.get(PARTNERSHIPS, {"tab": "not_linked"}).content.decode()
    assert f"Removed by {staff.get_full_name()}" in html
    assert Notification.objects.filter(kind=Kind.CREATOR_UNLINKED).exists()


def test_remove_asks_first(staff_client, linked):
    url = reverse("creators:link_remove", args=[linked.code])
    html = staff_client.get(url).content.decode()
    assert f"Remove @{linked.creator.tiktok_account.handle}?" in html
    assert "The link ends at once" in html
    assert _reload(linked).state == State.LINKED


@pytest.fixture
def uk(db):
    partner = factories.PartnerFactory(market="GB")
    staff = factories.MembershipFactory(partner=partner).user
    creator = factories.CreatorFactory(market="GB", user__username="uk.creator")
    return partner, staff, factories.LinkFactory(partner=partner, creator=creator)


def test_in_the_uk_remove_asks_the_creator(client, uk):
    _partner, staff, link = uk
    client.force_login(staff)
    page = client.get(reverse("creators:link_remove", args=[link.code])).content.decode()
    assert "In the United Kingdom this sends the creator an unlink request" in page
    response = client.post(reverse("creators:link_remove", args=[link.code]))
    assert response["Location"] == f"{PARTNERSHIPS}?tab=unlink_requested"
    link = _reload(link)
    assert link.state == State.UNLINK_REQUESTED
    assert (link.unlink_raised_by, link.unlink_requested_by) == ("agency", staff)


@pytest.mark.parametrize(
    ("answer", "state"), [("accept", State.UNLINKED), ("decline", State.LINKED)]
)
def test_the_uk_creator_accepts_or_declines_the_agencys_unlink_request(client, uk, answer, state):
    partner, staff, link = uk
    services.link_remove(link=link, partner=partner, removed_by=staff)
    client.force_login(link.creator.user)
    detail = client.get(reverse("creator:request", args=[link.code])).content.decode()
    assert "Unlink request from agency" in detail
    client.post(reverse(f"creator:request_unlink_{answer}", args=[link.code]))
    assert _reload(link).state == state


def test_the_uk_unlink_request_is_approved_after_seven_days_without_an_answer(uk):
    partner, staff, link = uk
    services.link_remove(link=link, partner=partner, removed_by=staff)
    later = _reload(link).unlink_expires_at
    assert _reload(link).state_at(later) == State.UNLINKED
    BindingRequest.objects.filter(pk=link.pk).update(
        unlink_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert _reload(link).state == State.UNLINKED  # at once, task or no task
    services.links_settle()
    assert _reload(link).end_reason == "unlinked"
    assert Notification.objects.filter(
        kind=Kind.CREATOR_UNLINKED, text__contains="did not answer your unlink request"
    ).exists()


def test_only_a_linked_creator_can_be_removed(staff_client, partner):
    pending = factories.BindingRequestFactory(partner=partner)
    response = staff_client.post(reverse("creators:link_remove", args=[pending.code]), follow=True)
    assert "Not removed: Only a linked creator can be removed." in response.text
    assert _reload(pending).status == "pending"


# --- The creator asks to unlink ---------------------------------------------------------------


def _ask(creator_client, link, reason="My contract ended"):
    return creator_client.post(
        reverse("creator:request_unlink", args=[link.code]), {"reason": reason}
    )


def test_the_creator_asks_to_unlink_and_every_staff_member_is_told_and_emailed(
    creator_client, partner, staff, linked, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(creator_client, linked)
    assert response.status_code == 302
    link = _reload(linked)
    assert link.state == State.UNLINK_REQUESTED and link.unlink_reason == "My contract ended"
    notice = Notification.objects.get(recipient=staff)
    assert notice.kind == Kind.CREATOR_UNLINK_REQUESTED
    assert "My contract ended" in notice.text
    assert [m.subject for m in mail.outbox] == [
        f"Your creator sent you an unlink request · {partner}"
    ]
    html = creator_client.get(reverse("creator:request", args=[linked.code])).content.decode()
    assert "You asked to unlink" in html


def test_the_creator_must_say_why(creator_client, linked):
    response = _ask(creator_client, linked, reason="  ")
    assert response.status_code == 400
    assert _reload(linked).state == State.LINKED


@pytest.mark.parametrize(
    ("action", "state", "tab"),
    [("approve", State.UNLINKED, "not_linked"), ("decline", State.LINKED, "linked")],
)
def test_the_agency_approves_or_declines_within_seven_days(
    staff_client, creator_client, staff, linked, action, state, tab
):
    _ask(creator_client, linked)
    page = staff_client.get(PARTNERSHIPS, {"tab": "unlink_requested"}).content.decode()
    assert "The creator asks: “My contract ended”" in page
    response = staff_client.post(reverse(f"creators:link_unlink_{action}", args=[linked.code]))
    assert response["Location"] == f"{PARTNERSHIPS}?tab={tab}"
    link = _reload(linked)
    assert link.state == state and link.unlink_answered_by == staff


def test_an_ignored_first_request_leaves_the_link_and_the_agency_is_told(
    creator_client, staff, linked
):
    _ask(creator_client, linked)
    BindingRequest.objects.filter(pk=linked.pk).update(
        unlink_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert _reload(linked).state == State.LINKED
    services.links_settle()
    assert _reload(linked).unlink_outcome == "lapsed"
    assert Notification.objects.filter(kind=Kind.CREATOR_UNLINK_EXPIRED).exists()
    services.links_settle()  # safe to run twice: told once
    assert Notification.objects.filter(kind=Kind.CREATOR_UNLINK_EXPIRED).count() == 1


def test_a_second_ignored_request_unlinks(creator_client, linked):
    _ask(creator_client, linked)
    BindingRequest.objects.filter(pk=linked.pk).update(
        unlink_expires_at=timezone.now() - timedelta(seconds=1)
    )
    _ask(creator_client, linked, reason="Please, again")
    link = _reload(linked)
    assert link.unlink_ignored == 1 and link.state == State.UNLINK_REQUESTED
    BindingRequest.objects.filter(pk=linked.pk).update(
        unlink_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert _reload(linked).state == State.UNLINKED


def test_a_stranger_cannot_answer_or_ask(other_staff_client, creator_client, partner):
    someone_elses = factories.LinkFactory(partner=partner)
    assert _ask(creator_client, someone_elses).status_code == 404
    url = reverse("creators:link_unlink_approve", args=[someone_elses.code])
    assert other_staff_client.post(url).status_code == 404
    assert _reload(someone_elses).state == State.LINKED


# --- Extend -------------------------------------------------------------------------------


@pytest.fixture
def expiring(partner, creator):
    return factories.LinkFactory(
        partner=partner, creator=creator, link_expires_at=timezone.now() + timedelta(days=20)
    )


def _extend(staff_client, link, days=200, **extra):
    last_day = (link.link_expires_at + timedelta(days=days)).date()
    url = reverse("creators:link_extend", args=[link.code])
    return staff_client.post(url, {"last_day": last_day.isoformat(), **extra})


def test_extend_is_offered_only_with_less_than_a_month_left(staff_client, partner, expiring):
    factories.LinkFactory(partner=partner, link_expires_at=timezone.now() + timedelta(days=45))
    html = staff_client.get(PARTNERSHIPS, {"tab": "linked"}).content.decode()
    assert html.count(">Extend<") == 1
    assert reverse("creators:link_extend", args=[expiring.code]) in html


def test_the_creator_accepts_the_extension_from_the_current_expiry(
    staff_client, creator_client, staff, expiring, link
):
    response = _extend(staff_client, expiring, attach_profile="on", message="Another year?")
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get()
    assert extension.sent_by == staff and extension.attach_profile
    assert extension.expires_at - extension.created_at == timedelta(days=7)
    page = creator_client.get(reverse("creator:extension", args=[extension.code])).text
    assert "Another year?" in page and "@northstar.official" in page  # the profile card
    creator_client.post(reverse("creator:extension_accept", args=[extension.code]))
    assert _reload(expiring).last_day == (expiring.link_expires_at + timedelta(days=200)).date()
    assert Notification.objects.filter(kind=Kind.EXTENSION_ANSWERED).exists()


def test_extend_is_not_offered_again_after_a_refusal(staff_client, creator_client, expiring):
    _extend(staff_client, expiring)
    extension = ExtensionRequest.objects.get()
    creator_client.post(reverse("creator:extension_decline", args=[extension.code]))
    assert _reload(expiring).link_expires_at == expiring.link_expires_at
    html = staff_client.get(PARTNERSHIPS, {"tab": "linked"}).content.decode()
    assert ">Extend<" not in html
    response = _extend(staff_client, expiring)
    assert response.status_code == 400
    assert ExtensionRequest.objects.count() == 1


def test_an_unanswered_extension_lapses_and_is_not_offered_again(staff_client, expiring):
    _extend(staff_client, expiring)
    ExtensionRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    html = staff_client.get(PARTNERSHIPS, {"tab": "linked"}).content.decode()
    assert ">Extend<" not in html


def test_an_extension_may_last_a_year_from_the_current_expiry(staff_client, expiring):
    response = _extend(staff_client, expiring, days=400)
    assert response.status_code == 400
    assert "at most one year" in response.text
    assert not ExtensionRequest.objects.exists()


def test_extend_is_refused_with_a_month_or_more_left(staff_client, partner):
    link = factories.LinkFactory(
        partner=partner, link_expires_at=timezone.now() + timedelta(days=45)
    )
    response = _extend(staff_client, link)
    assert response.status_code == 400
    assert "less than a month left" in response.text


def test_the_extension_closes_when_the_link_ends_first(partner, staff, creator):
    link = factories.LinkFactory(
        partner=partner, creator=creator, link_expires_at=timezone.now() + timedelta(days=2)
    )
    extension = services.extension_request_send(
        link=link,
        partner=partner,
        sent_by=staff,
        last_day=(timezone.now() + timedelta(days=90)).date(),
    )
    assert extension.expires_at == link.link_expires_at


# --- The link on the creator's side -------------------------------------------------------


def test_the_creator_sees_the_link_and_its_expiry_with_the_profile_card(
    creator_client, partner, creator, link
):
    request = factories.BindingRequestFactory(partner=partner, creator=creator, attach_profile=True)
    html = creator_client.get(reverse("creator:request", args=[request.code])).text
    assert "Account linking request from" in html
    assert f"{request.last_day:%-d %b %Y}" in html
    assert "@northstar.official" in html
    assert ">Approve<" in html


def test_the_inbox_shows_the_links_state_and_the_agencys_unlink_request(client, uk):
    partner, staff, link = uk
    services.link_remove(link=link, partner=partner, removed_by=staff)
    client.force_login(link.creator.user)
    html = client.get(reverse("creator:inbox")).content.decode()
    assert "Unlink requested" in html and "Unlink request from agency" in html


def test_the_housekeeping_task_settles_links_and_is_in_beat(settings, partner):
    from creators.tasks import settle_links

    expired = factories.LinkFactory(
        partner=partner,
        created_at=timezone.now() - timedelta(days=70),
        link_expires_at=timezone.now() - timedelta(seconds=1),
    )
    assert settle_links.delay().get() == 1
    assert _reload(expired).end_reason == "link_expired"
    assert settle_links.delay().get() == 0
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "creators.tasks.settle_links" in tasks


def test_the_agency_is_told_once_when_a_link_enters_its_last_30_days(
    staff, partner, creator_client, staff_client
):
    soon = factories.LinkFactory(
        partner=partner, link_expires_at=timezone.now() + timedelta(days=25)
    )
    factories.LinkFactory(partner=partner, link_expires_at=timezone.now() + timedelta(days=45))
    services.links_settle()
    services.links_settle()
    notices = Notification.objects.filter(kind=Kind.LINK_EXPIRING)
    assert notices.count() == 1
    assert f"expires on {_reload(soon).last_day:%-d %b %Y} (25 days left)" in notices.get().text


def test_an_extended_link_is_reminded_again_near_its_new_end(staff, partner, creator):
    link = factories.LinkFactory(
        partner=partner, creator=creator, link_expires_at=timezone.now() + timedelta(days=20)
    )
    services.links_settle()
    extension = services.extension_request_send(
        link=link,
        partner=partner,
        sent_by=staff,
        last_day=(timezone.now() + timedelta(days=90)).date(),
    )
    services.extension_accept(extension=extension, creator=creator)
    assert _reload(link).expiry_reminded_at is None


def test_the_uk_creator_is_emailed_the_agencys_unlink_request_once(
    uk, django_capture_on_commit_callbacks
):
    partner, staff, link = uk
    with django_capture_on_commit_callbacks(execute=True):
        services.link_remove(link=link, partner=partner, removed_by=staff)
    assert [m.subject for m in mail.outbox] == ["Unlink request from agency"]
    assert reverse("creator:request", args=[link.code]) in mail.outbox[0].body
    assert not services.link_unlink_request_email(link_id=link.pk)  # a second run sends nothing
    assert len(mail.outbox) == 1
