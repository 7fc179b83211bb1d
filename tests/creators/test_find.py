from __future__ import annotations

import pytest
from django.urls import reverse

from creators import selectors
from creators.models import Creator
from tests import factories

from .conftest import make_creators

pytestmark = pytest.mark.django_db
URL = reverse("creators:find")


def _handles(response) -> list[str]:
    return [c.tiktok_account.handle for c in response.context["result"].page.items]


def test_it_lists_creators_by_followers(staff_client):
    for handle, followers in [("small", 10), ("big", 9_000), ("mid", 500)]:
        factories.CreatorFactory(tiktok_account__handle=handle, tiktok_account__followers=followers)
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert _handles(response) == ["big", "mid", "small"]
    assert b"3 creators match." in response.content


def test_it_searches_handle_and_name(staff_client):
    factories.CreatorFactory(tiktok_account__handle="mia.makes", tiktok_account__display_name="Mia")
    factories.CreatorFactory(
        tiktok_account__handle="kofi", tiktok_account__display_name="Kofi Makes"
    )
    factories.CreatorFactory(tiktok_account__handle="ayu", tiktok_account__display_name="Ayu")
    assert sorted(_handles(staff_client.get(URL, {"q": "MAKES"}))) == ["kofi", "mia.makes"]
    assert _handles(staff_client.get(URL, {"q": "@mia"})) == ["mia.makes"]
    assert _handles(staff_client.get(URL, {"q": "100%_"})) == []


def test_it_matches_the_start_of_the_handle_for_searches_too_short_for_trigrams(staff_client):
    factories.CreatorFactory(tiktok_account__handle="mia.makes", tiktok_account__display_name="Mia")
    factories.CreatorFactory(tiktok_account__handle="kofi", tiktok_account__display_name="Kofi Mi")
    assert _handles(staff_client.get(URL, {"q": "@Mi"})) == ["mia.makes"]
    assert _handles(staff_client.get(URL, {"q": "ia"})) == []


def test_it_filters_by_category_market_followers_and_sales(staff_client):
    factories.CreatorFactory(
        tiktok_account__handle="hit",
        category="food",
        market="GB",
        tiktok_account__followers=5_000,
        sales_30d=800,
    )
    factories.CreatorFactory(tiktok_account__handle="wrong_cat", category="tech", market="GB")
    factories.CreatorFactory(
        tiktok_account__handle="too_small",
        category="food",
        market="GB",
        tiktok_account__followers=10,
    )
    factories.CreatorFactory(
        tiktok_account__handle="too_rich", category="food", market="GB", sales_30d=99_000
    )
    params = {
        "category": "food",
        "market": "GB",
        "followers_min": 1_000,
        "followers_max": 20_000,
        "sales_min": 100,
        "sales_max": 10_000,
    }
    assert _handles(staff_client.get(URL, params)) == ["hit"]


def test_it_sorts_by_sales_and_newest(staff_client):
    old = factories.CreatorFactory(tiktok_account__handle="old", sales_30d=900)
    new = factories.CreatorFactory(tiktok_account__handle="new", sales_30d=100)
    type(old).objects.filter(pk=old.pk).update(created_at=new.created_at.replace(year=2020))
    assert _handles(staff_client.get(URL, {"sort": "sales"})) == ["old", "new"]
    assert _handles(staff_client.get(URL, {"sort": "newest"})) == ["new", "old"]


def test_it_paginates_without_counting_everything(staff_client):
    make_creators(25)
    first = staff_client.get(URL)
    assert len(first.context["result"].page.items) == 20
    assert first.context["result"].page.has_next
    second = staff_client.get(URL, {"page": 2})
    assert len(second.context["result"].page.items) == 5
    assert not second.context["result"].page.has_next
    assert b'rel="prev"' in second.content


def test_it_reports_and_ignores_bad_filters(staff_client):
    factories.CreatorFactory()
    response = staff_client.get(
        URL, {"followers_min": "lots", "category": "nope", "page": "-3", "per_page": "9999"}
    )
    assert response.status_code == 200
    assert b"Some filters were ignored" in response.content
    assert len(response.context["result"].page.items) == 1


@pytest.mark.parametrize(
    ("low", "high", "field"),
    [
        ("followers_min", "followers_max", "tiktok_account__followers"),
        ("sales_min", "sales_max", "sales_30d"),
    ],
)
def test_it_explains_a_minimum_above_the_maximum_and_ignores_that_range(
    staff_client, low, high, field
):
    for handle, figure in [("small", 10), ("mid", 500), ("big", 9_000)]:
        factories.CreatorFactory(tiktok_account__handle=handle, **{field: figure})
    response = staff_client.get(URL, {low: "1000", high: "100"})
    html = response.content.decode()
    assert response.status_code == 200
    error = "The minimum (1,000) is above the maximum (100), so this range is ignored."
    assert f'<p class="field-error" id="id_{low}_error" aria-live="polite">{error}</p>' in html
    assert f'aria-invalid="true" aria-describedby="id_{low}_error"' in html
    assert sorted(_handles(response)) == ["big", "mid", "small"]


