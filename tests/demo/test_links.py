from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from linking.models import LinkEvent, TikTokLink
from linking.selectors import linked_profile

pytestmark = pytest.mark.django_db


def test_it_links_northstar_once_and_leaves_the_others_for_the_flow():
    call_command("seed_demo", "--creators", "0", stdout=StringIO())
    call_command("seed_demo", "--creators", "0", stdout=StringIO())
    link = TikTokLink.objects.select_related("partner", "tiktok_account").get()
    assert (link.partner.name, link.tiktok_account.handle) == (
        "Northstar Creators",
        "northstar.official",
    )
    assert LinkEvent.objects.filter(event="linked").count() == 1
    assert linked_profile(link.partner).label == "Creator Agency Partner"
