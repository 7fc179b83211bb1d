"""Every state transition of a link session, and the audit trail each one writes."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone

from creators.models import Proposal
from linking import eligibility, selectors, services
from linking.models import LinkEvent, LinkSession, LinkToken, TikTokLink
from linking.tasks import expire_link_sessions, refresh_linked_profiles
from tests import factories
from tests.factories import (
    BindingRequestFactory,
    CreatorFactory,
    PartnerFactory,
    TikTokAccountFactory,
    TikTokLinkFactory,
)
from tiktok import services as tiktok_services
from tiktok.models import TikTokAccount

pytestmark = pytest.mark.django_db
Status = LinkSession.Status
Reason = LinkSession.FailureReason
Event = LinkEvent.Event


def _events(**filters):
    return list(LinkEvent.objects.filter(**filters).values_list("event", flat=True))


def _expire(session):
    LinkSession.objects.filter(pk=session.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )


# --- start -------------------------------------------------------------------------------


def test_it_starts_a_pending_session_storing_only_the_tokens_hash(partner, staff, settings):
    settings.LINK_SESSION_TTL_SECONDS = 300
    session, token = services.link_session_start(partner=partner, started_by=staff)
    assert session.status == Status.PENDING
    assert len(token) == 43  # 256 bits, base64url
    (code,) = session.tokens.all()
    assert code.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(LinkToken.objects.values())) + str(
        list(LinkSession.objects.values())
    )
    assert session.expires_at - session.created_at == timedelta(seconds=300)


def test_the_token_cannot_be_derived_from_the_database_alone(partner, staff, settings):
    _session, token = services.link_session_start(partner=partner, started_by=staff)
    code = LinkToken.objects.get()
    assert code.raw == token
    settings.SECRET_KEY = "another-secret-key-than-the-one-the-token-was-derived-with"
    assert code.raw != token


def test_it_gives_every_session_a_different_token(partner, staff):
    tokens = {services.link_session_start(partner=partner, started_by=staff)[1] for _ in range(5)}
    assert len(tokens) == 5


def test_starting_again_supersedes_the_open_session(partner, staff, started, account):
    old, old_token = started
    new, _ = services.link_session_start(partner=partner, started_by=staff)
    old.refresh_from_db()
    assert old.status == Status.SUPERSEDED
    assert new.status == Status.PENDING
    assert old.get_status_display() == "Replaced by a newer QR code"
    with pytest.raises(selectors.TokenReplaced):
        services.link_session_scan(token=old_token, account=account)
    assert LinkToken.objects.filter(session=old).get().seed == ""  # nothing can redraw it
    event = LinkEvent.objects.get(event=Event.SUPERSEDED)
    assert (event.session, event.actor, event.partner) == (old, staff, partner)


def test_starting_again_marks_an_expired_session_expired_not_superseded(partner, staff, started):
    old, _ = started
    _expire(old)
    services.link_session_start(partner=partner, started_by=staff)
    old.refresh_from_db()
    assert old.status == Status.EXPIRED
    assert _events() == []


def test_starting_for_a_linked_partner_starts_nothing(partner, staff):
    TikTokLinkFactory(partner=partner)
    with pytest.raises(services.AlreadyLinked):
        services.link_session_start(partner=partner, started_by=staff)
    assert not LinkSession.objects.exists()


def test_starting_for_a_linked_partner_leaves_its_open_session_as_it_was(partner, staff, started):
    old, _ = started
    TikTokLinkFactory(partner=partner)
    with pytest.raises(services.AlreadyLinked):
        services.link_session_start(partner=partner, started_by=staff)
    assert list(LinkSession.objects.values_list("pk", "status")) == [(old.pk, Status.PENDING)]
    assert _events() == []


# --- scan --------------------------------------------------------------------------------


def test_scanning_marks_the_session_scanned_by_the_account(started, account):
    session, token = started
    services.link_session_scan(token=token, account=account)
    session.refresh_from_db()
    assert session.status == Status.SCANNED
    assert session.tiktok_account == account
    assert session.scanned_at is not None


def test_scanning_twice_with_the_same_account_is_harmless(started, account):
    session, token = started
    services.link_session_scan(token=token, account=account)
    first = LinkSession.objects.get(pk=session.pk).scanned_at
    services.link_session_scan(token=token, account=account)
    assert LinkSession.objects.get(pk=session.pk).scanned_at == first


def test_a_second_account_cannot_take_over_a_scanned_session(started, account):
    _, token = started
    services.link_session_scan(token=token, account=account)
    with pytest.raises(selectors.InvalidToken) as refused:
        services.link_session_scan(token=token, account=TikTokAccountFactory())
    assert type(refused.value) is selectors.InvalidToken  # not told anything more


def test_unknown_tokens_are_invalid(account):
    with pytest.raises(selectors.InvalidToken):
        services.link_session_scan(token="not-a-token", account=account)


def test_expired_tokens_are_invalid_whether_or_not_the_task_ran(started, account):
    session, token = started
    _expire(session)
    assert LinkSession.objects.get(pk=session.pk).current_status == Status.EXPIRED
    with pytest.raises(selectors.InvalidToken):
        services.link_session_scan(token=token, account=account)


@pytest.mark.parametrize("action", ["confirm", "cancel"])
def test_an_expired_session_cannot_be_confirmed_or_cancelled(started, account, action):
    session, token = started
    services.link_session_scan(token=token, account=account)
    _expire(session)
    with pytest.raises(services.NotOpen):
        getattr(services, f"link_session_{action}")(session=session, account=account)


def test_a_used_token_is_invalid(started, account):
    session, token = started
    services.link_session_scan(token=token, account=account)
    services.link_session_confirm(session=session, account=account)
    with pytest.raises(selectors.InvalidToken):
        services.link_session_scan(token=token, account=account)


def test_confirming_needs_a_scan_first(started, account):
    session, _ = started
    with pytest.raises(services.NotOpen):
        services.link_session_confirm(session=session, account=account)


def test_only_the_account_that_scanned_can_confirm_or_cancel(started, account):
    session, token = started
    services.link_session_scan(token=token, account=account)
    stranger = TikTokAccountFactory()
    for action in (services.link_session_confirm, services.link_session_cancel):
        with pytest.raises(services.NotOpen):
            action(session=session, account=stranger)
    assert LinkSession.objects.get(pk=session.pk).status == Status.SCANNED


# --- rotation ----------------------------------------------------------------------------


def _age(session, seconds):
    """Make the session's current code `seconds` old."""
    LinkToken.objects.filter(session=session).update(
        created_at=timezone.now() - timedelta(seconds=seconds)
    )


