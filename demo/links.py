"""Demo links for `seed_demo`: Lumen Agency is linked to @lumen.agency, so its card shows on
its invitations and binding requests and its handle on its campaigns at once; Northstar
Creators (the README's first login) and Shoplift Affiliates stay unlinked, so the QR flow can be
tried with @northstar.official or @shoplift.uk.

A link is made only for a partner that has never had one taken away: once an account manager
has unlinked it (an UNLINKED row in the audit trail), that is the partner's state, and seeding
again neither links it back nor writes to the audit trail.
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import Partner, User
from linking.models import LinkEvent, TikTokLink
from tiktok.models import TikTokAccount

DEMO_LINKS = [
    # partner, TikTok handle, the staff member who linked it
    ("Lumen Agency", "lumen.agency", "cap_staff"),
]


def seed(*, log=print) -> None:
    with transaction.atomic():
        for partner_name, handle, username in DEMO_LINKS:
            partner = Partner.objects.get(name=partner_name)
            account = TikTokAccount.objects.get(handle=handle)
            staff = User.objects.get(username=username)
            if TikTokLink.objects.filter(partner=partner).exists():
                continue
            if LinkEvent.objects.filter(partner=partner, event=LinkEvent.Event.UNLINKED).exists():
                log(f"  {partner} was unlinked by its account manager; left unlinked.")
                continue
            if TikTokLink.objects.filter(tiktok_account=account).exists():
                log(f"  @{handle} is linked to another partner; left as it is.")
                continue
            TikTokLink.objects.create(
                partner=partner,
                tiktok_account=account,
                linked_by=staff,
                followers=account.followers,
                likes=account.likes,
            )
            LinkEvent.objects.create(
                partner=partner,
                tiktok_account=account,
                actor=staff,
                event=LinkEvent.Event.LINKED,
                reason="Linked by the demo data.",
            )
    log("Demo links ready.")
