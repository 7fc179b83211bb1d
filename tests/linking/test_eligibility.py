from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Partner
from creators.models import Proposal
from linking import eligibility
from linking.models import LinkSession
from tests.factories import (
    BindingRequestFactory,
    CreatorFactory,
    LinkFactory,
    LinkSessionFactory,
    PartnerFactory,
    TikTokAccountFactory,
    TikTokLinkFactory,
)
from tiktok.models import TikTokAccount

pytestmark = pytest.mark.django_db
Reason = LinkSession.FailureReason
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


def _check(account, partner):
    return eligibility.failure_reasons(account=account, partner=partner, now=NOW)


def test_it_passes_an_eligible_personal_account(partner, account):
    assert _check(account, partner) == []


def test_it_refuses_the_day_before_the_18th_birthday(partner):
    account = TikTokAccountFactory(birth_date=date(2008, 11, 23))
    assert _check(account, partner) == [Reason.UNDER_18]


def test_it_accepts_on_the_18th_birthday(partner):
    account = TikTokAccountFactory(birth_date=date(2008, 11, 22))
    assert _check(account, partner) == []


def test_it_refuses_a_suspended_account(partner):
    account = TikTokAccountFactory(status=TikTokAccount.Status.SUSPENDED)
    assert _check(account, partner) == [Reason.SUSPENDED]


def test_it_refuses_an_account_with_violations(partner):
    account = TikTokAccountFactory(violation_count=1)
    assert _check(account, partner) == [Reason.VIOLATION_HISTORY]


def test_it_refuses_a_registered_business_account(partner):
    account = TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    assert _check(account, partner) == [Reason.BUSINESS_ACCOUNT]


def test_it_refuses_an_account_linked_with_another_agency(partner):
    account = TikTokAccountFactory(affiliation=TikTokAccount.Affiliation.OTHER_AGENCY)
    assert _check(account, partner) == [Reason.OTHER_AGENCY]


def test_it_refuses_an_account_in_the_creator_network(partner):
    account = TikTokAccountFactory(affiliation=TikTokAccount.Affiliation.CREATOR_NETWORK)
    assert _check(account, partner) == [Reason.CREATOR_NETWORK]


def test_it_refuses_an_account_linked_to_another_partner(partner, account):
    TikTokLinkFactory(partner=PartnerFactory(), tiktok_account=account)
    assert _check(account, partner) == [Reason.LINKED_ELSEWHERE]


def test_it_refuses_when_this_partner_is_already_linked(partner, account):
    TikTokLinkFactory(partner=partner)
    assert _check(account, partner) == [Reason.PARTNER_ALREADY_LINKED]


def test_it_does_not_call_this_partners_own_link_another_partner_account(partner, account):
    TikTokLinkFactory(partner=partner, tiktok_account=account)
    assert _check(account, partner) == [Reason.PARTNER_ALREADY_LINKED]


def test_it_lists_every_failed_requirement_in_one_fixed_order(partner):
    TikTokLinkFactory(partner=partner)
    account = TikTokAccountFactory(
        birth_date=date(2010, 1, 1),
        status=TikTokAccount.Status.SUSPENDED,
        violation_count=2,
        affiliation=TikTokAccount.Affiliation.CREATOR_NETWORK,
        account_type=TikTokAccount.AccountType.BUSINESS,
    )
    TikTokLinkFactory(tiktok_account=account)
    BindingRequestFactory(
        creator=CreatorFactory(tiktok_account=account), status=Proposal.Status.ACCEPTED
    )
    assert _check(account, partner) == [
        Reason.PARTNER_ALREADY_LINKED,
        Reason.UNDER_18,
        Reason.SUSPENDED,
        Reason.VIOLATION_HISTORY,
        Reason.OTHER_AGENCY,
        Reason.CREATOR_NETWORK,
        Reason.LINKED_ELSEWHERE,
        Reason.BUSINESS_ACCOUNT,
    ]
    assert list(eligibility.PROBLEMS) == Reason.values


def test_it_keeps_the_session_open_only_for_a_business_account_alone():
    assert eligibility.only_fixable_in_the_app([Reason.BUSINESS_ACCOUNT])
    assert not eligibility.only_fixable_in_the_app([Reason.SUSPENDED, Reason.BUSINESS_ACCOUNT])
    assert not eligibility.only_fixable_in_the_app([])


def test_every_reason_has_its_own_message_and_remedy():
    problems = [eligibility.PROBLEMS[reason] for reason in Reason.values]
    assert len({p.message for p in problems}) == len(problems)
    assert len({p.remedy for p in problems}) == len(problems)
    assert all(p.remedy for p in problems)
    business = eligibility.PROBLEMS[Reason.BUSINESS_ACCOUNT]
    assert "Switch to Personal Account" in business.remedy
    assert business.remedy_url_name == "tiktok:switch_to_personal"


# --- Agency-creator links (issue 22.6) ----------------------------------------------------


def _creator_bound_to(agency, status=Proposal.Status.ACCEPTED, **fields):
    creator = CreatorFactory(tiktok_account=TikTokAccountFactory())
    BindingRequestFactory(partner=agency, creator=creator, status=status, **fields)
    return creator.tiktok_account


def test_it_refuses_a_creator_bound_to_another_agency_as_linked_with_another_agency(partner):
    account = _creator_bound_to(PartnerFactory())
    assert _check(account, partner) == [Reason.OTHER_AGENCY]
    assert eligibility.PROBLEMS[Reason.OTHER_AGENCY].message == (
        "The TikTok account is linked with another agency."
    )


