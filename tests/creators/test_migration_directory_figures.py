"""creators 0012 gives every creator TikTok's directory figures: existing creators keep every
field they had and start at zero views, zero engagement, video content and no growth, until the
next sync from TikTok fills them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from tests.migrations import migrate_to

BEFORE = [("creators", "0011_outreach_from_bulk_jobs")]
AFTER = [("creators", "0012_directory_figures")]

pytestmark = pytest.mark.usefixtures("latest_migrations_afterwards")


@pytest.mark.django_db(transaction=True)
def test_it_keeps_every_creator_and_starts_the_new_figures_at_zero():
    old = migrate_to(BEFORE)
    TikTokAccount = old.get_model("tiktok", "TikTokAccount")
    Creator = old.get_model("creators", "Creator")
    for n in range(3):
        account = TikTokAccount.objects.create(
            handle=f"figmig{n}",
            display_name=f"F {n}",
            birth_date="1990-01-01",
            email=f"f{n}@example.com",
            followers=1_000 * (n + 1),
        )
        Creator.objects.create(
            tiktok_account=account,
            category="food",
            market="GB",
            sales_30d=100 * n,
            units_sold_30d=10 * n,
            followers=1_000 * (n + 1),
            search_text=f"figmig{n} f {n}",
        )
    before = {c.code: (c.sales_30d, c.units_sold_30d, c.followers) for c in Creator.objects.all()}

    new = migrate_to(AFTER)
    Creator = new.get_model("creators", "Creator")
    after = Creator.objects.order_by("followers")
    assert {c.code: (c.sales_30d, c.units_sold_30d, c.followers) for c in after} == before
    assert {
        (c.avg_views, c.engagement_rate, c.content_type, c.followers_growth_30d) for c in after
    } == {(0, Decimal("0.00"), "video", Decimal("0.00"))}
    creator = after.first()
    creator.engagement_rate = Decimal("100.01")
    with (
        pytest.raises(IntegrityError, match="creators_creator_engagement_rate_percent"),
        transaction.atomic(),
    ):
        creator.save()


@pytest.mark.django_db(transaction=True)
def test_creators_0013_keeps_brand_accounts_for_partnerships_but_indexes_only_creators():
    old = migrate_to(AFTER)
    TikTokAccount = old.get_model("tiktok", "TikTokAccount")
    Creator = old.get_model("creators", "Creator")
    for n, kind in enumerate(("creator", "official", "marketing")):
        account = TikTokAccount.objects.create(
            handle=f"kindmig{n}", display_name="K", birth_date="1990-01-01", email=f"k{n}@x.com"
        )
        Creator.objects.create(
            tiktok_account=account, category="food", market="GB", account_kind=kind
        )

    new = migrate_to([("creators", "0013_directory_lists_creator_accounts")])
    Creator = new.get_model("creators", "Creator")
    assert sorted(Creator.objects.values_list("account_kind", flat=True)) == [
        "creator",
        "marketing",
        "official",
    ]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'creators_dir_followers'"
            )
            assert "WHERE ((account_kind)::text = 'creator'::text)" in cursor.fetchone()[0]


def _planner_settings() -> tuple[int | None, list[str] | None]:
    """The search text's statistics target and the directory table's storage options."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attstattarget, c.reloptions FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid"
            " WHERE a.attrelid = 'creators_creator'::regclass AND a.attname = 'search_text'"
        )
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True)
def test_creators_0014_plans_searches_on_the_trigram_index_alone_and_goes_back():
    """A finer histogram of the search text, so the planner's guess of how many creators a name
    search matches picks the trigram index, and no parallel scans; every creator is kept."""
    old = migrate_to([("creators", "0013_directory_lists_creator_accounts")])
    TikTokAccount = old.get_model("tiktok", "TikTokAccount")
    Creator = old.get_model("creators", "Creator")
    account = TikTokAccount.objects.create(
        handle="statmig", display_name="S", birth_date="1990-01-01", email="s@x.com"
    )
    Creator.objects.create(
        tiktok_account=account, category="food", market="GB", search_text="statmig s"
    )

    new = migrate_to([("creators", "0014_directory_planner_settings")])
    assert list(new.get_model("creators", "Creator").objects.values_list("search_text")) == [
        ("statmig s",)
    ]
    if connection.vendor == "postgresql":
        assert _planner_settings() == (1_000, ["parallel_workers=0"])
        migrate_to([("creators", "0013_directory_lists_creator_accounts")])
        target, options = _planner_settings()
        assert target in (-1, None) and not options  # PostgreSQL's defaults again
