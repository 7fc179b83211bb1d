"""The Partner Center navigation shows where the user is, on a section's every page: the view
names its section, and the page marks that one item."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from creators.models import Outreach
from linking import services as linking_services
from tests.factories import CampaignFactory, CreatorFactory

pytestmark = pytest.mark.django_db


def _current(html: str) -> list[str]:
    nav = html[html.index('<nav class="sidenav"') : html.index("</nav>")]
    return re.findall(r'aria-current="page">([^<]+)<', nav)


@pytest.fixture
def urls(partner, staff) -> dict[str, str]:
    """What the section pages with an object in their URL need."""
    session, _ = linking_services.link_session_start(partner=partner, started_by=staff)
    campaign = CampaignFactory(partner=partner, published_at=None)  # Ready: editable
    outreach = Outreach.objects.create(
        partner=partner, created_by=staff, contact_email="team@agency.example"
    )
    return {
        "session": reverse("linking:session", args=[session.code]),
        "invite": f"{reverse('creators:invite')}?creators={CreatorFactory().code}",
        "outreach": reverse("creators:outreach", args=[outreach.code]),
        "campaign": reverse("campaigns:detail", args=[campaign.code]),
        "campaign_edit": reverse("campaigns:edit", args=[campaign.code]),
    }


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("/account/profile/", "Profile"),
        ("/account/link/", "Profile"),
        ("session", "Profile"),
        ("/creators/find/", "Find Creators"),
        ("invite", "Find Creators"),
        ("/creators/invite/", "Find Creators"),  # no creators chosen: the 400 page
        ("outreach", "Find Creators"),
        ("/creators/outreach/", "Find Creators"),
        ("/creators/partnerships/", "Manage Partnerships"),
        ("/creators/partnerships/?tab=pending", "Manage Partnerships"),
        ("/creators/partnerships/add/", "Manage Partnerships"),
        ("/campaigns/", "My Campaigns"),
        ("/campaigns/new/", "My Campaigns"),
        ("campaign", "My Campaigns"),
        ("campaign_edit", "My Campaigns"),
        ("/insights/", "Insights"),
    ],
)
def test_it_marks_the_current_section(staff_client, urls, url, section):
    response = staff_client.get(urls.get(url, url))
    assert response.status_code in (200, 400)
    assert _current(response.content.decode()) == [section]


@pytest.mark.parametrize(
    ("url", "data", "section"),
    [
        ("/creators/partnerships/add/", {"handles": ""}, "Manage Partnerships"),
        ("/campaigns/new/", {"name": ""}, "My Campaigns"),
    ],
)
def test_it_keeps_the_section_on_a_form_sent_back_with_errors(staff_client, url, data, section):
    response = staff_client.post(url, data)
    assert response.status_code == 400
    assert _current(response.content.decode()) == [section]


def test_it_marks_nothing_on_the_home_page(staff_client):
    response = staff_client.get("/")
    assert response.status_code == 200
    assert _current(response.content.decode()) == []
