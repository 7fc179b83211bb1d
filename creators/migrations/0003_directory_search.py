"""Fill the directory's copies of TikTok figures, and make search fast on PostgreSQL.

The trigram extension and GIN index exist only on PostgreSQL; on SQLite (make run, plain
make test) these operations do nothing and search is a plain LIKE.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Concat, Left, Lower

TRGM_INDEX = "creators_dir_search_trgm"


def fill_copies(apps, schema_editor):
    Creator = apps.get_model("creators", "Creator")
    TikTokAccount = apps.get_model("accounts", "TikTokAccount")
    account = TikTokAccount.objects.filter(pk=OuterRef("tiktok_account_id"))
    text = Concat(
        Subquery(account.values("handle")[:1]),
        Value(" "),
        Subquery(account.values("display_name")[:1]),
        output_field=CharField(),
    )
    Creator.objects.update(
        followers=Subquery(account.values("followers")[:1]), search_text=Lower(Left(text, 60))
    )


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON creators_creator "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("creators", "0002_directory_and_bulk_invites"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(fill_copies, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
