"""Quotas as TikTok sets them (at most 100 invitations per agency per market day, each creator
once per 7 days) and outreaches: more creators than today's quota, sent day by day by beat
within it, nothing twice, paused, resumed and cancelled, and the agency told when one ends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from creators import invitation_rules, partnership_rules, selectors, services
from creators.invitation_rules import DAILY_INVITATIONS, SkipReason
from creators.models import Creator, Invitation, Outreach, OutreachCreator
from outbox.models import OutboxMessage
from tests import factories
from tiktok.models import TikTokAccount

from .conftest import make_creators

pytestmark = pytest.mark.django_db

TERMS = services.InviteTerms(
    purpose="distribution",
    message="Hello",
    attach_profile=False,
    contact_email="team@agency.example",
)
RUN = "creators.tasks.run_outreaches"
# 07:59 UTC is 23:59 the day before in Los Angeles (PST, UTC-8); 08:00 is its midnight.
LA_MIDNIGHT = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)


def bulk_creators(count: int) -> list[Creator]:
    """Creators without a login, written in bulk (a factory takes ~40 ms each)."""
    start = TikTokAccount.objects.count()
    accounts = TikTokAccount.objects.bulk_create(
        TikTokAccount(
            handle=f"bulk_{start + n}",
            display_name=f"Bulk {n}",
            birth_date=date(1990, 1, 1),
            email=f"bulk{start + n}@example.com",
        )
        for n in range(count)
    )
    return Creator.objects.bulk_create(
        Creator(tiktok_account=a, category="beauty", market="US") for a in accounts
    )


def _send(partner, staff, creators, **kwargs):
    return services.invitations_send(
        partner=partner,
        sent_by=staff,
        creator_ids=[c.pk for c in creators],
        terms=TERMS,
        **kwargs,
    )


def _use_quota(partner, count, at=None):
    """`count` invitations sent by the agency at `at` (now), to creators of their own."""
    at = at or timezone.now()
    sender = factories.UserFactory()
    Invitation.objects.bulk_create(
        Invitation(
            partner=partner,
            creator=creator,
            sent_by=sender,
            contact_email="team@agency.example",
            created_at=at,
            expires_at=at + timedelta(days=7),
        )
        for creator in bulk_creators(count)
    )


def _runs_queued() -> list[dict]:
    return list(OutboxMessage.objects.filter(task_name=RUN).values_list("kwargs", flat=True))


# --- The quota rule -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("market", "midnight"),
    [
        ("US", LA_MIDNIGHT),  # America/Los_Angeles, UTC-8 in December
        ("SG", datetime(2026, 12, 1, 16, 0, tzinfo=UTC)),  # Asia/Singapore, UTC+8
    ],
)
def test_the_day_starts_at_midnight_in_the_agency_s_market_on_both_sides(market, midnight):
    before = midnight - timedelta(seconds=1)
    assert partnership_rules.today_starts_at(market, midnight) == midnight
    assert partnership_rules.today_starts_at(market, before) == midnight - timedelta(days=1)
    assert partnership_rules.today_starts_at(market, midnight + timedelta(hours=23)) == midnight


def test_invitations_count_against_the_market_day_they_were_sent_in():
    us = factories.PartnerFactory(market="US")
    sg = factories.PartnerFactory(market="SG")
    sg_midnight = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    for partner, midnight in ((us, LA_MIDNIGHT), (sg, sg_midnight)):
        _use_quota(partner, 3, at=midnight - timedelta(seconds=1))  # yesterday there
        assert selectors.invitations_used_today(partner, midnight - timedelta(seconds=1)) == 3
        assert selectors.invitations_used_today(partner, midnight) == 0
        _use_quota(partner, 2, at=midnight)  # today
        assert selectors.invitations_used_today(partner, midnight + timedelta(hours=23)) == 2


def test_the_quota_reads_used_and_remaining(partner):
    _use_quota(partner, 30)
    quota = selectors.invitation_quota(partner)
    assert (quota.used, quota.limit, quota.left) == (30, 100, 70)
    _use_quota(partner, 80)
    assert selectors.invitation_quota(partner).left == 0


def test_the_finishing_day_counts_today_s_remaining_then_a_full_quota_a_day():
    now = LA_MIDNIGHT + timedelta(hours=1)  # 2 Dec in Los Angeles
    day = date(2026, 12, 2)
    assert invitation_rules.finishing_day("US", now, queued=40, left_today=40) == day
    assert invitation_rules.finishing_day("US", now, queued=41, left_today=40) == date(2026, 12, 3)
    assert invitation_rules.finishing_day("US", now, queued=140, left_today=40) == date(2026, 12, 3)
    assert invitation_rules.finishing_day("US", now, queued=141, left_today=40) == date(2026, 12, 4)
    assert invitation_rules.finishing_day("US", now, queued=250, left_today=0) == date(2026, 12, 5)


# --- Sending beyond the quota ---------------------------------------------------------------


def test_a_send_within_what_is_left_is_sent_at_once(partner, staff):
    _use_quota(partner, 95)
    result = _send(partner, staff, make_creators(5))
    assert isinstance(result, services.SendResult)
    assert result.sent == 5
    assert not Outreach.objects.exists()


def test_a_send_that_would_exceed_the_quota_becomes_an_outreach(
    partner, staff, django_capture_on_commit_callbacks
):
    _use_quota(partner, 97)
    creators = make_creators(5)
    with django_capture_on_commit_callbacks(execute=False):
        outreach = _send(partner, staff, creators)
    assert isinstance(outreach, Outreach)
    assert (outreach.total, outreach.sent, outreach.skipped) == (5, 3, 0)
    assert selectors.invitations_used_today(partner, timezone.now()) == DAILY_INVITATIONS
    rows = list(outreach.creators.order_by("id").values_list("creator_id", "status"))
    assert rows == [(c.pk, "sent") for c in creators[:3]] + [(c.pk, "queued") for c in creators[3:]]
    assert _runs_queued() == [{"partner_id": partner.pk}]


def test_a_form_submitted_twice_makes_one_outreach(partner, staff):
    _use_quota(partner, 100)
    creators = make_creators(3)
    key = __import__("uuid").uuid4()
    first = _send(partner, staff, creators, idempotency_key=key)
    second = _send(partner, staff, creators, idempotency_key=key)
    assert first == second
    assert Outreach.objects.count() == 1


def test_an_outreach_skips_recently_invited_creators_with_the_reason(partner, staff):
    recent, fresh = make_creators(2), make_creators(2)
    for creator in recent:  # invited 3 days ago, declined since
        at = timezone.now() - timedelta(days=3)
        factories.InvitationFactory(
            partner=partner, creator=creator, created_at=at, status="declined", expires_at=at
        )
    _use_quota(partner, 97)
    outreach = _send(partner, staff, [*recent, *fresh])
    assert (outreach.sent, outreach.skipped) == (2, 2)
    skipped = outreach.creators.filter(status="skipped")
    assert {r.skip_reason for r in skipped} == {SkipReason.RECENT}
    assert selectors.outreach_skip_counts(outreach) == {SkipReason.RECENT: 2}


def test_creating_an_outreach_costs_the_same_queries_at_10_and_1000_creators(
    partner, staff, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    _use_quota(partner, DAILY_INVITATIONS)
    small, big = bulk_creators(10), bulk_creators(1_000)
    counts = []
    for creators in (small, big):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            _send(partner, staff, creators)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(counts[0]):
        _send(partner, staff, big)


# --- The daily send (beat) ------------------------------------------------------------------


@pytest.fixture
def big_outreach(partner, staff):
    """250 creators on a day whose quota is already used: all queued."""
    _use_quota(partner, DAILY_INVITATIONS, at=LA_MIDNIGHT - timedelta(hours=1))
    with time_machine.travel(LA_MIDNIGHT - timedelta(minutes=30), tick=False):
        outreach = _send(partner, staff, bulk_creators(250))
    assert (outreach.sent, outreach.queued) == (0, 250)
    OutboxMessage.objects.all().delete()
    return outreach


def _run_beat_at(when):
    with time_machine.travel(when, tick=False):
        services.outreaches_queue_sends()
        for kwargs in _runs_queued():
            services.outreaches_send(**kwargs)
        OutboxMessage.objects.filter(task_name=RUN).delete()


def test_beat_sends_at_most_the_day_s_quota_and_the_first_run_after_midnight_sends_it(
    big_outreach, partner
):
    _run_beat_at(LA_MIDNIGHT - timedelta(minutes=1))  # still yesterday in Los Angeles
    big_outreach.refresh_from_db()
    assert big_outreach.sent == 0
    _run_beat_at(LA_MIDNIGHT + timedelta(minutes=1))
    big_outreach.refresh_from_db()
    assert big_outreach.sent == DAILY_INVITATIONS
    _run_beat_at(LA_MIDNIGHT + timedelta(hours=5))  # the same day: nothing more
    big_outreach.refresh_from_db()
    assert big_outreach.sent == DAILY_INVITATIONS
    _run_beat_at(LA_MIDNIGHT + timedelta(days=1, minutes=1))
    _run_beat_at(LA_MIDNIGHT + timedelta(days=2, minutes=1))
    big_outreach.refresh_from_db()
    assert (big_outreach.sent, big_outreach.status) == (250, "finished")
    assert Invitation.objects.filter(partner=partner).count() == DAILY_INVITATIONS + 250


def test_a_redelivered_send_after_a_crash_sends_nobody_twice(big_outreach, partner):
    """The worker committed its chunk and died before acknowledging the task: the broker hands
    the task to another worker, which runs it again."""
    with time_machine.travel(LA_MIDNIGHT + timedelta(minutes=1), tick=False):
        services.outreaches_send(partner_id=partner.pk, chunk_size=30)
        services.outreaches_send(partner_id=partner.pk, chunk_size=30)  # the redelivery
        services.outreaches_send(partner_id=partner.pk)
    big_outreach.refresh_from_db()
    assert big_outreach.sent == DAILY_INVITATIONS
    sent = OutreachCreator.objects.filter(outreach=big_outreach, status="sent")
    assert sent.count() == DAILY_INVITATIONS
    assert sent.filter(invitation__isnull=True).count() == 0
    creators = Invitation.objects.filter(partner=partner, created_at__gte=LA_MIDNIGHT)
    assert creators.count() == creators.values("creator_id").distinct().count() == 100


def test_a_send_out_of_time_queues_the_rest_with_its_last_chunk(big_outreach, partner):
    with time_machine.travel(LA_MIDNIGHT + timedelta(minutes=1), tick=False):
        services.outreaches_send(partner_id=partner.pk, chunk_size=10, max_seconds=0)
    big_outreach.refresh_from_db()
    assert big_outreach.sent == 10
    assert _runs_queued() == [{"partner_id": partner.pk}]


def test_outreaches_of_one_agency_share_the_quota_oldest_first(big_outreach, partner, staff):
    with time_machine.travel(LA_MIDNIGHT - timedelta(minutes=20), tick=False):
        newer = _send(partner, staff, make_creators(5))
    _run_beat_at(LA_MIDNIGHT + timedelta(minutes=1))
    big_outreach.refresh_from_db()
    newer.refresh_from_db()
    assert (big_outreach.sent, newer.sent) == (100, 0)


def test_a_finished_outreach_notifies_the_agency_once(partner, staff):
    _use_quota(partner, 98)
    outreach = _send(partner, staff, make_creators(3))
    assert outreach.status == "active"
    services.outreaches_send(partner_id=partner.pk)
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        services.outreaches_send(partner_id=partner.pk)
        services.outreaches_send(partner_id=partner.pk)
    outreach.refresh_from_db()
    assert (outreach.status, outreach.sent) == ("finished", 3)
    notices = Notification.objects.filter(kind=Notification.Kind.OUTREACH_FINISHED)
    assert notices.count() == 1
    notice = notices.get()
    assert notice.url == reverse("creators:outreach", args=[outreach.code])
    assert "3 creators has finished: 3 invited, 0 skipped" in notice.text


# --- Pause, resume, cancel ------------------------------------------------------------------


def test_a_paused_outreach_sends_nothing_until_resumed(big_outreach, partner, staff):
    services.outreach_pause(outreach=big_outreach, user=staff)
    _run_beat_at(LA_MIDNIGHT + timedelta(minutes=1))
    big_outreach.refresh_from_db()
    assert (big_outreach.status, big_outreach.sent) == ("paused", 0)
    with time_machine.travel(LA_MIDNIGHT + timedelta(minutes=2), tick=False):
        services.outreach_resume(outreach=big_outreach, user=staff)
    assert _runs_queued() == [{"partner_id": partner.pk}]
    _run_beat_at(LA_MIDNIGHT + timedelta(minutes=3))
    big_outreach.refresh_from_db()
    assert (big_outreach.status, big_outreach.sent) == ("active", 100)


def test_a_cancelled_outreach_sends_no_more_and_cannot_be_resumed(big_outreach, staff):
    services.outreach_cancel(outreach=big_outreach, user=staff)
    _run_beat_at(LA_MIDNIGHT + timedelta(minutes=1))
    big_outreach.refresh_from_db()
    assert (big_outreach.status, big_outreach.sent) == ("cancelled", 0)
    assert big_outreach.finished_at is not None
    with pytest.raises(services.ProposalError):
        services.outreach_resume(outreach=big_outreach, user=staff)
    with pytest.raises(services.ProposalError):
        services.outreach_pause(outreach=big_outreach, user=staff)


def test_only_the_agency_s_team_with_find_creators_may_change_an_outreach(
    big_outreach, partner, other_partner
):
    stranger = factories.MembershipFactory(partner=other_partner).user
    no_find = factories.MembershipFactory(
        partner=partner, team_role=factories.TeamRoleFactory(partner=partner, find_creators=False)
    ).user
    for user in (stranger, no_find):
        with pytest.raises(PermissionDenied):
            services.outreach_pause(outreach=big_outreach, user=user)
    big_outreach.refresh_from_db()
    assert big_outreach.status == "active"


# --- Pages ----------------------------------------------------------------------------------


def test_the_outreach_page_shows_progress_quota_finishing_day_and_answers(
    big_outreach, partner, staff, staff_client
):
    with time_machine.travel(LA_MIDNIGHT + timedelta(minutes=1), tick=False):
        services.outreaches_send(partner_id=partner.pk)
        first = big_outreach.creators.filter(status="sent").order_by("id").first()
        Invitation.objects.filter(pk=first.invitation_id).update(status="accepted")
        response = staff_client.get(reverse("creators:outreach", args=[big_outreach.code]))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<progress max="250" value="100"' in page
    assert "Invitations today: <strong>100</strong> used of 100" in page
    assert "Expected to finish on <strong>4 Dec 2026</strong>" in page
    assert "I'm interested" in page
    assert "Queued" in page and "Pause" in page and "Cancel outreach" in page


def test_the_outreach_pages_are_the_agency_s_own(big_outreach, other_partner, client):
    stranger = factories.MembershipFactory(partner=other_partner).user
    client.force_login(stranger)
    assert client.get(reverse("creators:outreach", args=[big_outreach.code])).status_code == 404
    response = client.post(reverse("creators:outreach_pause", args=[big_outreach.code]))
    assert response.status_code == 404
    big_outreach.refresh_from_db()
    assert big_outreach.status == "active"


def test_pause_resume_cancel_buttons_post_to_the_services(big_outreach, staff_client):
    for action, status in (("pause", "paused"), ("resume", "active"), ("cancel", "cancelled")):
        response = staff_client.post(
            reverse(f"creators:outreach_{action}", args=[big_outreach.code])
        )
        assert response.status_code == 302
        big_outreach.refresh_from_db()
        assert big_outreach.status == status


def test_the_outreach_list_shows_the_agency_s_outreaches_newest_first(
    big_outreach, partner, staff, staff_client
):
    with time_machine.travel(LA_MIDNIGHT - timedelta(minutes=10), tick=False):
        newer = _send(partner, staff, make_creators(2))
    page = staff_client.get(reverse("creators:outreaches")).content.decode()
    assert page.index(str(newer.code)) < page.index(str(big_outreach.code))


def test_find_creators_shows_today_s_quota_and_links_the_outreaches(partner, staff_client):
    _use_quota(partner, 12)
    page = staff_client.get(reverse("creators:find")).content.decode()
    assert (
        "Invitations today: <strong>12</strong> used of 100, <strong>88</strong> remaining" in page
    )
    assert reverse("creators:outreaches") in page
    assert "Select all matching (up to 100,000)" in page


def test_the_invite_form_names_the_recently_invited_and_says_it_becomes_an_outreach(
    partner, staff_client
):
    creators = make_creators(3)
    factories.InvitationFactory(partner=partner, creator=creators[0])
    _use_quota(partner, 98)
    query = "&".join(f"creators={c.code}" for c in creators)
    page = staff_client.get(f"{reverse('creators:invite')}?{query}").content.decode()
    handle = creators[0].tiktok_account.handle
    assert "1 of the selected creators was invited by your agency in the last 7 days" in page
    assert f"@{handle}" in page
    assert "makes an <strong>outreach</strong>" in page


def test_sending_beyond_the_quota_says_what_was_sent_queued_and_skipped(partner, staff_client):
    creators = make_creators(4)
    factories.InvitationFactory(partner=partner, creator=creators[0])
    _use_quota(partner, 97)
    query = "&".join(f"creators={c.code}" for c in creators)
    response = staff_client.post(
        f"{reverse('creators:invite')}?{query}",
        {"purpose": "distribution", "message": "Hi", "contact_email": "team@agency.example"},
        follow=True,
    )
    outreach = Outreach.objects.get()
    assert response.redirect_chain[-1][0] == reverse("creators:outreach", args=[outreach.code])
    text = response.content.decode()
    assert "Outreach of 4 creators: 2 invited now, 1 queued for the following days" in text
    assert "1 skipped (1 already invited, not answered yet)" in text or (
        "1 skipped (1 invited by your agency in the last 7 days)" in text
    )


@pytest.mark.django_db(transaction=True)
def test_two_sends_at_once_never_take_more_than_the_day_s_quota(partner, staff):
    """Both sends count the quota under the partner's lock: the second waits for the first's
    commit, sees what is left and sends only that (the rest becomes an outreach)."""
    import threading

    from django.db import connection

    _use_quota(partner, 40)
    groups = [bulk_creators(50), bulk_creators(50)]
    barrier, results, errors = threading.Barrier(2), [], []

    def send(creators):
        try:
            barrier.wait()
            results.append(_send(partner, staff, creators))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(g,)) for g in groups]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert selectors.invitations_used_today(partner, timezone.now()) == DAILY_INVITATIONS
    kinds = sorted(type(r).__name__ for r in results)
    assert kinds == ["Outreach", "SendResult"]
    outreach = next(r for r in results if isinstance(r, Outreach))
    assert (outreach.total, outreach.sent, outreach.queued) == (50, 10, 40)


def test_a_member_without_find_creators_is_refused_the_outreach_pages(
    big_outreach, partner, client
):
    scout = factories.MembershipFactory(
        partner=partner, team_role=factories.TeamRoleFactory(partner=partner, find_creators=False)
    ).user
    client.force_login(scout)
    for name in ("creators:outreach", "creators:outreach_pause"):
        url = reverse(name, args=[big_outreach.code])
        response = client.post(url) if name.endswith("pause") else client.get(url)
        assert response.status_code == 403
    assert client.get(reverse("creators:outreaches")).status_code == 403
    big_outreach.refresh_from_db()
    assert big_outreach.status == "active"
