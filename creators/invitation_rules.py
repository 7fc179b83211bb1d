"""The agency invitation's rules, as TikTok's Partner Center sets them: the purpose follows the
agency's programme, the message is at most MAX_WORDS words, at least one contact method, and an
unanswered invitation expires after INVITATION_DAYS. The form and the service both ask here; the
database constraints on `Invitation` have the last word."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models

from accounts.models import Partner

from . import partnership_rules

MAX_WORDS = 500
INVITATION_DAYS = 7
# One agency invites one creator at most once in this long, whatever the answer.
REINVITE_AFTER = timedelta(days=7)
# At most this many invitations per agency per day (CAP and TAP together), the day being the
# agency's market day: past it, an outreach sends the rest on the following days.
DAILY_INVITATIONS = 100
# Digits with an optional leading +, spaces, dashes, dots and brackets between: 7 to 15 digits
# (E.164 allows at most 15).
_PHONE = re.compile(r"\+?[\d\s().-]+")
MIN_DIGITS, MAX_DIGITS = 7, 15
CONTACT_FIELDS = ("contact_whatsapp", "contact_email", "contact_phone")


class SkipReason(models.TextChoices):
    """Why a send skipped a creator, in the words the sender reads."""

    INVITED = "invited", "already invited, not answered yet"
    RECENT = "recent", "invited by your agency in the last 7 days"
    BOUND = "bound", "already linked with your agency"
    ASKED = "asked", "already asked, not answered yet"
    GONE = "gone", "no longer in the directory"


class Purpose(models.TextChoices):
    """What the agency invites the creator to: CAP agencies to a long-term partnership, TAP
    agencies to distribute products."""

    PARTNERSHIP = "partnership", "Establishing a long-term partnership (CAP)"
    DISTRIBUTION = "distribution", "Inviting the creator for product distribution (TAP)"


def purposes_for(partner: Partner) -> list[Purpose]:
    """The purposes this agency may choose: one per programme it takes part in."""
    return [
        p
        for p, on in ((Purpose.PARTNERSHIP, partner.is_cap), (Purpose.DISTRIBUTION, partner.is_tap))
        if on
    ]


def word_count(text: str) -> int:
    return len(text.split())


def validate_message(text: str) -> None:
    count = word_count(text)
    if count > MAX_WORDS:
        raise ValidationError(
            f"Keep the message to at most {MAX_WORDS} words (it has {count:,}).", code="words"
        )


def validate_phone(value: str) -> None:
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.fullmatch(value) or not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise ValidationError(
            f"Enter a phone number of {MIN_DIGITS} to {MAX_DIGITS} digits, such as +44 20 7946 0958.",
            code="phone",
        )


def contact_problems(*, whatsapp: str, email: str, phone: str) -> dict[str, str]:
    """What is wrong with the contact information, by field ("" for the whole): empty means
    valid. At least one method; each given one well formed."""
    problems: dict[str, str] = {}
    if not (whatsapp or email or phone):
        problems[""] = "Give at least one way to contact you: WhatsApp, e-mail or phone."
    for name, value, check in (
        ("contact_whatsapp", whatsapp, validate_phone),
        ("contact_phone", phone, validate_phone),
        ("contact_email", email, validate_email),
    ):
        if value:
            try:
                check(value)
            except ValidationError as error:
                problems[name] = error.messages[0]
    return problems


def has_contact_condition() -> models.Q:
    """SQL twin of "at least one contact method" (for the database constraint)."""
    return (
        ~models.Q(contact_whatsapp="") | ~models.Q(contact_email="") | ~models.Q(contact_phone="")
    )


def reinvite_window_start(now: datetime) -> datetime:
    """Invitations sent after this instant keep the creator from being invited again now."""
    return now - REINVITE_AFTER


def resend_from(*, last_sent_at: datetime, open_until: datetime | None) -> datetime:
    """From when the agency may invite a creator again, as Resend offers it: REINVITE_AFTER
    after its last invitation to them (the instant `reinvite_window_start` passes it), and not
    while one of its invitations to them is open (`open_until`: the latest open one's expiry)."""
    allowed_from = last_sent_at + REINVITE_AFTER
    return max(allowed_from, open_until) if open_until else allowed_from


# How Invitation history names an invitation's status (`Proposal.status_at`): the creator's
# answers in the words of the buttons they answered with.
STATUS_LABELS = {
    "pending": "Pending",
    "accepted": "I'm interested",
    "declined": "Not interested",
    "expired": "Expired",
    "cancelled": "Cancelled",
}
# What Invitation history filters by: an answer, or waiting for one, or too late for one.
STATUS_FILTERS = ("pending", "accepted", "declined", "expired")
# --- The daily quota ------------------------------------------------------------------------


def finishing_day(market: str, now: datetime, *, queued: int, left_today: int) -> date:
    """The market day on which `queued` invitations are all sent, sending `left_today` more
    today and DAILY_INVITATIONS on each day after."""
    today = partnership_rules.market_today(market, now)
    later = max(0, queued - left_today)
    return today + timedelta(days=math.ceil(later / DAILY_INVITATIONS))