def test_a_code_younger_than_the_period_is_kept(started, settings):
    settings.LINK_QR_ROTATE_SECONDS = 60
    session, token = started
    _age(session, 59)
    assert services.link_token_rotate(session=session).raw == token
    assert session.tokens.count() == 1


def test_a_code_as_old_as_the_period_is_replaced_and_only_the_newest_scans(
    started, account, settings
):
    settings.LINK_QR_ROTATE_SECONDS = 60
    session, old_token = started
    _age(session, 60)
    new = services.link_token_rotate(session=session)
    assert new.raw not in ("", old_token) and len(new.raw) == 43
    old = session.tokens.exclude(pk=new.pk).get()
    assert old.replaced_at is not None and old.seed == ""
    with pytest.raises(selectors.TokenReplaced):
        services.link_session_scan(token=old_token, account=account)
    assert LinkSession.objects.get(pk=session.pk).status == Status.PENDING
    services.link_session_scan(token=new.raw, account=account)
    assert LinkSession.objects.get(pk=session.pk).status == Status.SCANNED


def test_it_rotates_for_as_long_as_the_session_waits_for_a_scan(started, account, settings):
    settings.LINK_QR_ROTATE_SECONDS = 60
    session, token = started
    for _ in range(4):
        _age(session, 61)
        token = services.link_token_rotate(session=session).raw
    assert session.tokens.filter(replaced_at__isnull=True).count() == 1
    assert session.tokens.count() == 5
    services.link_session_scan(token=token, account=account)
    _age(session, 61)
    assert services.link_token_rotate(session=session) is None  # scanned: no more codes
    _expire(session)
    assert services.link_token_rotate(session=session) is None
    assert session.tokens.count() == 5


