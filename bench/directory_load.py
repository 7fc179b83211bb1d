"""P10's directory of ten million creators, generated inside PostgreSQL.

demo/directory.py writes rows from Python (COPY), about 11,000 a second: fifteen minutes for
ten million. Here `INSERT … SELECT … FROM generate_series` makes the TikTok accounts and their
creators on the server, with the tables' secondary indexes and unique and foreign key
constraints dropped for the load and rebuilt after it (autovacuum off meanwhile), then
VACUUM ANALYZE. A statement keeps one server process busy, so the chunks of rows, then the
index builds (the trigram one first), then the VACUUMs run on WORKERS connections at once. The
names come from demo/directory.py's pools (each market's given and family names); every figure
comes from a hash of the row number, so both inserts agree on a row, and figures follow the
same shapes as demo/directory.py's.

Every concrete column is written: those listed in the expressions below, and every other one
with its model default (Django's defaults are not database defaults), so a new NOT NULL column
cannot be missed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from creators.models import Category, Creator, SearchWord
from demo import directory
from tiktok.models import TikTokAccount

FIRST_ROW = 10**9
CHUNK = 1_000_000  # rows a statement: its sorts stay in memory, and the log shows progress
WORKERS = 2  # connections loading at once: the cores of the machine P10's target is set for
# Session settings for the load's statements: index builds sort in memory.
SESSION = ("SET maintenance_work_mem = '1GB'", "SET work_mem = '64MB'")


def _u(k: int) -> str:
    """A uniform number in [0, 1) from the row number `i` and the stream `k`."""
    return f"((hashint8extended(i, {k}) & 1048575)::float8 / 1048576)"


def _normal(k: int) -> str:
    """A standard normal number (Box-Muller) from streams k and k+1."""
    return f"(sqrt(-2 * ln(1 - {_u(k)})) * cos(2 * pi() * {_u(k + 1)}))"


# One row of the directory per `i`: who it is and its figures (see demo/directory.py for the
# Python twins: _followers, _sales, _figures). Rows are written in the order of `i`, as
# creators sign up: markets mixed on every page. The joins alone may hand them over market by
# market, and a common surname's matches then fill a few hundred pages instead of spreading
# over the table (a name search read 432 pages where signup order reads thousands).
ROWS = f"""
SELECT i, %(first_id)s::bigint + (i - %(start)s::bigint) AS account_id,
       %(first_creator_id)s::bigint + (i - %(start)s::bigint) AS creator_id, p.market, p.category,
       left(g.ascii || '.' || f.ascii, 24 - length(i::text)) || i AS handle,
       left(g.written || ' ' || f.written, 30) AS display_name,
       least(floor(1000 * power(1 - {_u(3)}, -1 / 1.1)), 40000000)::bigint AS followers,
       {_u(4)} AS u_sales, {_normal(5)} AS n_sales, {_u(7)} AS u_units,
       {_normal(8)} AS n_views, {_normal(10)} AS n_engagement, {_u(12)} AS u_content,
       {_u(13)} AS u_growth
FROM generate_series(%(chunk)s::bigint, %(stop)s::bigint - 1) AS i
JOIN p10_pool AS p ON p.n = (hashint8extended(i, 0) & 1023) %% %(pools)s
JOIN p10_name AS g ON g.market = p.market AND g.kind = 'given'
  AND g.k = (hashint8extended(i, 1) & 1048575) %% p.givens
JOIN p10_name AS f ON f.market = p.market AND f.kind = 'family'
  AND f.k = (hashint8extended(i, 2) & 1048575) %% p.families
