"""The generated creator directory for `seed_demo --creators N`: creators without logins, named
as people of their market are (Faker, with a fixed seed), with handles such as `ava.glow12`
and varied followers, likes, sales, views per video, engagement, content and growth.

Row `i` always gets the same handle, name, market and category (`directory_row(i)`), and every
handle ends in `i`, so handles are unique and a run that finds rows 0…n-1 there adds only the
rest. Bulk inserts without password hashes, so a million is practical: on PostgreSQL through
COPY (a million in a few minutes; bulk_create took about three times as long, `make bench` P6).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from faker import Faker

from accounts.models import Market
from creators.models import Category, Creator
from tiktok.models import TikTokAccount

SEED = 20261122
POOL_SIZE = 120  # given names and family names per market: 14,400 pairs each

# Faker's locale for each market and its methods for a given and a family name. Malaysia
# borrows Indonesian names (Malay names are largely shared); Singapore romanized Chinese ones;
# vi_VN's first_name() gives English names, so its women's and men's names are asked for.
NAMES = {
    Market.US: ("en_US", ["first_name"], "last_name"),
    Market.GB: ("en_GB", ["first_name"], "last_name"),
    Market.ID: ("id_ID", ["first_name"], "last_name"),
    Market.MY: ("id_ID", ["first_name"], "last_name"),
    Market.PH: ("fil_PH", ["first_name"], "last_name"),
    Market.SG: ("zh_CN", ["first_romanized_name"], "last_romanized_name"),
    Market.TH: ("en_TH", ["first_name"], "last_name"),
    Market.VN: ("vi_VN", ["first_name_female", "first_name_male"], "last_name"),
}
FAMILY_NAME_FIRST = {Market.VN}

# What a creator of each category calls themselves, in handles and bios.
WORDS = {
    Category.BEAUTY: ["glow", "beauty", "makeup", "skin"],
    Category.FASHION: ["style", "fits", "wears", "ootd"],
    Category.HOME: ["home", "decor", "nest"],
    Category.FOOD: ["eats", "cooks", "bakes", "kitchen"],
    Category.TECH: ["tech", "gadgets", "unboxes"],
    Category.SPORTS: ["fit", "runs", "moves"],
    Category.TOYS: ["toys", "plays", "collects"],
    Category.PETS: ["pets", "paws", "woof"],
}
BIOS = {
    Category.BEAUTY: ["Skincare that works, honest reviews", "GRWM · makeup for every day"],
    Category.FASHION: ["Outfits under $50 · try-on hauls", "Daily fits and styling tips"],
    Category.HOME: ["Small flat, big ideas", "Cleaning, storage and cosy corners"],
    Category.FOOD: ["Weeknight recipes in 15 minutes", "Street food and home baking"],
    Category.TECH: ["Gadgets tested so you don't have to", "Phones, desk setups, unboxings"],
    Category.SPORTS: ["Home workouts and running gear", "Training diary · gear I use"],
    Category.TOYS: ["Toys, collectibles and unboxings", "Board games and builds"],
    Category.PETS: ["Two cats, one dog, many treats", "Pet care tips and reviews"],
}
# Given name, family name, a word of the category; the row's number follows. Names bring only
# letters, so that number, at the end, tells every handle apart.
HANDLE_STYLES = ["{g}.{f}", "{g}_{f}", "{g}{f}", "{g}.{w}", "{g}{w}", "its{g}"]

MASK = 2**64 - 1
MARKETS = list(Market)
CATEGORIES = list(Category)


@dataclass(frozen=True)
class DirectoryRow:
    handle: str
    display_name: str
    bio: str
    market: str
    category: str


@dataclass(frozen=True)
class _Name:
    written: str  # as the display name shows it
    ascii: str  # letters only, lowercased, for handles


@cache
def name_pools(market: Market) -> tuple[list[_Name], list[_Name]]:
    """POOL_SIZE distinct given and family names of the market, the same on every run."""
    locale, given_methods, family_method = NAMES[market]
    fake = Faker(locale)
    fake.seed_instance(f"{SEED}-{market}")
    pools = []
    for methods in (given_methods, [family_method]):
        names: dict[str, _Name] = {}
        for attempt in range(POOL_SIZE * 20):
            if len(names) == POOL_SIZE:
                break
            written = getattr(fake, methods[attempt % len(methods)])()
            ascii_ = _letters(written)
            if 2 <= len(ascii_) <= 10:
                names.setdefault(ascii_, _Name(written, ascii_))
        pools.append(list(names.values()))
    return pools[0], pools[1]


def _letters(name: str) -> str:
    """`Nguyễn` → `nguyen`, `O'Neil` → `oneil`: what a handle can hold."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in folded.lower() if "a" <= c <= "z")


