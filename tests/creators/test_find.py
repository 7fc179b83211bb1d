from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from creators import directory_rules, selectors
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


def test_it_lists_creator_accounts_only_not_brands_or_tiktoks_own(staff_client):
    factories.CreatorFactory(
        tiktok_account__handle="maker", tiktok_account__display_name="Brand fan"
    )
    for kind in (Creator.AccountKind.OFFICIAL, Creator.AccountKind.MARKETING):
        factories.CreatorFactory(
            tiktok_account__handle=f"brand.{kind}",
            tiktok_account__display_name="Brand",
            account_kind=kind,
        )
    assert _handles(staff_client.get(URL)) == ["maker"]
    assert _handles(staff_client.get(URL, {"q": "brand"})) == ["maker"]
    assert _handles(staff_client.get(URL, {"q": "br"})) == []
    assert selectors.directory_ids({"q": "brand"}) == [
        Creator.objects.get(account_kind="creator").pk
    ]


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
    # session, user, membership, matching ids (counted), the page's rows, invited marks,
    # today's invitations (the quota)
    with django_assert_num_queries(7):
        response = staff_client.get(URL, {"q": "maya makes", "per_page": 20})
    assert len(response.context["result"].page.items) == 20


@pytest.mark.parametrize("rows", [10, 200])
def test_it_costs_the_same_queries_at_any_page_size(
    staff_client, partner, rows, django_assert_num_queries
):
    creators = make_creators(rows)
    for creator in creators[::3]:
        factories.InvitationFactory(partner=partner, creator=creator)
    # session, user, membership, page rows, capped count, invited marks, the quota
    with django_assert_num_queries(7):
        response = staff_client.get(URL, {"per_page": 200})
    assert len(response.context["result"].page.items) == rows


def test_it_sends_strangers_away(client, creator_client, seller_client):
    assert client.get(URL).status_code == 302
    assert creator_client.get(URL).status_code == 403
    assert seller_client.get(URL).status_code == 403


def test_it_refuses_post(staff_client):
    assert staff_client.post(URL).status_code == 405


# --- TikTok's filters, sorts both ways and page numbers ---------------------------------------

RANGE_FIELDS = [
    ("followers", "followers"),
    ("sales", "sales_30d"),
    ("units", "units_sold_30d"),
    ("views", "avg_views"),
    ("engagement", "engagement_rate"),
]


@pytest.mark.parametrize(("name", "field"), RANGE_FIELDS)
def test_each_range_includes_both_ends_and_excludes_just_outside(staff_client, name, field):
    for handle, figure in [("below", 9), ("low", 10), ("high", 20), ("above", 21)]:
        factories.CreatorFactory(tiktok_account__handle=handle, **{field: figure})
    response = staff_client.get(URL, {f"{name}_min": "10", f"{name}_max": "20"})
    assert sorted(_handles(response)) == ["high", "low"]
    assert sorted(_handles(staff_client.get(URL, {f"{name}_min": "20"}))) == ["above", "high"]
    assert sorted(_handles(staff_client.get(URL, {f"{name}_max": "10"}))) == ["below", "low"]


def test_engagement_rate_filters_to_the_hundredth_of_a_percent(staff_client):
    factories.CreatorFactory(tiktok_account__handle="under", engagement_rate=Decimal("4.99"))
    factories.CreatorFactory(tiktok_account__handle="at", engagement_rate=Decimal("5.00"))
    assert _handles(staff_client.get(URL, {"engagement_min": "5"})) == ["at"]
    assert _handles(staff_client.get(URL, {"engagement_max": "4.99"})) == ["under"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [("video", ["both", "video"]), ("live", ["both", "live"]), ("", ["both", "live", "video"])],
)
def test_content_type_matches_creators_who_post_it_alone_or_with_the_other(
    staff_client, content, expected
):
    for kind in ["video", "live", "both"]:
        factories.CreatorFactory(tiktok_account__handle=kind, content_type=kind)
    assert sorted(_handles(staff_client.get(URL, {"content_type": content}))) == expected


def test_fast_growing_shows_only_creators_growing_at_the_threshold_or_faster(staff_client):
    threshold = directory_rules.FAST_GROWING_PERCENT
    factories.CreatorFactory(tiktok_account__handle="steady", followers_growth_30d=threshold - 1)
    factories.CreatorFactory(tiktok_account__handle="rising", followers_growth_30d=threshold)
    response = staff_client.get(URL, {"fast_growing": "on"})
    assert _handles(response) == ["rising"]
    assert b"Fast growing</span>" in response.content
    assert sorted(_handles(staff_client.get(URL))) == ["rising", "steady"]


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"views_min": "-1"}, "views_min", "Enter 0 or more."),
        ({"units_max": "-5"}, "units_max", "Enter 0 or more."),
        ({"sales_min": "1" + "0" * 20}, "sales_min", "Enter at most 1,000,000,000,000,000."),
        ({"engagement_max": "100.5"}, "engagement_max", "Enter a percentage from 0 to 100."),
        ({"engagement_min": "-0.5"}, "engagement_min", "Enter a percentage from 0 to 100."),
        ({"engagement_min": "5.555"}, "engagement_min", "Enter at most 2 decimal places."),
        ({"engagement_min": "lots"}, "engagement_min", "Enter a number."),
        ({"views_min": "9", "views_max": "3"}, "views_min", "The minimum (9) is above the"),
        (
            {"engagement_min": "9.5", "engagement_max": "3"},
            "engagement_min",
            "The minimum (9.5) is above the maximum (3)",
        ),
        ({"content_type": "podcast"}, "content_type", "Select a valid choice."),
        ({"sort": "loudest"}, "sort", "Select a valid choice."),
    ],
)
def test_it_explains_each_bad_filter_and_ignores_it(staff_client, params, field, message):
    factories.CreatorFactory(tiktok_account__handle="only")
    response = staff_client.get(URL, params)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some filters were ignored" in html
    assert f'id="id_{field}_error" aria-live="polite">{message}' in html
    assert _handles(response) == ["only"]