"""

ACCOUNT_COLUMNS = {
    "id": "r.account_id",
    "handle": "r.handle",
    "display_name": "r.display_name",
    "birth_date": "date '1988-01-01' + (hashint8extended(r.i, 20) & 4095)::int",
    "followers": "r.followers",
    "following": "12 + (hashint8extended(r.i, 21) & 2047)",
    "likes": "(r.followers * (4 + 41 * r.u_sales))::bigint",
    "created_at": "now()",
}
SALES = (
    "(CASE WHEN r.u_sales < 0.2 THEN 0 ELSE floor(r.followers * exp(-2.5 + 1.2 * r.n_sales)) END)"
)
CREATOR_COLUMNS = {
    "id": "r.creator_id",
    "code": "gen_random_uuid()",
    "user_id": "NULL",
    "tiktok_account_id": "r.account_id",
    "category": "r.category",
    "market": "r.market",
    "sales_30d": f"{SALES}::bigint",
    "units_sold_30d": f"least(floor({SALES} / (6 + 39 * r.u_units)), 2000000000)::int",
    "avg_views": "floor(r.followers * exp(-1.6 + 0.9 * r.n_views))::bigint",
    "engagement_rate": "round(least(exp(1.4 + 0.6 * r.n_engagement), 40)::numeric, 2)",
    "content_type": (
        "CASE WHEN r.u_content < 0.6 THEN 'video' WHEN r.u_content < 0.8 THEN 'live' "
        "ELSE 'both' END"
    ),
    "followers_growth_30d": "round((power(r.u_growth, 8) * 50 - 2)::numeric, 2)",
    # Older than demo/directory.py's rows (a minute apart from now on), six seconds apart.
    "created_at": "now() - interval '2 years' - make_interval(secs => (r.i - %(start)s) * 6)",
    "followers": "r.followers",
    "search_text": "left(lower(r.handle || ' ' || r.display_name), 60)",
}


def grow(count: int, *, log=print) -> dict[str, float]:
    """Add generated creators until the directory holds `count`; returns how many were added
    ("added") and the seconds each step took ("insert", "indexes", "vacuum")."""
    accounts, creators = TikTokAccount._meta.db_table, Creator._meta.db_table
    # Creators' search words, which their insert's trigger writes (creators 0015).
    words = SearchWord._meta.db_table
    tables = (accounts, creators, words)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {creators}")
        added = count - cursor.fetchone()[0]
        if added <= 0:
            return {"added": 0, "insert": 0.0, "indexes": 0.0, "vacuum": 0.0}
        for statement in SESSION:
            cursor.execute(statement)
        options = {table: _bulk_load_options(cursor, table) for table in tables}
        indexes, constraints = [], []
        for table in tables:
            # Rows reach the words' primary key in no order: it is built after them too.
            table_indexes, table_constraints = _drop_secondary(cursor, table, keys=table == words)
            indexes += table_indexes
            constraints += table_constraints
        t = time.perf_counter()
        # Ids are taken at once, so that row i knows its account's and its own, whichever
        # connection writes it. Row numbers start past demo/directory.py's, so that no handle
        # is one it made.
        shared = {
            "first_id": _take_ids(cursor, accounts, added),
            "first_creator_id": _take_ids(cursor, creators, added),
            "start": FIRST_ROW,
        }

        def load(chunk: int) -> Callable:
            def job(cursor) -> None:
                _pool_table(cursor)
                stop = min(chunk + CHUNK, FIRST_ROW + added)
                params = {**shared, "pools": _pools(cursor), "chunk": chunk, "stop": stop}
                _insert(cursor, TikTokAccount, ACCOUNT_COLUMNS, params)
                _insert(cursor, Creator, CREATOR_COLUMNS, params)
                log(f"  directory: rows {chunk - FIRST_ROW:,} to {stop - FIRST_ROW:,} of {added:,}")

            return job

        _in_parallel([load(chunk) for chunk in range(FIRST_ROW, FIRST_ROW + added, CHUNK)])
        inserted = time.perf_counter() - t
        t = time.perf_counter()
        # The trigram index first: GIN builds on one process, the B-trees on two each.
        indexes.sort(key=lambda statement: " USING gin " not in statement)
        _in_parallel([_statement(sql) for sql in indexes])
        for statement in constraints:
            cursor.execute(statement)
        rebuilt = time.perf_counter() - t
        log(
            f"  {len(indexes)} indexes and {len(constraints)} constraints rebuilt in {rebuilt:.0f} s"
        )
        for table, saved in options.items():
            cursor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled, parallel_workers)")
            if saved:
                cursor.execute(f"ALTER TABLE {table} SET ({', '.join(saved)})")
        t = time.perf_counter()
        _in_parallel([_statement(f"VACUUM ANALYZE {table}") for table in tables])
        vacuum = time.perf_counter() - t
    return {"added": added, "insert": inserted, "indexes": rebuilt, "vacuum": vacuum}


def _take_ids(cursor, table: str, count: int) -> int:
    """Move the table's id sequence on by `count` and return the first id taken."""
    cursor.execute(
        "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
        "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
        [table, table, count],
    )
    return cursor.fetchone()[0] - count + 1


