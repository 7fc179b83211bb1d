"""Demo history for `seed_demo`, for the Insights page: twelve weeks of answered, declined and
expired invitations and binding requests from each demo partner to directory creators (those
without a login: the creators who log in start with only what demo/creators.py sends), so the
Insights page shows something real. About half have the profile attached, and those are
accepted more often and sooner.

Never pending (the creators demo makes the pending ones, and only one may be open per partner
and creator). Idempotent: a partner whose history is already there (recognised by
HISTORY_MESSAGE) is skipped.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Partner
from creators.models import BindingRequest, Creator, Invitation, Proposal

from .people import PARTNERS

HISTORY_MESSAGE = "Hi! We loved your recent videos. (demo history)"
INVITATIONS_PER_PARTNER = 160
WEEKS = 12
ACCEPTANCE = {True: 0.62, False: 0.38}
DECLINE = {True: 0.25, False: 0.34}
HOURS_TO_ANSWER = {True: (2, 30), False: (6, 70)}  # (low, mode) of a triangular spread


def seed(*, log=print) -> None:
    creators = list(Creator.objects.filter(user__isnull=True).order_by("pk").only("pk"))
    if not creators:
        log("Insights history: no directory creators, skipped.")
        return
    now = timezone.now()
    for index, (name, *_rest, staff_username, _staff_name) in enumerate(PARTNERS):
        partner = Partner.objects.filter(name=name).first()
        membership = Membership.objects.filter(user__username=staff_username).first()
        if partner is None or membership is None:
            continue
        if Invitation.objects.filter(partner=partner, message=HISTORY_MESSAGE).exists():
            continue
        rng = random.Random(f"insights-{index}")
        # Binding requests go to a slice of the directory of its own per partner, once each:
        # a creator binds to one agency at most.
        own_slice = creators[index :: len(PARTNERS)]
        with transaction.atomic():
            Invitation.objects.bulk_create(
                _history(Invitation, rng, partner, membership.user, creators, now)
                for _ in range(INVITATIONS_PER_PARTNER)
            )
            BindingRequest.objects.bulk_create(
                _history(BindingRequest, rng, partner, membership.user, [creator], now)
                for creator in own_slice
            )
        log(
            f"Insights history for {partner}: {INVITATIONS_PER_PARTNER} invitations, "
            f"{len(own_slice)} binding requests."
        )


def _history(model, rng: random.Random, partner, sent_by, creators, now):
    attached = rng.random() < 0.5
    created = now - timedelta(days=rng.uniform(1, WEEKS * 7 - 1), minutes=rng.randrange(60))
    expires = created + timedelta(days=7)
    roll = rng.random()
    if roll < ACCEPTANCE[attached]:
        status = Proposal.Status.ACCEPTED
    elif roll < ACCEPTANCE[attached] + DECLINE[attached]:
        status = Proposal.Status.DECLINED
    else:
        status = Proposal.Status.EXPIRED
    answered = None
    if status != Proposal.Status.EXPIRED:
        low, mode = HOURS_TO_ANSWER[attached]
        took = timedelta(hours=rng.triangular(low, 7 * 24 - 1, mode))
        answered = min(created + took, now)
    elif expires > now:
        status = Proposal.Status.DECLINED  # not yet expired: it was answered instead
        answered = created + (now - created) / 2
    fields = {
        "partner": partner,
        "creator": rng.choice(creators),
        "sent_by": sent_by,
        "message": HISTORY_MESSAGE,
        "attach_profile": attached,
        "status": status,
        "created_at": created,
        "expires_at": expires,
        "answered_at": answered,
    }
    if model is Invitation:
        fields |= {
            "commission_rate": Decimal(rng.choice([8, 10, 12, 15, 20])),
            "products": "Demo products",
        }
    else:
        # History: links that were approved have since ended, so that they leave the one live
        # link per agency and creator to the demo's own links.
        link_expires_at = created + timedelta(days=rng.choice([30, 60]))
        fields |= {"link_expires_at": link_expires_at}
        if status == Proposal.Status.ACCEPTED:
            fields |= {"end_reason": "unlinked", "ended_at": min(link_expires_at, now)}
    return model(**fields)