def test_an_engagement_rate_of_exactly_0_or_100_is_a_valid_range(staff_client):
    factories.CreatorFactory(engagement_rate=Decimal("100"))
    response = staff_client.get(URL, {"engagement_min": "0", "engagement_max": "100"})
    assert b"Some filters were ignored" not in response.content
    assert len(_handles(response)) == 1


@pytest.mark.parametrize("name", list(selectors.SORTS))
def test_every_sort_orders_its_figure_its_way_with_ties_by_id_the_same_way(staff_client, name):
    sort = selectors.SORTS[name]
    made = [
        factories.CreatorFactory(
            tiktok_account__handle=f"c{i}",
            tiktok_account__followers=[300, 100, 200, 100][i],
            sales_30d=[5, 9, 5, 1][i],
            units_sold_30d=[7, 7, 2, 9][i],
            avg_views=[40, 10, 30, 40][i],
            engagement_rate=[Decimal("1.5"), Decimal("7"), Decimal("1.5"), Decimal("3")][i],
        )
        for i in range(4)
    ]
    expected = sorted(made, key=lambda c: (getattr(c, sort.column), c.pk), reverse=sort.descending)
    response = staff_client.get(URL, {"sort": name})
    assert _handles(response) == [c.tiktok_account.handle for c in expected]
    assert f'<option value="{name}" selected>{sort.label}</option>' in response.content.decode()


def test_oldest_is_newest_reversed(staff_client):
    make_creators(5)
    newest = _handles(staff_client.get(URL, {"sort": "newest"}))
    assert _handles(staff_client.get(URL, {"sort": "oldest"})) == newest[::-1]


def test_a_text_search_sorts_ascending_too(staff_client):
    for i, followers in enumerate([500, 5, 50]):
        factories.CreatorFactory(
            tiktok_account__handle=f"makes_{i}", tiktok_account__followers=followers
        )
    assert _handles(staff_client.get(URL, {"q": "makes", "sort": "followers_asc"})) == [
        "makes_1",
        "makes_2",
        "makes_0",
    ]


def test_it_numbers_the_pages_and_says_how_many(staff_client):
    make_creators(45)
    response = staff_client.get(URL, {"page": 2, "category": "beauty"})
    html = response.content.decode()
    assert "Page 2 of 3" in html
    assert '<span aria-current="page">2</span>' in html
    assert 'href="/creators/find/?category=beauty&amp;page=1" ' in html
    assert 'href="/creators/find/?category=beauty&amp;page=3" ' in html
    last = staff_client.get(URL, {"page": 3})
    assert len(last.context["result"].page.items) == 5
    assert b'rel="next"' not in last.content


def test_page_numbers_stop_at_the_counted_cap_and_leave_gaps(staff_client, monkeypatch):
    monkeypatch.setattr(selectors, "MATCH_CAP", 100)
    make_creators(130)
    response = staff_client.get(URL, {"page": 3})
    result = response.context["result"]
    assert result.matches_capped
    assert result.pages == 5  # 100 counted, 20 a page
    assert result.page_numbers == [1, 2, 3, 4, 5]
    assert b"100+ creators match." in response.content
    assert b"Page 3 of 5+" in response.content
    last = staff_client.get(URL, {"page": 5})
    assert not last.context["result"].has_next  # more rows, but past the count
    assert b'rel="next"' not in last.content
    monkeypatch.setattr(selectors, "MATCH_CAP", 400)
    deep = staff_client.get(URL, {"page": 5, "per_page": 20}).context["result"]
    assert deep.page_numbers == [1, None, 3, 4, 5, 6, 7]


def test_page_links_keep_every_filter(staff_client):
    make_creators(25, engagement_rate=Decimal("6"), content_type="live")
    params = {"engagement_min": "5", "content_type": "live", "fast_growing": "", "sort": "views"}
    html = staff_client.get(URL, params).content.decode()
    assert (
        "?engagement_min=5&amp;content_type=live&amp;fast_growing=&amp;sort=views&amp;page=2"
        in html
    )


@pytest.mark.parametrize("rows", [10, 500])
def test_every_filter_at_once_costs_the_same_queries_at_any_size(
    staff_client, rows, django_assert_num_queries
):
    make_creators(
        rows,
        tiktok_account__followers=5_000,
        avg_views=3_000,
        engagement_rate=Decimal("8"),
        content_type="both",
        followers_growth_30d=Decimal("20"),
    )
    params = {
        "category": "beauty",
        "market": "US",
        "followers_min": 1_000,
        "sales_min": 1,
        "units_min": 1,
        "views_min": 1_000,
        "views_max": 10_000,
        "engagement_min": "5",
        "engagement_max": "10",
        "content_type": "live",
        "fast_growing": "on",
        "sort": "engagement_asc",
        "per_page": 200,
    }
    # session, user, membership, page rows, capped count, invited marks, today's quota
    with django_assert_num_queries(7):
        response = staff_client.get(URL, params)
    assert len(response.context["result"].page.items) == min(rows, 200)
