"""How PostgreSQL plans Find Creators' searches: a finer histogram of the search text, and no
parallel scans of the directory. SQLite has neither setting: there this does nothing.

- With the default 100 buckets the planner guesses how many creators a name search matches
  only to the bucket: at ten million creators it took "nguyen" (1.4 % of them) for 4 %, judged
  that a sequential scan would find the count's cap of matches sooner than the trigram index,
  and read a million rows (230 ms) where the index reads 130 pages (20 ms). With 1,000 buckets
  its guess is close enough to choose the index.
- A parallel plan takes two more processes for one page of results: 30 ms instead of 20 on an
  idle machine, and slower still when other requests want the same cores, as on a web server
  they do.
"""

from django.db import migrations

STATISTICS = 1_000  # PostgreSQL's default is 100, its maximum 10,000


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE creators_creator ALTER COLUMN search_text SET STATISTICS {STATISTICS:d}"
    )
    schema_editor.execute("ALTER TABLE creators_creator SET (parallel_workers = 0)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE creators_creator ALTER COLUMN search_text SET STATISTICS -1")
    schema_editor.execute("ALTER TABLE creators_creator RESET (parallel_workers)")


class Migration(migrations.Migration):
    dependencies = [("creators", "0013_directory_lists_creator_accounts")]

    operations = [migrations.RunPython(forwards, backwards)]
