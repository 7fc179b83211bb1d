"""creators 0015 gives the creators there already their search words (on PostgreSQL), keeps
every creator, and goes back without a trace."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.migrations import migrate_to

BEFORE = [("creators", "0014_directory_planner_settings")]
AFTER = [("creators", "0015_search_words")]

pytestmark = pytest.mark.usefixtures("latest_migrations_afterwards")


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'creators_creator'::regclass"
            " AND NOT tgisinternal"
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_it_writes_the_words_of_listed_creators_and_goes_back():
    old = migrate_to(BEFORE)
    TikTokAccount = old.get_model("tiktok", "TikTokAccount")
    Creator = old.get_model("creators", "Creator")
    for n, (kind, text) in enumerate(
        [("creator", "lan.tran7 trần lan"), ("official", "acme.shop acme shop")]
    ):
        account = TikTokAccount.objects.create(
            handle=f"wordmig{n}", display_name="W", birth_date="1990-01-01", email=f"w{n}@x.com"
        )
        Creator.objects.create(
            tiktok_account=account,
            category="food",
            market="GB",
            account_kind=kind,
            search_text=text,
        )

    new = migrate_to(AFTER)
    Creator = new.get_model("creators", "Creator")
    assert sorted(Creator.objects.values_list("search_text", flat=True)) == [
        "acme.shop acme shop",
        "lan.tran7 trần lan",
    ]
    words = new.get_model("creators", "SearchWord").objects.values_list("word", "creator")
    if connection.vendor != "postgresql":
        assert not words.exists()  # SQLite keeps no words
        return
    listed = Creator.objects.get(account_kind="creator").pk
    assert sorted(words) == [("lan", listed), ("tran", listed), ("trần", listed)]
    assert _triggers() == {"creators_search_words_added", "creators_search_words_changed"}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns"
            " WHERE table_name = 'creators_searchword' AND column_name = 'word'"
        )
        assert cursor.fetchone() == ("C",)

    migrate_to(BEFORE)
    assert _triggers() == set()
    assert "creators_searchword" not in connection.introspection.table_names()