def test_an_equal_minimum_and_maximum_is_a_range(staff_client):
    factories.CreatorFactory(tiktok_account__handle="exact", tiktok_account__followers=100)
    factories.CreatorFactory(tiktok_account__handle="other", tiktok_account__followers=101)
    response = staff_client.get(URL, {"followers_min": "100", "followers_max": "100"})
    assert b"is above the maximum" not in response.content
    assert _handles(response) == ["exact"]


def test_htmx_updates_the_field_errors_with_the_results(staff_client):
    # The filters are not swapped (typing goes on in them): their errors come out of band.
    bad = staff_client.get(
        URL, {"followers_min": "1000", "followers_max": "100"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert bad.lstrip().startswith('<section id="results"')
    assert 'id="id_followers_min_error" aria-live="polite" hx-swap-oob="true">The minimum' in bad
    assert 'id="filter-errors" hx-swap-oob="true"' in bad
    fixed = staff_client.get(
        URL, {"followers_min": "10", "followers_max": "100"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'id="id_followers_min_error" aria-live="polite" hx-swap-oob="true"></p>' in fixed
    assert "is above the maximum" not in fixed


def test_it_renders_only_the_results_for_htmx(staff_client):
    factories.CreatorFactory(tiktok_account__handle="solo")
    response = staff_client.get(URL, {"q": "solo"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "@solo" in html
    assert "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_it_renders_the_whole_page_to_restore_history(staff_client):
    response = staff_client.get(
        URL, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert b"<html" in response.content


def test_it_marks_creators_already_invited(staff_client, partner):
    invited = factories.CreatorFactory()
    factories.InvitationFactory(partner=partner, creator=invited)
    factories.InvitationFactory(creator=factories.CreatorFactory())  # another partner's
    response = staff_client.get(URL)
    assert response.context["result"].invited_ids == {invited.pk}
    assert response.content.count(b">Invited</span>") == 1


def test_it_carries_the_filters_into_select_all_matching(staff_client):
    factories.CreatorFactory()
    response = staff_client.get(URL, {"category": "beauty", "page": "1"})
    assert b'name="match" value="category=beauty"' in response.content
    assert b'name="page_of" value="category=beauty&amp;page=1&amp;per_page=20"' in response.content


@pytest.mark.parametrize("sort", ["followers", "sales", "newest"])
def test_a_text_search_pages_its_matches_in_order_with_an_exact_count(staff_client, sort):
    # Ties on the sort column are ordered newest id first, as in every other search.
    for i in range(25):
        factories.CreatorFactory(
            tiktok_account__handle=f"makes_{i:02d}",
            tiktok_account__followers=[100, 900, 500][i % 3],
            sales_30d=[70, 10, 40, 20][i % 4],
        )
    make_creators(3)  # not matching
    key = {"followers": "followers", "sales": "sales_30d", "newest": "created_at"}[sort]
    expected = [
        c.tiktok_account.handle
        for c in sorted(
            Creator.objects.filter(search_text__contains="makes"),
            key=lambda c: (getattr(c, key), c.pk),
            reverse=True,
        )
    ]
    first = staff_client.get(URL, {"q": "Makes", "sort": sort})
    second = staff_client.get(URL, {"q": "Makes", "sort": sort, "page": 2})
    assert _handles(first) + _handles(second) == expected
    assert b"25 creators match." in first.content
    assert first.context["result"].page.has_next and not second.context["result"].page.has_next


def test_a_text_search_past_the_cap_says_more_and_still_pages_in_order(staff_client, monkeypatch):
    monkeypatch.setattr(selectors, "MATCH_CAP", 4)
    for i, followers in enumerate([5, 50, 500, 5_000, 50_000, 1]):
        factories.CreatorFactory(
            tiktok_account__handle=f"makes_{i}", tiktok_account__followers=followers
        )
    response = staff_client.get(URL, {"q": "makes", "per_page": 20})
    assert _handles(response) == [f"makes_{i}" for i in (4, 3, 2, 1, 0, 5)]
    assert b"4+ creators match." in response.content


def test_a_text_search_costs_the_same_queries_as_any_other(staff_client, django_assert_num_queries):
    make_creators(30, tiktok_account__display_name="Maya Makes")
    # session, user, membership, matching ids (counted), the page's rows, invited marks
    with django_assert_num_queries(6):
        response = staff_client.get(URL, {"q": "maya makes", "per_page": 20})
    assert len(response.context["result"].page.items) == 20


@pytest.mark.parametrize("rows", [10, 200])
def test_it_costs_the_same_queries_at_any_page_size(
    staff_client, partner, rows, django_assert_num_queries
):
    creators = make_creators(rows)
    for creator in creators[::3]:
        factories.InvitationFactory(partner=partner, creator=creator)
    # session, user, membership, page rows, capped count, invited marks
    with django_assert_num_queries(6):
        response = staff_client.get(URL, {"per_page": 200})
    assert len(response.context["result"].page.items) == rows


def test_it_sends_strangers_away(client, creator_client, seller_client):
    assert client.get(URL).status_code == 302
    assert creator_client.get(URL).status_code == 403
    assert seller_client.get(URL).status_code == 403


def test_it_refuses_post(staff_client):
    assert staff_client.post(URL).status_code == 405
