"""Demo invitations and binding requests for `seed_demo`, to the creators who can log in:
from Lumen Agency (linked, profile attached: its card shows), and from Shoplift Affiliates and
Northstar Creators (not linked), and a bound creator.

Northstar sends nothing to `creator` (@mia.makes): the README has its staff invite her first,
and nothing from Northstar stands in the way.

Each is keyed by partner and creator, and made only if that partner has never sent that creator
one: an answered, expired or cancelled one stays as it is, a creator is never bound twice to one
agency by the demo, and a partner's own invitation is never met by a second open one."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Partner
from creators.invitation_rules import INVITATION_DAYS, purposes_for
from creators.models import BindingRequest, Creator, Invitation, Proposal
from creators.services import creators_sync_from_tiktok

PENDING = Proposal.Status.PENDING
ACCEPTED = Proposal.Status.ACCEPTED

INVITATIONS = [
    # partner, creator handle, attach profile, contact (WhatsApp, phone), message
    (
        "Lumen Agency",
        "ayu.style",
        True,
        ("+62 812 5550 1234", ""),
        "Your batik looks are lovely — grow with Lumen as one of our long-term creators?",
    ),
    ("Shoplift Affiliates", "mia.makes", False, ("", ""), "Join our spring beauty line-up."),
    (
        "Northstar Creators",
        "kofi.cooks",
        False,
        ("", "+1 415 555 0134"),
        "Share our cast-iron skillets in your weekend recipes?",
    ),
]

# partner, message: Invitation history offers Resend for it (answered 9 days ago).
RESENDABLE = ("Northstar Creators", "Our autumn kitchen campaign starts soon: join us?")

BINDING_REQUESTS = [
    # partner, creator handle, attach profile, months, status, message
    ("Lumen Agency", "ayu.style", True, 12, PENDING, "Grow with Lumen: join our creators."),
    ("Shoplift Affiliates", "kofi.cooks", False, 6, PENDING, "Work with Shoplift this season."),
    ("Northstar Creators", "kofi.cooks", False, 24, ACCEPTED, "Long-term partnership."),
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
        staff = {
            m.partner_id: m.user
            for m in Membership.objects.filter(is_main=True).select_related("user")
        }
        for name, handle, attach, (whatsapp, phone), message in INVITATIONS:
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
                purpose=purposes_for(partner)[0],
                contact_email=staff[partner.pk].email,
                contact_whatsapp=whatsapp,
                contact_phone=phone,
                expires_at=now + timedelta(days=INVITATION_DAYS),
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
                link_expires_at=now + timedelta(days=30 * months),
                status=status,
                answered_at=now - timedelta(days=3) if status == ACCEPTED else None,
                created_at=now - timedelta(days=5) if status == ACCEPTED else now,
                expires_at=now + timedelta(days=2 if status == ACCEPTED else 7),
            )
    log(f"Creator management demo ready ({synced:,} directory rows filled).")


def seed_resendable(*, log=print) -> None:
    """Northstar's Invitation history: an invitation of today's terms to a directory creator,
    answered Not interested 9 days ago and nothing sent to them since, so that Resend is
    offered. Run after the Insights history (which may invite anyone); made once."""
    name, message = RESENDABLE
    partner = Partner.objects.filter(name=name).first()
    main = Membership.objects.filter(partner=partner, is_main=True).select_related("user").first()
    if main is None or Invitation.objects.filter(partner=partner, message=message).exists():
        return
    sent = timezone.now() - timedelta(days=9)
    recent = Invitation.objects.filter(partner=partner, created_at__gt=sent).values("creator")
    creator = (
        Creator.objects.filter(user__isnull=True, market=partner.market)
        .exclude(pk__in=recent)
        .order_by("pk")
        .first()
    )
    if creator is None:
        return
    Invitation.objects.create(
        partner=partner,
        creator=creator,
        message=message,
        sent_by=main.user,
        purpose=purposes_for(partner)[0],
        contact_email=main.user.email,
        status=Proposal.Status.DECLINED,
        created_at=sent,
        expires_at=sent + timedelta(days=INVITATION_DAYS),
        answered_at=sent + timedelta(days=1),
    )
    log(f"Invitation history: {partner} can resend its invitation to {creator}.")