def test_a_code_without_its_seed_still_scans_but_is_not_drawn(started, account, settings):
    """As the codes on screen when the tokens moved to LinkToken (migration 0005)."""
    settings.LINK_QR_ROTATE_SECONDS = 60
    session, _ = started
    token = "a-token-from-before-the-upgrade"
    LinkToken.objects.filter(session=session).update(seed="", token_hash=LinkToken.hash(token))
    assert selectors.current_token(session) is None
    fresh = services.link_token_rotate(session=session)  # the page's next ask draws a new one
    assert fresh.seed and selectors.current_token(session) == fresh
    LinkToken.objects.filter(pk=fresh.pk).delete()
    LinkToken.objects.filter(session=session).update(replaced_at=None)
    assert services.link_session_scan(token=token, account=account).status == Status.SCANNED


def test_a_finished_session_keeps_no_seed(started, account):
    session, token = started
    services.link_session_scan(token=token, account=account)
    services.link_session_cancel(session=session, account=account)
    assert list(session.tokens.values_list("seed", flat=True)) == [""]


def test_the_expiry_task_drops_the_seeds_of_what_it_expires(started):
    session, _ = started
    _expire(session)
    expire_link_sessions.delay()
    assert list(session.tokens.values_list("seed", flat=True)) == [""]


# --- Not our account ---------------------------------------------------------------------


def test_rejecting_a_scan_ends_it_records_it_and_starts_a_fresh_session(
    partner, staff, started, account
):
    session, token = started
    services.link_session_scan(token=token, account=account)
    colleague = factories.MembershipFactory(partner=partner).user

    fresh = services.link_session_reject(session=session, actor=colleague)

    session.refresh_from_db()
    assert session.status == Status.REJECTED and session.finished_at is not None
    assert (fresh.status, fresh.started_by, fresh.partner) == (Status.PENDING, colleague, partner)
    assert fresh.tokens.get().seed
    event = LinkEvent.objects.get(event=Event.REJECTED)
    assert (event.session, event.actor, event.tiktok_account) == (session, colleague, account)
    with pytest.raises(selectors.ScanRejected):
        services.link_session_scan(token=token, account=account)
    with pytest.raises(services.NotOpen):
        services.link_session_confirm(session=session, account=account)
    assert not TikTokLink.objects.exists()


def test_only_its_scanner_learns_that_the_scan_was_rejected(started, account, staff):
    session, token = started
    services.link_session_scan(token=token, account=account)
    services.link_session_reject(session=session, actor=staff)
    with pytest.raises(selectors.InvalidToken) as refused:
        services.link_session_scan(token=token, account=TikTokAccountFactory())
    assert type(refused.value) is selectors.InvalidToken


@pytest.mark.parametrize("state", ["pending", "linked", "expired"])
def test_there_is_nothing_to_reject_unless_scanned(started, account, staff, state):
    session, token = started
    if state == "linked":
        services.link_session_scan(token=token, account=account)
        services.link_session_confirm(session=session, account=account)
    elif state == "expired":
        services.link_session_scan(token=token, account=account)
        _expire(session)
    before = list(LinkSession.objects.values_list("pk", "status"))
    with pytest.raises(services.NothingToReject):
        services.link_session_reject(session=session, actor=staff)
    assert list(LinkSession.objects.values_list("pk", "status")) == before
    assert not LinkEvent.objects.filter(event=Event.REJECTED).exists()


def test_rejecting_for_a_partner_linked_meanwhile_starts_nothing(partner, started, account, staff):
    session, token = started
    services.link_session_scan(token=token, account=account)
    TikTokLinkFactory(partner=partner)
    assert services.link_session_reject(session=session, actor=staff) is None
    assert list(LinkSession.objects.values_list("status", flat=True)) == [Status.REJECTED]


