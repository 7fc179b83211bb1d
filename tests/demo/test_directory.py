"""The generated creator directory: people's names and handles, varied figures, the same rows
on every run, and only what is missing added."""

from __future__ import annotations

import re
import statistics
from collections import Counter

import pytest

from creators.models import Creator
from demo import directory
from tests.factories import TikTokAccountFactory
from tiktok.models import TikTokAccount, handle_validator

pytestmark = pytest.mark.django_db

QUIET = {"log": lambda *_: None}


def _directory():
    return Creator.objects.filter(user__isnull=True).select_related("tiktok_account")


def test_it_names_creators_as_people_with_handles_of_their_own():
    directory.seed(300, **QUIET)
    creators = list(_directory())
    handles = [c.tiktok_account.handle for c in creators]
    assert len(set(handles)) == len(handles) == 300
    assert all(handle_validator.regex.match(h) for h in handles)
    assert not [h for h in handles if re.search(r"dir_|\d{4,}", h)]
    names = [c.tiktok_account.display_name for c in creators]
    assert all(re.fullmatch(r"\w+ \w+", name) for name in names), names[:10]
    assert len(set(names)) > 250
    assert len({c.market for c in creators}) == 8
    assert len({c.category for c in creators}) == 8


def test_it_varies_followers_likes_and_sales():
    directory.seed(300, **QUIET)
    creators = list(_directory())
    followers = sorted(c.tiktok_account.followers for c in creators)
    assert followers[0] >= 1_000
    assert followers[-1] > 20 * followers[150]  # a few are much larger than the middle
    assert len({c.tiktok_account.likes for c in creators}) == 300
    sales = [c.sales_30d for c in creators]
    assert 30 < sales.count(0) < 100  # some have sold nothing yet
    assert max(Counter(s for s in sales if s).values()) <= 6  # no figure everybody shares
    assert max(sales) > 50 * statistics.median(sales)
    assert all(c.followers == c.tiktok_account.followers for c in creators)


def test_it_adds_only_the_missing_rows_and_they_are_the_same_as_in_one_run():
    assert directory.seed(120, **QUIET) == 120
    assert directory.seed(300, **QUIET) == 180
    assert directory.seed(300, **QUIET) == 0
    assert directory.seed(50, **QUIET) == 0
    handles = set(_directory().values_list("tiktok_account__handle", flat=True))
    assert handles == {directory.directory_row(i).handle for i in range(300)}


def test_it_leaves_a_handle_someone_signed_up_with_to_them():
    taken = directory.directory_row(7).handle
    someone = TikTokAccountFactory(handle=taken.upper(), display_name="Someone Else")
    assert directory.seed(20, **QUIET) == 19
    someone.refresh_from_db()
    assert someone.display_name == "Someone Else"
    assert not Creator.objects.filter(tiktok_account=someone).exists()
    assert TikTokAccount.objects.filter(handle__iexact=taken).count() == 1
    assert directory.seed(20, **QUIET) == 0


def test_it_varies_views_engagement_content_and_growth():
    directory.seed(300, **QUIET)
    creators = list(_directory())
    views = [c.avg_views for c in creators]
    assert len(set(views)) > 250
    assert statistics.median(views) < statistics.median(c.followers for c in creators)
    rates = [c.engagement_rate for c in creators]
    assert min(rates) > 0 and max(rates) <= 40 and 2 < statistics.median(rates) < 8
    kinds = Counter(c.content_type for c in creators)
    assert kinds["video"] > kinds["live"] > 20 and kinds["both"] > 20
    fast = sum(c.fast_growing for c in creators)
    assert 20 < fast < 100  # about one in six
