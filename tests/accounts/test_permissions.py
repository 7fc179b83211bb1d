"""accounts.permissions: what each member of a team may use."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts.permissions import (
    MAIN_ACCOUNT_ONLY,
    MODULES,
    Section,
    may_use,
    require,
    require_user,
    sections_of,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def main(partner):
    return factories.MembershipFactory(partner=partner)


def _member(partner, **grants):
    modules = {module.value: module.value in grants for module in MODULES}
    role = factories.TeamRoleFactory(partner=partner, **modules)
    return factories.MembershipFactory(partner=partner, team_role=role)


def test_it_lets_the_main_account_use_every_section(main):
    assert main.is_main
    assert sections_of(main) == frozenset(Section)


def test_it_lets_a_member_use_only_what_their_role_grants(main, partner):
    scout = _member(partner, find_creators=True, partnerships=True)
    assert sections_of(scout) == {Section.FIND_CREATORS, Section.PARTNERSHIPS}
    assert may_use(scout, None)  # the home page, notifications, their password


def test_it_keeps_the_team_section_for_the_main_account_even_with_every_module(main, partner):
    everything = _member(partner, **{module.value: True for module in MODULES})
    assert not may_use(everything, Section.TEAM)
    with pytest.raises(PermissionDenied, match=MAIN_ACCOUNT_ONLY):
        require(everything, Section.TEAM)


def test_it_names_the_missing_module_in_the_refusal(main, partner):
    analyst = _member(partner, insights=True)
    with pytest.raises(PermissionDenied, match="does not include Partner Campaigns"):
        require(analyst, Section.CAMPAIGNS)


def test_it_reads_a_role_change_at_once(main, partner):
    analyst = _member(partner, insights=True)
    analyst.team_role.campaigns = True
    analyst.team_role.save()
    fresh = type(analyst).objects.select_related("team_role").get(pk=analyst.pk)
    assert may_use(fresh, Section.CAMPAIGNS)


def test_it_lets_nothing_through_for_a_deactivated_or_invited_member(main, partner):
    from django.utils import timezone

    gone = _member(partner, insights=True)
    gone.deactivated_at = timezone.now()
    invited = _member(partner, insights=True)
    invited.activated_at = None
    for member in (gone, invited):
        assert not may_use(member, None)
        assert not may_use(member, Section.INSIGHTS)


def test_it_refuses_a_service_acting_for_another_agency(main, partner, other_partner):
    with pytest.raises(PermissionDenied):
        require_user(main.user, other_partner, Section.PROFILE)
    require_user(main.user, partner, Section.PROFILE)  # its own: no error


def test_it_refuses_a_service_acting_for_someone_on_no_team(creator, partner):
    with pytest.raises(PermissionDenied):
        require_user(creator.user, partner, Section.PROFILE)
