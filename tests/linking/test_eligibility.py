from __future__ import annotations

from datetime import date

import pytest

from linking import eligibility
from linking.models import LinkSession
from tests.factories import (
    LinkSessionFactory,
    PartnerFactory,
    TikTokAccountFactory,
    TikTokLinkFactory,
)
from tiktok.models import TikTokAccount

pytestmark = pytest.mark.django_db
Reason = LinkSession.FailureReason
TODAY = date(2026, 11, 22)


def _check(account, partner):
    return eligibility.failure_reason(account=account, partner=partner, today=TODAY)


def test_it_passes_an_eligible_personal_account(partner, account):
    assert _check(account, partner) is None


def test_it_refuses_the_day_before_the_18th_birthday(partner):
    account = TikTokAccountFactory(birth_date=date(2008, 11, 23))
    assert _check(account, partner) == Reason.UNDER_18


def test_it_accepts_on_the_18th_birthday(partner):
    account = TikTokAccountFactory(birth_date=date(2008, 11, 22))
    assert _check(account, partner) is None


def test_it_refuses_a_suspended_account(partner):
    account = TikTokAccountFactory(status=TikTokAccount.Status.SUSPENDED)
    assert _check(account, partner) == Reason.NOT_IN_GOOD_STANDING


def test_it_refuses_an_account_with_violations(partner):
    account = TikTokAccountFactory(violation_count=1)
    assert _check(account, partner) == Reason.NOT_IN_GOOD_STANDING


def test_it_refuses_a_registered_business_account(partner):
    account = TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    assert _check(account, partner) == Reason.BUSINESS_ACCOUNT


@pytest.mark.parametrize(
    "affiliation",
    [TikTokAccount.Affiliation.OTHER_AGENCY, TikTokAccount.Affiliation.CREATOR_NETWORK],
)
def test_it_refuses_an_affiliated_account(partner, affiliation):
    account = TikTokAccountFactory(affiliation=affiliation)
    assert _check(account, partner) == Reason.AFFILIATED


def test_it_refuses_an_account_linked_to_another_partner(partner, account):
    TikTokLinkFactory(partner=PartnerFactory(), tiktok_account=account)
    assert _check(account, partner) == Reason.AFFILIATED


def test_it_refuses_when_this_partner_is_already_linked(partner, account):
    TikTokLinkFactory(partner=partner)
    assert _check(account, partner) == Reason.PARTNER_ALREADY_LINKED


def test_it_reports_a_business_account_only_when_nothing_else_is_wrong(partner):
    account = TikTokAccountFactory(
        account_type=TikTokAccount.AccountType.BUSINESS, violation_count=2
    )
    assert _check(account, partner) == Reason.NOT_IN_GOOD_STANDING


def test_every_reason_has_its_own_message_and_remedy():
    problems = [eligibility.PROBLEMS[reason] for reason in Reason.values]
    assert len({p.message for p in problems}) == len(problems)
    assert all(p.remedy for p in problems)
    business = eligibility.PROBLEMS[Reason.BUSINESS_ACCOUNT]
    assert "Switch to Personal Account" in business.remedy
    assert business.remedy_url_name == "tiktok:switch_to_personal"


# --- What a session shows now -------------------------------------------------------------

BUSINESS = TikTokAccount.AccountType.BUSINESS
PERSONAL = TikTokAccount.AccountType.PERSONAL


def _session(reason: str, account_type: str = PERSONAL, **account):
    return LinkSessionFactory(
        status=LinkSession.Status.SCANNED,
        failure_reason=reason,
        tiktok_account=TikTokAccountFactory(account_type=account_type, **account),
    )


def test_a_session_without_a_failed_connect_now_shows_no_problem(db):
    session = _session("", BUSINESS)
    assert eligibility.current_problem(session) is None
    assert not eligibility.problem_fixed(session)


def test_a_business_account_shows_its_problem_until_it_switches(db):
    session = _session(Reason.BUSINESS_ACCOUNT, BUSINESS)
    assert eligibility.current_problem(session) == eligibility.PROBLEMS[Reason.BUSINESS_ACCOUNT]
    assert not eligibility.problem_fixed(session)


def test_a_business_account_switched_to_personal_shows_no_problem(db):
    session = _session(Reason.BUSINESS_ACCOUNT, PERSONAL)
    assert eligibility.current_problem(session) is None
    assert eligibility.problem_fixed(session)


@pytest.mark.parametrize("reason", [r for r in Reason.values if r != Reason.BUSINESS_ACCOUNT])
def test_every_other_failure_stays_whatever_the_account_type(db, reason):
    session = _session(reason, PERSONAL)
    assert eligibility.current_problem(session) == eligibility.PROBLEMS[reason]
    assert not eligibility.problem_fixed(session)


@pytest.mark.parametrize(
    ("cap", "tap", "label"),
    [
        (True, True, "Creator Agency Partner"),
        (True, False, "Creator Agency Partner"),
        (False, True, "TikTok Shop Affiliate Partner"),
    ],
)
def test_the_badge_shows_the_partner_label(client, cap, tap, label):
    link = TikTokLinkFactory(partner=PartnerFactory(is_cap=cap, is_tap=tap))
    assert link.partner.partner_label == label
    response = client.get(link.tiktok_account.profile_url)
    assert f'<span class="badge badge-label">{label}</span>' in response.text