# --- confirm -----------------------------------------------------------------------------


def test_confirming_links_the_account_and_records_it(partner, staff, started, account):
    session, token = started
    services.link_session_scan(token=token, account=account)
    session = services.link_session_confirm(session=session, account=account)
    assert session.status == Status.LINKED
    link = TikTokLink.objects.get()
    assert (link.partner, link.tiktok_account, link.linked_by, link.session) == (
        partner,
        account,
        staff,
        session,
    )
    event = LinkEvent.objects.get()
    assert (event.event, event.actor, event.tiktok_account) == (Event.LINKED, staff, account)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"birth_date": timezone.now().date() - timedelta(days=365 * 17)}, Reason.UNDER_18),
        ({"status": TikTokAccount.Status.SUSPENDED}, Reason.SUSPENDED),
        ({"violation_count": 2}, Reason.VIOLATION_HISTORY),
        ({"affiliation": TikTokAccount.Affiliation.OTHER_AGENCY}, Reason.OTHER_AGENCY),
        ({"affiliation": TikTokAccount.Affiliation.CREATOR_NETWORK}, Reason.CREATOR_NETWORK),
    ],
)
def test_an_ineligible_account_fails_the_session_with_the_reason(started, fields, reason):
    session, token = started
    account = TikTokAccountFactory(**fields)
    services.link_session_scan(token=token, account=account)
    session = services.link_session_confirm(session=session, account=account)
    assert (session.status, session.failure_reasons) == (Status.FAILED, [reason])
    assert not TikTokLink.objects.exists()
    event = LinkEvent.objects.get()
    assert event.event == Event.FAILED and event.tiktok_account == account
    assert event.reason == eligibility.PROBLEMS[reason].message


def test_it_records_every_failed_requirement_on_the_session_and_in_the_audit_trail(started):
    session, token = started
    account = TikTokAccountFactory(
        status=TikTokAccount.Status.SUSPENDED,
        violation_count=1,
        account_type=TikTokAccount.AccountType.BUSINESS,
    )
    services.link_session_scan(token=token, account=account)
    session = services.link_session_confirm(session=session, account=account)
    reasons = [Reason.SUSPENDED, Reason.VIOLATION_HISTORY, Reason.BUSINESS_ACCOUNT]
    # A business account among other failures does not keep the session open.
    assert (session.status, session.failure_reasons) == (Status.FAILED, reasons)
    session.refresh_from_db()
    assert session.failure_reasons == reasons
    reason = LinkEvent.objects.get(event=Event.FAILED).reason
    for failed in reasons:
        assert eligibility.PROBLEMS[failed].message in reason


def test_a_creator_bound_to_another_agency_cannot_become_an_agencys_account(partner, started):
    creator = CreatorFactory()
    BindingRequestFactory(creator=creator, status=Proposal.Status.ACCEPTED)
    session, token = started
    services.link_session_scan(token=token, account=creator.tiktok_account)
    session = services.link_session_confirm(session=session, account=creator.tiktok_account)
    assert (session.status, session.failure_reasons) == (Status.FAILED, [Reason.OTHER_AGENCY])
    assert not TikTokLink.objects.filter(partner=partner).exists()


def test_an_account_linked_elsewhere_fails(started, account):
    TikTokLinkFactory(partner=PartnerFactory(), tiktok_account=account)
    session, token = started
    services.link_session_scan(token=token, account=account)
    session = services.link_session_confirm(session=session, account=account)
    assert (session.status, session.failure_reasons) == (Status.FAILED, [Reason.LINKED_ELSEWHERE])


def test_a_partner_already_linked_fails(partner, started, account):
    TikTokLinkFactory(partner=partner)
    session, token = started
    services.link_session_scan(token=token, account=account)
    session = services.link_session_confirm(session=session, account=account)
    assert (session.status, session.failure_reasons) == (
        Status.FAILED,
        [Reason.PARTNER_ALREADY_LINKED],
    )


