"""The selection kept across Find Creators' pages: each page's ticks are posted (by htmx, on
every change), the pages show them ticked, Invite invites all of them, Clear forgets them."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from creators import selection
from creators.models import Invitation
from tests import factories

from .test_invite import VALID

pytestmark = pytest.mark.django_db
URL = reverse("creators:selection")
FIND = reverse("creators:find")
INVITE = reverse("creators:invite")
HTMX = {"HX-Request": "true"}


@pytest.fixture
def pages():
    """Two pages of the directory at 20 a page: 20 creators, then 5."""
    creators = [
        factories.CreatorFactory(
            tiktok_account__handle=f"c{i:02}", tiktok_account__followers=1_000 - i
        )
        for i in range(25)
    ]
    return creators[:20], creators[20:]


def _tick(client, shown, ticked, **extra):
    data = {"shown": [c.code for c in shown], "creators": [c.code for c in ticked], **extra}
    return client.post(URL, data, headers=HTMX)


def _checked(html: str, creator) -> bool:
    return f'value="{creator.code}" id="pick-{creator.code}" data-pick checked' in html


def test_it_keeps_ticks_across_pages(staff_client, pages):
    first, second = pages
    response = _tick(staff_client, first, first[:2])
    assert response.status_code == 200
    assert "2 selected" in response.text
    assert "3 selected" in _tick(staff_client, second, second[:1]).text

    page_one = staff_client.get(FIND).text
    assert _checked(page_one, first[0]) and _checked(page_one, first[1])
    assert not _checked(page_one, first[2])
    assert "3 selected" in page_one
    assert _checked(staff_client.get(FIND, {"page": 2}).text, second[0])


def test_unticking_takes_a_creator_out(staff_client, pages):
    first, _ = pages
    _tick(staff_client, first, first[:2])
    assert "1 selected" in _tick(staff_client, first, first[1:2]).text
    assert "selected" not in _tick(staff_client, first, []).text
    assert not _checked(staff_client.get(FIND).text, first[1])


def test_invite_invites_the_whole_selection_and_then_forgets_it(staff_client, partner, pages):
    first, second = pages
    _tick(staff_client, first, first[:2])
    url = f"{INVITE}?{urlencode({'creators': second[0].code})}"
    assert "3 creators selected" in staff_client.get(url).text
    staff_client.post(url, VALID)
    invited = set(Invitation.objects.filter(partner=partner).values_list("creator", flat=True))
    assert invited == {first[0].pk, first[1].pk, second[0].pk}
    assert selection.SESSION_KEY not in staff_client.session
    assert not _checked(staff_client.get(FIND).text, first[0])


def test_select_all_matching_means_the_matches_alone(staff_client, pages):
    first, _ = pages
    pets = factories.CreatorFactory(category="pets")
    _tick(staff_client, first, first[:2])
    html = staff_client.get(f"{INVITE}?{urlencode({'match': 'category=pets'})}").text
    assert "1 creator selected (every creator matching your filters)" in html
    assert f"@{pets.tiktok_account.handle}" in html


def test_clear_forgets_the_selection_and_returns_to_the_same_page(staff_client, pages):
    first, _ = pages
    _tick(staff_client, first, first[:2])
    response = staff_client.post(URL, {"clear": "1", "from": "q=c0&page=1&per_page=20"})
    assert response["Location"] == f"{FIND}?q=c0&page=1&per_page=20"
    html = staff_client.get(FIND).text
    assert not _checked(html, first[0])
    assert "Clear selection" not in html


def test_the_clear_button_is_there_while_something_is_selected(staff_client, pages):
    first, _ = pages
    assert "Clear selection" not in staff_client.get(FIND).text
    fragment = _tick(staff_client, first, first[:1]).text
    assert f'<form method="post" action="{URL}">' in fragment
    assert "Clear selection" in fragment


def test_it_shows_the_selection_where_nothing_matches(staff_client, pages):
    first, _ = pages
    _tick(staff_client, first, first[:2])
    html = staff_client.get(FIND, {"q": "nobody-at-all"}).text
    assert "No creators match these filters." in html
    assert "2 selected" in html and "Clear selection" in html


def test_it_keeps_no_more_than_its_limit(staff_client, pages, monkeypatch):
    monkeypatch.setattr(selection, "MAX_KEPT", 2)
    first, _ = pages
    fragment = _tick(staff_client, first, first[:3]).text
    assert "2 selected" in fragment
    assert "Select all matching" in fragment  # what to do instead
    assert len(staff_client.session[selection.SESSION_KEY]) == 2


def test_it_ignores_ticks_of_creators_not_on_the_page(staff_client, pages):
    first, second = pages
    assert "1 selected" in _tick(staff_client, first[:1], [first[0], second[0]]).text


@pytest.mark.parametrize(
    "data",
    [
        {"shown": "not-a-uuid"},
        {"creators": "6f1c1d7e-0000-4000-8000"},
        {"shown": ["6f1c1d7e-0000-4000-8000-000000000000"] * 201},
    ],
)
def test_it_refuses_a_malformed_page_with_400(staff_client, data):
    response = staff_client.post(URL, data, headers=HTMX)
    assert response.status_code == 400
    assert "choose creators again" in response.text or "at most" in response.text
    assert selection.SESSION_KEY not in staff_client.session


def test_without_htmx_it_returns_to_find_creators(staff_client, pages):
    first, _ = pages
    data = {"shown": [c.code for c in first], "creators": [first[0].code], "from": "page=1"}
    assert staff_client.post(URL, data)["Location"] == f"{FIND}?page=1"


def test_it_sends_strangers_away(client, creator_client, seller_client):
    assert client.post(URL, {"clear": "1"}).status_code == 302
    assert creator_client.post(URL, {"clear": "1"}).status_code == 403
    assert seller_client.post(URL, {"clear": "1"}).status_code == 403


def test_it_refuses_get(staff_client):
    assert staff_client.get(URL).status_code == 405
