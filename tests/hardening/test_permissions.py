"""Every staff route, walked by members of partner A's own team whose role lacks one section:
each route of that section answers 403 (a wrong method may answer 405 first) and changes
nothing, and no route of another section refuses them. Every staff view names its section, so
a new view cannot escape this walk."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve

from accounts.permissions import MODULES, Section
from campaigns import services as campaigns_services
from creators import services as creators_services
from linking import services as linking_services
from tests import factories

from . import walk
from .world import ROUTES, build_world, owner_fingerprint, project_patterns, url_for

pytestmark = pytest.mark.django_db
UNSET = object()


@pytest.fixture
def world(db):
    return build_world()


def _section_of(url: str):
    return getattr(resolve(urlsplit(url).path).func, "section", UNSET)


def _staff_urls(world) -> list[tuple[str, str]]:
    return [
        (p.key, url_for(world, p.key)) for p in project_patterns() if ROUTES[p.key].owner == "staff"
    ]


def _member_without(world, section: Section) -> Client:
    grants = {module.value: module != section for module in MODULES}
    role = factories.TeamRoleFactory(partner=world.partner, name=f"All but {section}", **grants)
    member = factories.MembershipFactory(
        partner=world.partner, team_role=role, user__username=f"no_{section}"
    )
    client = Client(raise_request_exception=False)
    client.force_login(member.user)
    return client


def test_every_staff_view_names_its_section(world):
    unnamed = [key for key, url in _staff_urls(world) if _section_of(url) is UNSET]
    assert not unnamed, f"Decorate with partner_staff_required(section=…): {unnamed}"


def _send(client, method: str, url: str):
    extra = walk.HTMX if method.endswith("htmx") else {}
    send = client.post if method.startswith("POST") else client.get
    return send(url, **extra)


@pytest.mark.parametrize("section", list(Section))
def test_a_member_without_a_section_is_refused_all_of_it_and_nothing_else(world, section):
    client = _member_without(world, section)
    urls = _staff_urls(world)
    before = owner_fingerprint(world)
    refused, problems = 0, []
    for key, url in urls:
        if _section_of(url) != section:
            continue
        for method in walk.METHODS:
            status = _send(client, method, url).status_code
            if status not in (403, 404, 405):  # 404: the status poll's scoped query
                problems.append(f"{method} {url} ({key}): {status}, not refused")
            refused += status == 403
    assert not problems, "\n".join(problems)
    assert refused, f"no route of {section} was walked"
    assert owner_fingerprint(world) == before
    # What the role does grant is not refused (Team is the main account's alone).
    for key, url in urls:
        if _section_of(url) in (section, Section.TEAM):
            continue
        for method in walk.METHODS:
            status = _send(client, method, url).status_code
            if status == 403 or status >= 500:
                problems.append(f"{method} {url} ({key}): {status} outside {section}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("section", list(MODULES))
def test_the_navigation_hides_what_a_member_may_not_use(world, section):
    from django.urls import reverse

    names = {
        Section.PROFILE: "linking:profile",
        Section.FIND_CREATORS: "creators:find",
        Section.PARTNERSHIPS: "creators:partnerships",
        Section.CAMPAIGNS: "campaigns:list",
        Section.INSIGHTS: "insights:index",
    }
    home = _member_without(world, section).get("/").text
    assert f'href="{reverse(names[section])}"' not in home
    for other, name in names.items():
        if other != section:
            assert f'href="{reverse(name)}"' in home
    assert f'href="{reverse("accounts:team")}"' not in home


# --- Services check the same, whoever calls them ------------------------------------------------


def _without(partner, section: Section):
    grants = {module.value: module != section for module in MODULES}
    role = factories.TeamRoleFactory(partner=partner, **grants)
    return factories.MembershipFactory(partner=partner, team_role=role).user


@pytest.mark.parametrize(
    "section, call",
    [
        (
            Section.FIND_CREATORS,
            lambda p, u: creators_services.invitations_send(
                partner=p, sent_by=u, creator_ids=[1], terms=None
            ),
        ),
        (
            Section.PARTNERSHIPS,
            lambda p, u: creators_services.link_requests_send(
                partner=p, sent_by=u, creators=[], last_day=date.today()
            ),
        ),
        (
            Section.CAMPAIGNS,
            lambda p, u: campaigns_services.campaign_create(partner=p, created_by=u, terms=None),
        ),
        (
            Section.PROFILE,
            lambda p, u: linking_services.link_session_start(partner=p, started_by=u),
        ),
    ],
)
def test_the_services_refuse_a_member_whose_role_lacks_their_section(partner, staff, section, call):
    from django.core.exceptions import PermissionDenied

    member = _without(partner, section)
    with pytest.raises(PermissionDenied):
        call(partner, member)
