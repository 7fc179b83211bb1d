from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def link(partner):
    """`partner` has linked its official TikTok account."""
    account = factories.TikTokAccountFactory(
        handle="northstar.official", display_name="Northstar HQ", followers=48_200
    )
    return factories.TikTokLinkFactory(partner=partner, tiktok_account=account)


def make_creators(count: int, **kwargs):
    return [factories.CreatorFactory(**kwargs) for _ in range(count)]


@pytest.fixture
def no_find_creators_client(client, staff, partner):
    """Logged in as a member of `partner`'s team whose role lacks Find Creators."""
    role = factories.TeamRoleFactory(partner=partner, find_creators=False)
    member = factories.MembershipFactory(partner=partner, team_role=role, user__username="nofind")
    client.force_login(member.user)
    return client
