"""Demo invitations and binding requests for `seed_demo`: invitations and binding requests for the
creators who can log in, from Northstar Creators (linked, profile attached) and Shoplift
Affiliates (not linked), and a couple of bound creators.

Each is keyed by partner and creator, and made only if that partner has never sent that creator
one: an answered, expired or cancelled one stays as it is, a creator is never bound twice to one
agency by the demo, and a partner's own invitation is never met by a second open one."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Partner
from creators.models import BindingRequest, Creator, Invitation, Proposal
from creators.services import creators_sync_from_tiktok

PENDING = Proposal.Status.PENDING
ACCEPTED = Proposal.Status.ACCEPTED

INVITATIONS = [
    # partner, creator handle, attach profile, commission, products, message
    (
        "Northstar Creators",
        "mia.makes",
        True,
        "18.0",
        "Glow serum 30 ml\nNight cream",
        "We love your skincare reviews — try our new serum line?",
    ),
    (
        "Northstar Creators",
        "kofi.cooks",
        True,
        "12.5",
        "Cast-iron skillet",
        "A skillet for your weekend recipes.",
    ),
    (
        "Shoplift Affiliates",
        "mia.makes",
        False,
        "10.0",
        "Lip tint set",
        "Join our spring beauty collaboration.",
    ),
]

BINDING_REQUESTS = [
    # partner, creator handle, attach profile, months, status, message
    ("Northstar Creators", "mia.makes", True, 12, PENDING, "Grow with Northstar: join us."),
    ("Shoplift Affiliates", "kofi.cooks", False, 6, PENDING, "Work with Shoplift this season."),
    ("Northstar Creators", "ayu.style", True, 12, ACCEPTED, "Welcome to Northstar!"),
    ("Northstar Creators", "kofi.cooks", True, 24, ACCEPTED, "Long-term partnership."),
]


def seed(*, log=print) -> None:
    synced = creators_sync_from_tiktok()
    now = timezone.now()
    with transaction.atomic():
        partners = {p.name: p for p in Partner.objects.all()}
        creators = {
            c.tiktok_account.handle: c
            for c in Creator.objects.select_related("tiktok_account").filter(user__isnull=False)
        }
        staff = {m.partner_id: m.user for m in Membership.objects.select_related("user")}
        for name, handle, attach, rate, products, message in INVITATIONS:
            partner, creator = partners.get(name), creators.get(handle)
            if partner is None or creator is None:
                continue
            if Invitation.objects.filter(partner=partner, creator=creator).exists():
                continue
            Invitation.objects.create(
                partner=partner,
                creator=creator,
                message=message,
                sent_by=staff[partner.pk],
                attach_profile=attach,
                commission_rate=Decimal(rate),
                products=products,
                expires_at=now + timedelta(days=7),
            )
        for name, handle, attach, months, status, message in BINDING_REQUESTS:
            partner, creator = partners.get(name), creators.get(handle)
            if partner is None or creator is None:
                continue
            if BindingRequest.objects.filter(partner=partner, creator=creator).exists():
                continue
            BindingRequest.objects.create(
                partner=partner,
                creator=creator,
                message=message,
                sent_by=staff[partner.pk],
                attach_profile=attach,
                contract_months=months,
                status=status,
                answered_at=now - timedelta(days=3) if status == ACCEPTED else None,
                created_at=now - timedelta(days=5) if status == ACCEPTED else now,
                expires_at=now + timedelta(days=2 if status == ACCEPTED else 7),
            )
    log(f"Creator management demo ready ({synced:,} directory rows filled).")
