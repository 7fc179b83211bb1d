"""The Partner Center navigation shows where the user is, on a section's every page."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _current(html: str) -> list[str]:
    nav = html[html.index('<nav class="sidenav"') : html.index("</nav>")]
    return re.findall(r'aria-current="page">([^<]+)<', nav)


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("/account/profile/", "Profile"),
        ("/account/link/", "Profile"),
        ("/creators/find/", "Find Creators"),
        ("/creators/partnerships/", "Manage Partnerships"),
        ("/creators/partnerships/add/", "Manage Partnerships"),
        ("/campaigns/", "My Campaigns"),
        ("/campaigns/new/", "My Campaigns"),
        ("/insights/", "Insights"),
    ],
)
def test_it_marks_the_current_section(staff_client, url, section):
    assert _current(staff_client.get(url).content.decode()) == [section]
