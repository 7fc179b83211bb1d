"""Demo agency profiles for `seed_demo`: what creators see of each demo agency.

Northstar (CAP + TAP, US) has a logo, contacts and shares both programmes: `creator` sees
TAP's two highlights and CAP's creator network. Lumen (CAP, ID) shares by CAP's default, with
contacts and no logo. Shoplift (TAP, GB) keeps TAP's default, not shared: creators see its name
only. Create-only: an agency that already has a sharing choice (made here or by its staff) is
left as it is.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from accounts.agency_profile import logo_resized
from accounts.models import Partner, ProfileSharing
from tiktok.avatars import avatar_png

PROFILES = [
    # agency, contact e-mail, website, a logo, programmes it chose to share
    ("Northstar Creators", "hello@northstar.example", "https://northstar.example", True, ["TAP"]),
    ("Lumen Agency", "halo@lumen.example", "https://lumen.example", False, []),
]


def seed(*, log=print) -> None:
    with transaction.atomic():
        for name, email, website, with_logo, shared in PROFILES:
            partner = Partner.objects.filter(name=name).first()
            if partner is None or partner.sharing.exists() or partner.website:
                continue
            partner.contact_email, partner.website = email, website
            if with_logo:
                logo = logo_resized(ContentFile(avatar_png(name.lower(), name), name="logo.png"))
                partner.logo.save(f"{partner.code}.png", logo, save=False)
            partner.save()
            for programme in shared:
                ProfileSharing.objects.create(
                    partner=partner, programme=programme, market=partner.market, authorized=True
                )
            log(f"Agency profile of {name}: contacts{', logo' if with_logo else ''}.")
