"""Listed creators' search words (creators 0015): PostgreSQL's triggers keep them in step with
every insert, update and delete of creators, and Find Creators trusts them to say a search
has more matches than it counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from creators import selectors, services
from creators.models import Creator, SearchWord
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the words are kept by PostgreSQL triggers"
    ),
]
URL = reverse("creators:find")


def _words(creator: Creator) -> set[str]:
    return set(SearchWord.objects.filter(creator=creator).values_list("word", flat=True))


def test_a_listed_creator_has_each_run_of_three_letters_or_more_once():
    creator = factories.CreatorFactory(
        tiktok_account__handle="anh.nguyen_42", tiktok_account__display_name="Nguyễn Thị Ánh"
    )
    assert _words(creator) == {"anh", "nguyen", "nguyễn", "thị", "ánh"}
    assert SearchWord.kept()


def test_brand_and_tiktok_accounts_have_none():
    for kind in (Creator.AccountKind.OFFICIAL, Creator.AccountKind.MARKETING):
        assert _words(factories.CreatorFactory(account_kind=kind)) == set()


def test_a_new_name_replaces_the_words_when_the_sync_copies_it():
    creator = factories.CreatorFactory(
        tiktok_account__handle="mia.stone", tiktok_account__display_name="Mia Stone"
    )
    account = creator.tiktok_account
    account.handle, account.display_name = "mia.rivers", "Mia Rivers"
    account.save()
    assert services.creators_sync_from_tiktok() == 1
    assert _words(creator) == {"mia", "rivers"}


def test_leaving_the_directory_or_being_deleted_takes_the_words_away():
    leaving, deleted, staying = factories.CreatorFactory.create_batch(3)
    words = _words(leaving)
    assert words and _words(staying)
    Creator.objects.filter(pk=leaving.pk).update(account_kind=Creator.AccountKind.OFFICIAL)
    deleted.delete()
    assert _words(leaving) == set()
    assert not SearchWord.objects.filter(creator_id=deleted.pk).exists()
    assert _words(staying)
    Creator.objects.filter(pk=leaving.pk).update(account_kind=Creator.AccountKind.CREATOR)
    assert _words(leaving) == words


def test_an_update_that_keeps_the_search_text_keeps_the_words_once():
    creator = factories.CreatorFactory(tiktok_account__display_name="Kofi Makes")
    before = _words(creator)
    Creator.objects.update(sales_30d=1)
    creator.save()
    assert _words(creator) == before
    assert SearchWord.objects.filter(creator=creator).count() == len(before)


@pytest.fixture
def cap_of_four(monkeypatch):
    monkeypatch.setattr(selectors, "MATCH_CAP", 4)


def _makers(count: int) -> None:
    for i, followers in enumerate([5, 50, 500, 5_000, 50_000, 1][:count]):
        factories.CreatorFactory(
            tiktok_account__handle=f"kofi.makes{i}",
            tiktok_account__display_name="Kofi Makes",
            tiktok_account__followers=followers,
        )


@pytest.mark.parametrize("q", ["makes", "make", "kofi makes"])
def test_a_word_of_more_creators_than_the_cap_and_any_other_search_count_alike(
    staff_client, cap_of_four, q, django_assert_num_queries
):
    # "makes" is a word of all six, past the cap of four: the count stops before the trigram
    # index. "make" and "kofi makes" are not words: they count on the index. Same answer.
    _makers(6)
    # session, user, membership, matching ids (counted), the page's rows, invited marks,
    # today's invitations (the quota)
    with django_assert_num_queries(7):
        response = staff_client.get(URL, {"q": q})
    result = response.context["result"]
    assert [c.followers for c in result.page.items] == [50_000, 5_000, 500, 50, 5, 1]
    assert b"4+ creators match." in response.content


def test_a_word_of_no_more_creators_than_the_cap_is_counted_exactly(staff_client, cap_of_four):
    # Three creators have the word, a fourth only contains it: four matches, not past the cap.
    _makers(3)
    factories.CreatorFactory(
        tiktok_account__handle="unmakes",
        tiktok_account__display_name="U",
        tiktok_account__followers=0,
    )
    response = staff_client.get(URL, {"q": "makes", "sort": "followers_asc"})
    assert [c.followers for c in response.context["result"].page.items] == [0, 5, 50, 500]
    assert b"4 creators match." in response.content


def test_a_word_counts_only_with_the_search_alone(staff_client, cap_of_four):
    # Six creators have the word, but only two of them sell food: the count is exact.
    _makers(6)
    Creator.objects.filter(followers__in=[5, 50]).update(category="food")
    response = staff_client.get(URL, {"q": "makes", "category": "food"})
    assert [c.followers for c in response.context["result"].page.items] == [50, 5]
    assert b"2 creators match." in response.content
