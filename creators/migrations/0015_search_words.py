"""The words of listed creators' search texts (`SearchWord`), kept by PostgreSQL triggers, and
filled for the creators there already. SQLite gets the empty table and no triggers.

The triggers run once a statement on its changed rows (transition tables): the hourly sync's
UPDATE of a million search texts or a COPY of a million creators rewrites their words in one
INSERT … SELECT, not a million small ones. A word is a run of letters (any alphabet) of
three or more, searches shorter than that never reading it. Words compare byte by byte
(COLLATE "C"): they are only ever looked up whole, and the key of ten million creators' words
builds twice as fast without the language's collation. The functions are created or replaced:
dropping the tables (as django-test-migrations does) leaves them behind.
"""

from django.db import migrations, models

WORDS = """
ALTER TABLE creators_searchword ALTER COLUMN word TYPE varchar(60) COLLATE "C";

CREATE OR REPLACE FUNCTION creators_search_words(search_text text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT word FROM regexp_split_to_table(search_text, '[^[:alpha:]]+') AS word
    WHERE length(word) >= 3
$$;

CREATE OR REPLACE FUNCTION creators_search_words_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO creators_searchword (word, creator_id)
    SELECT word, n.id FROM new_rows AS n, creators_search_words(n.search_text) AS word
    WHERE n.account_kind = 'creator';
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION creators_search_words_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM creators_searchword AS w USING new_rows AS n, old_rows AS o
    WHERE w.creator_id = n.id AND o.id = n.id
      AND (n.search_text, n.account_kind) IS DISTINCT FROM (o.search_text, o.account_kind);
    INSERT INTO creators_searchword (word, creator_id)
    SELECT word, n.id
    FROM new_rows AS n JOIN old_rows AS o USING (id), creators_search_words(n.search_text) AS word
    WHERE n.account_kind = 'creator'
      AND (n.search_text, n.account_kind) IS DISTINCT FROM (o.search_text, o.account_kind);
    RETURN NULL;
END $$;

CREATE OR REPLACE TRIGGER creators_search_words_added AFTER INSERT ON creators_creator
REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION creators_search_words_added();

CREATE OR REPLACE TRIGGER creators_search_words_changed AFTER UPDATE ON creators_creator
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION creators_search_words_changed();

INSERT INTO creators_searchword (word, creator_id)
SELECT word, c.id FROM creators_creator AS c, creators_search_words(c.search_text) AS word
WHERE c.account_kind = 'creator';
"""

NO_WORDS = """
DROP TRIGGER creators_search_words_changed ON creators_creator;
DROP TRIGGER creators_search_words_added ON creators_creator;
DROP FUNCTION creators_search_words_changed();
DROP FUNCTION creators_search_words_added();
DROP FUNCTION creators_search_words(text);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WORDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(NO_WORDS)


class Migration(migrations.Migration):
    dependencies = [("creators", "0014_directory_planner_settings")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "word",
                        "creator",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("word", models.CharField(max_length=60)),
                (
                    "creator",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE,
                        related_name="+",
                        to="creators.creator",
                    ),
                ),
            ],
        ),
        migrations.RunPython(forwards, backwards),
    ]
