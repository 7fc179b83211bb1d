"""Who may link: the requirements checked when the TikTok user taps **Connect Now**.

Each failure is a named `LinkSession.FailureReason` with its own message and remedy, shown
on the phone and in Partner Center. This module is the one place these rules live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from accounts.models import Partner
from tiktok.models import TikTokAccount

from .models import LinkSession, TikTokLink

Reason = LinkSession.FailureReason
MINIMUM_AGE = 18

# What the Partner Center page lists as requirements, in the product's words.
REQUIREMENTS = [
    "The account holder is at least 18 years old.",
    "The account is active and has no violation history.",
    "The account is not a registered business account.",
    "The account is not linked with another agency or with the Creator Network.",
]


@dataclass(frozen=True)
class Problem:
    reason: str
    message: str
    remedy: str
    # The simulated app's screen that fixes it, when there is one (a URL name).
    remedy_url_name: str = ""


PROBLEMS: dict[str, Problem] = {
    Reason.UNDER_18: Problem(
        Reason.UNDER_18,
        "The TikTok account holder must be at least 18 years old.",
        "Link an account held by an adult, such as your agency's official account.",
    ),
    Reason.NOT_IN_GOOD_STANDING: Problem(
        Reason.NOT_IN_GOOD_STANDING,
        "The TikTok account is suspended or has a violation history.",
        "Link an active account with no violations.",
    ),
    Reason.BUSINESS_ACCOUNT: Problem(
        Reason.BUSINESS_ACCOUNT,
        "The TikTok account is a registered business account.",
        "In TikTok, go to Settings and privacy → Account → Switch to Personal Account → "
        "Switch anyway, then tap Connect Now again.",
        "tiktok:switch_to_personal",
    ),
    Reason.AFFILIATED: Problem(
        Reason.AFFILIATED,
        "The TikTok account is already linked with another agency or with the Creator Network.",
        "Link an account that no other agency or the Creator Network manages.",
    ),
    Reason.PARTNER_ALREADY_LINKED: Problem(
        Reason.PARTNER_ALREADY_LINKED,
        "This Partner Center account already has a linked TikTok account.",
        "To change it, contact your account manager.",
    ),
}


def current_problem(session: LinkSession) -> Problem | None:
    """What stands between `session` and a link now: the one answer the phone and the Partner
    Center page both show.

    The reason is stored when Connect Now fails. A registered business account leaves the
    session open so the user can switch it to personal in the app; once they have, that stored
    failure no longer applies, although nothing in linking has changed yet.
    """
    problem = PROBLEMS.get(session.failure_reason) if session.failure_reason else None
    account = session.tiktok_account
    if (
        problem is not None
        and problem.reason == Reason.BUSINESS_ACCOUNT
        and account is not None
        and account.account_type != TikTokAccount.AccountType.BUSINESS
    ):
        return None
    return problem


def problem_fixed(session: LinkSession) -> bool:
    """Connect Now failed, and the account has since fixed what stood in the way."""
    return bool(session.failure_reason) and current_problem(session) is None


def failure_reason(*, account: TikTokAccount, partner: Partner, today: date) -> str | None:
    """The first requirement `account` fails for linking to `partner`, or None.

    A registered business account is checked last: it is the one failure the user can fix
    in the app, so we only send them to fix it when nothing else stands in the way.
    """
    if TikTokLink.objects.filter(partner=partner).exists():
        return Reason.PARTNER_ALREADY_LINKED
    if account.age_on(today) < MINIMUM_AGE:
        return Reason.UNDER_18
    if account.status != TikTokAccount.Status.ACTIVE or account.violation_count > 0:
        return Reason.NOT_IN_GOOD_STANDING
    if (
        account.affiliation != TikTokAccount.Affiliation.NONE
        or TikTokLink.objects.filter(tiktok_account=account).exists()
    ):
        return Reason.AFFILIATED
    if account.account_type == TikTokAccount.AccountType.BUSINESS:
        return Reason.BUSINESS_ACCOUNT
    return None