def _in_parallel(jobs: list[Callable]) -> None:
    """Run each job(cursor) on one of WORKERS connections of its own, and wait for them all;
    the first error is raised."""

    def run(job: Callable) -> None:
        try:
            with connection.cursor() as cursor:
                for statement in SESSION:
                    cursor.execute(statement)
                job(cursor)
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS) as pool:
        for done in [pool.submit(run, job) for job in jobs]:
            done.result()


def _statement(sql: str) -> Callable:
    return lambda cursor: cursor.execute(sql)


def _insert(cursor, model, expressions: dict[str, str], params: dict) -> None:
    columns, values = [], []
    for field in model._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.column in expressions:
            values.append(expressions[field.column])
        elif (field.has_default() and callable(field.default)) or (
            field.get_default() is None and not field.null
        ):
            raise ValueError(f"P10 has no value for {model.__name__}.{field.name}")
        else:
            key = f"default_{field.column}"
            params[key] = field.get_db_prep_save(field.get_default(), connection)
            values.append(f"%({key})s")
    cursor.execute(
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(values)} FROM ({ROWS}) AS r ORDER BY r.i",
        params,
    )


def _pool_table(cursor) -> None:
    """One pool per market and category, and each market's given and family names, written
    and as handles hold them (demo/directory.py's pools), numbered from 0."""
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS p10_pool "
        "(n int, market text, category text, givens int, families int)"
    )
    cursor.execute(
        "CREATE TEMP TABLE IF NOT EXISTS p10_name "
        "(market text, kind text, k int, written text, ascii text)"
    )
    cursor.execute("TRUNCATE p10_pool, p10_name")
    pools, names = [], []
    for market in directory.MARKETS:
        givens, families = directory.name_pools(market)
        for kind, pool in (("given", givens), ("family", families)):
            names += [(market.value, kind, k, n.written, n.ascii) for k, n in enumerate(pool)]
        for category in Category:
            pools.append((len(pools), market.value, category.value, len(givens), len(families)))
    cursor.executemany("INSERT INTO p10_pool VALUES (%s, %s, %s, %s, %s)", pools)
    cursor.executemany("INSERT INTO p10_name VALUES (%s, %s, %s, %s, %s)", names)
    cursor.execute("ANALYZE p10_pool")
    cursor.execute("ANALYZE p10_name")


def _pools(cursor) -> int:
    cursor.execute("SELECT count(*) FROM p10_pool")
    return cursor.fetchone()[0]


def _bulk_load_options(cursor, table: str) -> list[str]:
    """Set the table up for the load and return its storage options, to restore after it: no
    autovacuum while rows pour in (VACUUM ANALYZE follows the load), and parallel index builds
    even where the product turns parallel scans off (creators 0014), which also stops them."""
    cursor.execute("SELECT reloptions FROM pg_class WHERE oid = %s::regclass", [table])
    saved = cursor.fetchone()[0] or []
    cursor.execute(f"ALTER TABLE {table} RESET (parallel_workers)")
    cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
    return saved


def _drop_secondary(cursor, table: str, *, keys: bool = False) -> tuple[list[str], list[str]]:
    """Drop the table's unique and foreign key constraints (its primary key too if `keys`) and
    other indexes; returns the statements that make them again: the indexes, those of unique
    constraints and keys included, which can be built side by side, then the constraints,
    which take the table for themselves (a unique one or a key adopts its index, a foreign
    key checks every row). Check constraints stay: checking a row as it is inserted costs
    less than scanning ten million rows again for each of them."""
    kept = "('c')" if keys else "('p', 'c')"
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid), pg_get_indexdef(conindid) "
        f"FROM pg_constraint WHERE conrelid = %s::regclass AND contype NOT IN {kept}",
        [table],
    )
    constraints = cursor.fetchall()
    for name, *_definitions in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
        [table, table],
    )
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    adopted = {"u": "UNIQUE", "p": "PRIMARY KEY"}
    return [
        *(definition for _name, definition in indexes),
        *(index for _n, kind, _d, index in constraints if kind in adopted),
    ], [
        *(
            f'ALTER TABLE {table} ADD CONSTRAINT "{n}" {adopted[kind]} USING INDEX "{n}"'
            for n, kind, _d, _i in constraints
            if kind in adopted
        ),
        *(
            f'ALTER TABLE {table} ADD CONSTRAINT "{n}" {definition}'
            for n, kind, definition, _i in constraints
            if kind not in adopted
        ),
    ]