def test_a_business_account_can_switch_and_confirm_the_same_session(started):
    session, token = started
    account = TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    services.link_session_scan(token=token, account=account)

    session = services.link_session_confirm(session=session, account=account)
    assert (session.status, session.failure_reasons) == (
        Status.SCANNED,
        [Reason.BUSINESS_ACCOUNT],
    )
    assert _events() == [Event.FAILED]

    tiktok_services.tiktok_account_switch_to_personal(account=account)
    session = services.link_session_confirm(session=session, account=account)
    assert (session.status, session.failure_reasons) == (Status.LINKED, [])
    assert TikTokLink.objects.filter(tiktok_account=account).exists()


def test_switching_to_personal_is_idempotent(account):
    account.account_type = TikTokAccount.AccountType.BUSINESS
    account.save()
    tiktok_services.tiktok_account_switch_to_personal(account=account)
    tiktok_services.tiktok_account_switch_to_personal(account=account)
    account.refresh_from_db()
    assert account.account_type == TikTokAccount.AccountType.PERSONAL


# --- cancel and expire -------------------------------------------------------------------


def test_cancelling_finishes_the_session_and_records_it(started, account):
    session, token = started
    services.link_session_scan(token=token, account=account)
    session = services.link_session_cancel(session=session, account=account)
    assert session.status == Status.CANCELLED
    assert _events(tiktok_account=account) == [Event.CANCELLED]


def test_the_expiry_task_marks_only_sessions_past_their_time(partner, staff, started):
    old, _ = started
    _expire(old)
    other = factories.MembershipFactory()
    fresh, _ = services.link_session_start(partner=other.partner, started_by=other.user)
    assert expire_link_sessions.delay().get() == 1
    assert expire_link_sessions.delay().get() == 0
    assert LinkSession.objects.get(pk=old.pk).status == Status.EXPIRED
    assert LinkSession.objects.get(pk=fresh.pk).status == Status.PENDING


# --- unlink ------------------------------------------------------------------------------


def test_unlinking_needs_a_reason(partner, staff):
    TikTokLinkFactory(partner=partner)
    with pytest.raises(ValueError):
        services.tiktok_link_unlink(partner=partner, actor=staff, reason="  ")
    assert TikTokLink.objects.exists()


def test_unlinking_removes_the_link_records_it_and_allows_linking_again(partner, staff, account):
    manager = partner.account_manager
    TikTokLinkFactory(partner=partner, tiktok_account=account)
    services.tiktok_link_unlink(partner=partner, actor=manager, reason="Agency rebrand")
    assert not TikTokLink.objects.exists()
    event = LinkEvent.objects.get()
    assert (event.event, event.actor, event.reason, event.tiktok_account) == (
        Event.UNLINKED,
        manager,
        "Agency rebrand",
        account,
    )
    session, token = services.link_session_start(partner=partner, started_by=staff)
    services.link_session_scan(token=token, account=account)
    assert services.link_session_confirm(session=session, account=account).status == Status.LINKED


def test_unlinking_an_unlinked_partner_says_so(partner, staff):
    with pytest.raises(services.NotLinked):
        services.tiktok_link_unlink(partner=partner, actor=staff, reason="Mistake")


# --- figures -----------------------------------------------------------------------------


def test_refreshing_stores_the_figures_the_tiktok_side_reports(partner, account):
    link = TikTokLinkFactory(partner=partner, tiktok_account=account)
    TikTokAccount.objects.filter(pk=account.pk).update(followers=99_000, likes=5)
    assert refresh_linked_profiles.delay().get() == 1
    assert refresh_linked_profiles.delay().get() == 1
    link.refresh_from_db()
    assert (link.followers, link.likes) == (99_000, 5)
    assert link.figures_refreshed_at is not None


def test_only_a_member_whose_role_grants_the_link_can_start_a_session(partner, staff):
    from django.core.exceptions import PermissionDenied

    scout = factories.TeamRoleFactory(partner=partner, profile=False)
    member = factories.MembershipFactory(partner=partner, team_role=scout).user
    with pytest.raises(PermissionDenied, match="Account & TikTok link"):
        services.link_session_start(partner=partner, started_by=member)
    assert not LinkSession.objects.exists()