def _mix(i: int) -> int:
    """splitmix64: a cheap, well-spread number for row `i`, so neighbours look unrelated."""
    z = (i + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def directory_row(i: int) -> DirectoryRow:
    """Who row `i` of the directory is: the same on every run."""
    z = _mix(i)
    z, m = divmod(z, len(MARKETS))
    z, c = divmod(z, len(CATEGORIES))
    market, category = MARKETS[m], CATEGORIES[c]
    givens, families = name_pools(market)
    words, bios = WORDS[category], BIOS[category]
    z, g = divmod(z, len(givens))
    z, f = divmod(z, len(families))
    z, style = divmod(z, len(HANDLE_STYLES))
    z, w = divmod(z, len(words))
    given, family = givens[g], families[f]
    number = str(i)
    base = HANDLE_STYLES[style].format(g=given.ascii, f=family.ascii, w=words[w])
    names = (family, given) if market in FAMILY_NAME_FIRST else (given, family)
    return DirectoryRow(
        handle=base[: 24 - len(number)] + number,
        display_name=" ".join(n.written for n in names)[:30],
        bio=bios[z % len(bios)],
        market=market.value,
        category=category.value,
    )


def directory_size(limit: int) -> int:
    """How many of rows 0…limit-1 are there. They are inserted in order, a transaction per
    batch, so the first missing handle marks the end: a binary search, 20 look-ups at a
    million."""
    low, high = 0, limit
    while low < high:
        middle = (low + high) // 2
        if _taken([directory_row(middle).handle]):
            low = middle + 1
        else:
            high = middle
    return low


def _taken(handles: list[str]) -> set[str]:
    """Those of `handles` some TikTok account holds (handles are unique without case)."""
    return set(
        TikTokAccount.objects.annotate(lower=Lower("handle"))
        .filter(lower__in=handles)
        .values_list("lower", flat=True)
    )


def seed(count: int, *, log=print, batch_size: int = 10_000) -> int:
    """Make the directory hold rows 0…count-1, adding only those missing; returns how many were
    added. A handle someone else took (say, by signing up in the TikTok app) is left to them.
    The directory's copies of followers and search text are filled as rows are inserted."""
    existing = directory_size(count)
    now = timezone.now()
    born = date.today() - timedelta(days=365 * 27)
    created = 0
    for start in range(existing, count, batch_size):
        stop = min(start + batch_size, count)
        rng = random.Random(SEED + start)
        # Its own stream, so that the figures added later left the others as they were.
        figures_rng = random.Random(-(SEED + start))
        rows = [(i, directory_row(i)) for i in range(start, stop)]
        taken = _taken([row.handle for _, row in rows])
        accounts, creators = [], []
        for i, row in rows:
            if row.handle in taken:
                continue
            followers = _followers(rng)
            accounts.append(
                {
                    "handle": row.handle,
                    "display_name": row.display_name,
                    "bio": row.bio,
                    "birth_date": born - timedelta(days=rng.randrange(365 * 12)),
                    "followers": followers,
                    "following": rng.randint(12, 2_400),
                    "likes": int(followers * rng.uniform(4, 45)),
                    "created_at": now,
                }
            )
            sales = _sales(rng, followers)
            creators.append(
                {
                    "followers": followers,
                    "search_text": Creator.search_text_for(row.handle, row.display_name),
                    "category": row.category,
                    "market": row.market,
                    "sales_30d": sales,
                    "units_sold_30d": int(sales / rng.uniform(6, 45)),
                    **_figures(figures_rng, followers),
                    "created_at": now - timedelta(minutes=i),
                }
            )
        with transaction.atomic():
            account_ids = _insert(TikTokAccount, accounts)
            for creator, account_id in zip(creators, account_ids, strict=True):
                creator["tiktok_account_id"] = account_id
            _insert(Creator, creators)
        created += len(accounts)
        log(f"  directory: {stop:,} / {count:,}")
    return created


def _followers(rng: random.Random) -> int:
    """At least 1,000, as TikTok Shop asks of affiliates; most are small, a few are huge."""
    return min(int(1_000 * rng.paretovariate(1.1)), 40_000_000)


def _sales(rng: random.Random, followers: int) -> int:
    """GMV over 30 days in USD: a fifth sell nothing yet; the rest roughly with their reach."""
    if rng.random() < 0.2:
        return 0
    return int(followers * rng.lognormvariate(-2.5, 1.2))


def _figures(rng: random.Random, followers: int) -> dict:
    """Views, engagement, content and growth: views per video around a fifth of the
    followers, engagement a few per cent, three in five post videos only, one in five only
    goes LIVE, and about one in six is fast growing (bench/directory_load.py has the SQL
    twins)."""
    kind = rng.random()
    return {
        "avg_views": int(followers * rng.lognormvariate(-1.6, 0.9)),
        "engagement_rate": round(Decimal(min(rng.lognormvariate(1.4, 0.6), 40)), 2),
        "content_type": Creator.ContentType.VIDEO
        if kind < 0.6
        else Creator.ContentType.LIVE
        if kind < 0.8
        else Creator.ContentType.BOTH,
        "followers_growth_30d": round(Decimal(rng.random() ** 8 * 50 - 2), 2),
    }


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert rows given as {attname: value}, the model's defaults filling the rest; returns
    their ids in order. PostgreSQL gets one COPY, with ids drawn from the table's sequence."""
    if not rows:
        return []
    if connection.vendor != "postgresql":
        return [obj.pk for obj in model.objects.bulk_create(model(**row) for row in rows)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    constants = {f.attname: f.get_default() for f in fields if not callable(f.default)}
    table = model._meta.db_table
    columns = ", ".join(["id", *(connection.ops.quote_name(f.column) for f in fields)])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row(
                    [
                        pk,
                        *(
                            row[f.attname]
                            if f.attname in row
                            else constants[f.attname]
                            if f.attname in constants
                            else f.get_default()
                            for f in fields
                        ),
                    ]
                )
    return ids
