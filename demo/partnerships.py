"""Demo links for Manage Partnerships, so that every tab has rows: Northstar Creators (US,
`staff`) has a link in every state with creators of its market from the directory, one of them
expiring in 10 days (Extend is offered, the days left count down) and one whose creator asks to
unlink; Shoplift Affiliates (UK, `tap_staff`) has a linked creator to Remove, which in the UK
asks the creator.

Create-only: a partner that has ever had a link or request with a directory creator keeps it as
users left it."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Partner
from creators.models import BindingRequest, Creator

DAY = timedelta(days=1)


def _states(now):
    """(what it shows, fields of the row): one per state of a link."""
    sent = now - 20 * DAY
    answered = {"status": "accepted", "created_at": sent, "answered_at": sent + DAY}
    return [
        ("linked", {**answered, "link_expires_at": now + 40 * DAY}),
        ("linked, 10 days left", {**answered, "link_expires_at": now + 10 * DAY}),
        (
            "unlink requested",
            {
                **answered,
                "link_expires_at": now + 40 * DAY,
                "unlink_raised_by": "creator",
                "unlink_reason": "I am signing with a brand directly.",
                "unlink_requested_at": now - DAY,
                "unlink_expires_at": now + 6 * DAY,
            },
        ),
        ("link requested", {"created_at": now - DAY, "link_expires_at": now + 50 * DAY}),
        (
            "declined",
            {
                "status": "declined",
                "created_at": sent,
                "answered_at": sent + DAY,
                "link_expires_at": now + 30 * DAY,
            },
        ),
        (
            "unlinked",
            {
                **answered,
                "link_expires_at": now + 30 * DAY,
                "end_reason": "unlinked",
                "ended_at": now - 2 * DAY,
            },
        ),
        ("request expired", {"created_at": now - 9 * DAY, "link_expires_at": now + 30 * DAY}),
        (
            "link expired",
            {
                "status": "accepted",
                "created_at": now - 70 * DAY,
                "answered_at": now - 69 * DAY,
                "link_expires_at": now - 3 * DAY,
            },
        ),
    ]


def _seed_partner(partner: Partner, states, *, log) -> int:
    staff = Membership.objects.filter(partner=partner).select_related("user").first()
    if staff is None:
        return 0
    taken = set(BindingRequest.objects.filter(partner=partner).values_list("creator", flat=True))
    creators = (
        Creator.objects.filter(market=partner.market, user__isnull=True)
        .exclude(pk__in=taken)
        .order_by("pk")
    )
    made = 0
    for creator, (_what, fields) in zip(creators, states, strict=False):
        BindingRequest.objects.create(
            partner=partner,
            creator=creator,
            sent_by=staff.user,
            message="Let's work together.",
            expires_at=fields["created_at"] + 7 * DAY,
            ended_by=staff.user if fields.get("end_reason") else None,
            **fields,
        )
        made += 1
    return made


def seed(*, log=print) -> None:
    now = timezone.now()
    with transaction.atomic():
        made = 0
        for name, states in (
            ("Northstar Creators", _states(now)),
            ("Shoplift Affiliates", _states(now)[:1]),
        ):
            partner = Partner.objects.filter(name=name).first()
            has_demo_links = (
                partner is not None
                and BindingRequest.objects.filter(
                    partner=partner, creator__user__isnull=True
                ).exists()
            )
            if partner is None or has_demo_links:
                continue
            made += _seed_partner(partner, states, log=log)
    log(f"Manage Partnerships demo ready ({made} links made).")