def test_it_passes_an_unbound_creator(partner):
    CreatorFactory(tiktok_account=(account := TikTokAccountFactory()))
    assert _check(account, partner) == []


@pytest.mark.parametrize(
    "status",
    [Proposal.Status.PENDING, Proposal.Status.DECLINED, Proposal.Status.CANCELLED],
)
def test_it_ignores_a_binding_request_that_is_not_a_live_link(partner, status):
    assert _check(_creator_bound_to(PartnerFactory(), status), partner) == []


def test_it_ignores_a_request_past_its_expiry_whether_or_not_the_task_ran(partner):
    lapsed = _creator_bound_to(
        PartnerFactory(), Proposal.Status.PENDING, expires_at=NOW - timedelta(seconds=1)
    )
    assert _check(lapsed, partner) == []


def test_it_lets_a_creator_bound_to_this_agency_become_its_official_account(partner):
    # The requirement is "not linked with *another* agency": this one is the agency itself.
    assert _check(_creator_bound_to(partner), partner) == []


def test_it_refuses_a_creator_bound_to_this_agency_and_another(partner):
    account = _creator_bound_to(partner)
    BindingRequestFactory(
        partner=PartnerFactory(), creator=account.creator, status=Proposal.Status.ACCEPTED
    )
    assert _check(account, partner) == [Reason.OTHER_AGENCY]


def test_it_counts_the_other_agency_flag_and_a_binding_as_one_failure(partner):
    account = _creator_bound_to(PartnerFactory())
    TikTokAccount.objects.filter(pk=account.pk).update(
        affiliation=TikTokAccount.Affiliation.OTHER_AGENCY
    )
    account.refresh_from_db()
    assert _check(account, partner) == [Reason.OTHER_AGENCY]


# --- What a session shows now -------------------------------------------------------------

BUSINESS = TikTokAccount.AccountType.BUSINESS
PERSONAL = TikTokAccount.AccountType.PERSONAL


def _session(reasons: list[str], account_type: str = PERSONAL, **account):
    return LinkSessionFactory(
        status=LinkSession.Status.SCANNED,
        failure_reasons=reasons,
        tiktok_account=TikTokAccountFactory(account_type=account_type, **account),
    )


def _problems(*reasons):
    return [eligibility.PROBLEMS[reason] for reason in reasons]


def test_it_shows_no_problem_before_a_failed_connect_now(db):
    session = _session([], BUSINESS)
    assert eligibility.current_problems(session) == []
    assert not eligibility.problems_fixed(session)


def test_it_shows_a_business_account_problem_until_it_switches(db):
    session = _session([Reason.BUSINESS_ACCOUNT], BUSINESS)
    assert eligibility.current_problems(session) == _problems(Reason.BUSINESS_ACCOUNT)
    assert not eligibility.problems_fixed(session)


def test_it_drops_a_business_account_problem_once_switched_to_personal(db):
    session = _session([Reason.BUSINESS_ACCOUNT], PERSONAL)
    assert eligibility.current_problems(session) == []
    assert eligibility.problems_fixed(session)


def test_it_drops_only_the_business_account_problem_from_a_list(db):
    session = _session([Reason.SUSPENDED, Reason.BUSINESS_ACCOUNT], PERSONAL)
    assert eligibility.current_problems(session) == _problems(Reason.SUSPENDED)
    assert not eligibility.problems_fixed(session)
    session = _session([Reason.SUSPENDED, Reason.BUSINESS_ACCOUNT], BUSINESS)
    assert eligibility.current_problems(session) == _problems(
        Reason.SUSPENDED, Reason.BUSINESS_ACCOUNT
    )


@pytest.mark.parametrize("reason", [r for r in Reason.values if r != Reason.BUSINESS_ACCOUNT])
def test_it_keeps_every_other_failure_whatever_the_account_type(db, reason):
    session = _session([reason], PERSONAL)
    assert eligibility.current_problems(session) == _problems(reason)
    assert not eligibility.problems_fixed(session)


def test_it_refuses_kofi_cooks_bound_to_northstar_as_shoplifts_account(db):
    """The audit's case (issue 22.6), on the demo data."""
    call_command("seed_demo", "--creators", "0", stdout=StringIO())
    kofi = TikTokAccount.objects.get(handle="kofi.cooks")
    shoplift = Partner.objects.get(name="Shoplift Affiliates")
    assert eligibility.failure_reasons(account=kofi, partner=shoplift, now=timezone.now()) == [
        Reason.OTHER_AGENCY
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"link_expires_at": NOW - timedelta(seconds=1)},  # past its expiry, task or no task
        {"end_reason": "unlinked", "ended_at": NOW},
        {"end_reason": "link_expired", "ended_at": NOW},
    ],
)
def test_it_ignores_a_link_that_has_ended(partner, fields):
    creator = CreatorFactory(tiktok_account=TikTokAccountFactory())
    LinkFactory(
        partner=PartnerFactory(),
        creator=creator,
        created_at=NOW - timedelta(days=30),
        **fields,
    )
    assert _check(creator.tiktok_account, partner) == []


def test_it_still_refuses_a_creator_whose_unlink_request_is_open(partner):
    creator = CreatorFactory(tiktok_account=TikTokAccountFactory())
    LinkFactory(
        partner=PartnerFactory(),
        creator=creator,
        created_at=NOW - timedelta(days=10),
        unlink_raised_by="creator",
        unlink_reason="Moving on",
        unlink_expires_at=NOW + timedelta(days=3),
    )
    assert _check(creator.tiktok_account, partner) == [Reason.OTHER_AGENCY]
