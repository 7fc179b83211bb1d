"""The demo's links: Lumen Agency comes linked, to show an attached profile; Northstar Creators
(`staff`, the README's first login) starts unlinked, with an eligible account to link by QR."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Partner
from linking.eligibility import failure_reason
from linking.models import LinkEvent, TikTokLink
from linking.selectors import linked_profile
from tiktok.models import TikTokAccount

pytestmark = pytest.mark.django_db


def _seed() -> None:
    call_command("seed_demo", "--creators", "0", stdout=StringIO())


def test_it_links_lumen_once():
    _seed()
    _seed()
    link = TikTokLink.objects.select_related("partner", "tiktok_account").get()
    assert (link.partner.name, link.tiktok_account.handle) == ("Lumen Agency", "lumen.agency")
    assert LinkEvent.objects.filter(event="linked").count() == 1
    assert linked_profile(link.partner).label == "Creator Agency Partner"


def test_it_leaves_staffs_agency_unlinked_with_an_account_that_can_link():
    _seed()
    northstar = Partner.objects.get(name="Northstar Creators")
    assert northstar.memberships.filter(user__username="staff").exists()
    assert linked_profile(northstar) is None
    account = TikTokAccount.objects.get(handle="northstar.official")
    assert account.check_password("tiktok-pass-2026")
    assert failure_reason(account=account, partner=northstar, today=timezone.localdate()) is None
