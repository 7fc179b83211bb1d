"""Demo people for `seed_demo`: partners, staff, account managers, a superuser, TikTok accounts
for every eligibility case, creators with logins, a directory of creators, and sellers.

Everything is keyed by a natural key (username, handle, partner name) and only made when
missing: seeding again leaves every row as its users left it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Market, Membership, Partner, User
from accounts.services import account_managers_group_get_or_create
from campaigns.models import Seller
from creators.models import Category, Creator
from tiktok.models import TikTokAccount

DEMO_PASSWORD = "demo-pass-2026"
TIKTOK_PASSWORD = "tiktok-pass-2026"
DIRECTORY_PREFIX = "dir"

ACCOUNT_MANAGERS = [
    ("am_alice", "Alice", "Okafor", "alice.okafor@partner-center.example"),
    ("am_ben", "Ben", "Tran", "ben.tran@partner-center.example"),
]
# The administrator: sees every partner in the admin, as account managers do not.
SUPERUSER = ("admin", "Ada", "Admin", "admin@partner-center.example")

PARTNERS = [
    # name, market, CAP, TAP, account manager, staff username, staff name
    ("Northstar Creators", Market.US, True, True, "am_alice", "staff", ("Sam", "Rivera")),
    ("Shoplift Affiliates", Market.GB, False, True, "am_ben", "tap_staff", ("Priya", "Shah")),
    ("Lumen Agency", Market.ID, True, False, "am_alice", "cap_staff", ("Dewi", "Lestari")),
]


def _adult(years: int = 30) -> date:
    return date.today() - timedelta(days=365 * years + 30)


# One TikTok account for every eligibility case in the brief, plus the partners' own.
TIKTOK_ACCOUNTS = [
    # handle, display name, birth date, extra fields, what it demonstrates
    ("northstar.official", "Northstar Creators", _adult(), {}, "eligible personal"),
    ("shoplift.uk", "Shoplift Affiliates", _adult(), {}, "eligible personal"),
    ("lumen.agency", "Lumen Agency", _adult(), {}, "eligible personal"),
    (
        "glowbiz.store",
        "Glow Biz Store",
        _adult(),
        {"account_type": TikTokAccount.AccountType.BUSINESS},
        "registered business account",
    ),
    ("teen.trends", "Teen Trends", date.today() - timedelta(days=365 * 16), {}, "under 18"),
    ("strike.zone", "Strike Zone", _adult(), {"violation_count": 3}, "with violations"),
    (
        "frozen.feed",
        "Frozen Feed",
        _adult(),
        {"status": TikTokAccount.Status.SUSPENDED},
        "suspended",
    ),
    (
        "taken.elsewhere",
        "Taken Elsewhere",
        _adult(),
        {"affiliation": TikTokAccount.Affiliation.OTHER_AGENCY},
        "linked with another agency",
    ),
    (
        "network.star",
        "Network Star",
        _adult(),
        {"affiliation": TikTokAccount.Affiliation.CREATOR_NETWORK},
        "in the Creator Network",
    ),
]

CREATORS_WITH_LOGINS = [
    # username, handle, display name, category, market
    ("creator", "mia.makes", "Mia Makes", Category.BEAUTY, Market.US),
    ("creator2", "kofi.cooks", "Kofi Cooks", Category.FOOD, Market.GB),
    ("creator3", "ayu.style", "Ayu Style", Category.FASHION, Market.ID),
]

SELLERS = [
    ("seller", "Glow Goods", Market.US, "4.8"),
    ("seller2", "Kitchen Corner", Market.GB, "3.9"),
]


@cache
def _password_hash(raw: str) -> str:
    """Hash each demo password once: hashing is deliberately slow, and every demo login shares it."""
    return make_password(raw)


def seed_people(*, log=print) -> None:
    with transaction.atomic():
        managers = _account_managers(log)
        username, first, last, email = SUPERUSER
        _user(username, first, last, email, is_staff=True, is_superuser=True)
        for name, market, cap, tap, manager, staff, (first, last) in PARTNERS:
            partner, _ = Partner.objects.get_or_create(
                name=name,
                defaults={
                    "market": market,
                    "is_cap": cap,
                    "is_tap": tap,
                    "account_manager": managers[manager],
                },
            )
            user = _user(staff, first, last, f"{staff}@agency.example")
            Membership.objects.get_or_create(
                user=user, defaults={"partner": partner, "role": Membership.Role.ADMIN}
            )
        for handle, display_name, born, extra, _case in TIKTOK_ACCOUNTS:
            _tiktok(handle, display_name, born, **extra)
        for username, handle, display_name, category, market in CREATORS_WITH_LOGINS:
            first, last = display_name.split(" ", 1)
            user = _user(username, first, last, f"{username}@creators.example")
            account = _tiktok(handle, display_name, _adult(24))
            Creator.objects.get_or_create(
                tiktok_account=account,
                defaults={
                    "user": user,
                    "category": category,
                    "market": market,
                    "sales_30d": 12_500,
                    "units_sold_30d": 640,
                },
            )
        for username, shop, market, rating in SELLERS:
            user = _user(username, shop, "", f"{username}@shops.example")
            Seller.objects.get_or_create(
                user=user, defaults={"shop_name": shop, "market": market, "shop_rating": rating}
            )
    log("Demo people ready.")


def _account_managers(log) -> dict[str, User]:
    """Staff in the "Account managers" group, who see only the partners they manage.

    Made so when missing; existing ones are left as they are. A demo seeded before made them
    superusers, who see every partner: that is said, not undone, as it may be someone's choice
    now."""
    managers = {}
    for username, first, last, email in ACCOUNT_MANAGERS:
        manager, created = _get_or_create_user(username, first, last, email, is_staff=True)
        if created:
            manager.groups.add(account_managers_group_get_or_create())
        elif manager.is_superuser:
            log(
                f"  {username} is a superuser and sees every partner; to scope them to their "
                "own, untick Superuser status in the admin (log in as admin)."
            )
        managers[username] = manager
    return managers


def _user(username, first, last, email, *, is_staff=False, is_superuser=False) -> User:
    return _get_or_create_user(
        username, first, last, email, is_staff=is_staff, is_superuser=is_superuser
    )[0]


def _get_or_create_user(
    username, first, last, email, *, is_staff=False, is_superuser=False
) -> tuple[User, bool]:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": email,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.password = _password_hash(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user, created


def _tiktok(handle, display_name, born, **extra) -> TikTokAccount:
    account, created = TikTokAccount.objects.get_or_create(
        handle=handle,
        defaults={
            "display_name": display_name,
            "birth_date": born,
            "bio": f"{display_name} on TikTok",
            "followers": 48_200,
            "following": 310,
            "likes": 1_204_000,
            **extra,
        },
    )
    if created:
        account.password = _password_hash(TIKTOK_PASSWORD)
        account.save(update_fields=["password"])
    return account


FIRST = ["Ava", "Leo", "Maya", "Noah", "Zara", "Ivan", "Lina", "Omar", "Nia", "Kai", "Rosa", "Tom"]
LAST = ["Chen", "Patel", "Garcia", "Kim", "Silva", "Nguyen", "Haddad", "Novak", "Sato", "Reyes"]


def seed_directory(count: int, *, log=print, batch_size: int = 10_000) -> int:
    """Make the creator directory hold `count` generated creators, adding only what is missing.

    Bulk inserts without logins or password hashes, so a million is practical: on PostgreSQL
    through COPY (a million in a few minutes; bulk_create took about three times as long,
    `make bench` P6). The directory's copies of followers and search text are filled as they
    are inserted.
    """
    existing = TikTokAccount.objects.filter(handle__startswith=f"{DIRECTORY_PREFIX}_").count()
    rng = random.Random(20261122)
    categories = [c.value for c in Category]
    markets = [m.value for m in Market]
    now = timezone.now()
    born = _adult(27)
    created = 0
    for start in range(existing, count, batch_size):
        stop = min(start + batch_size, count)
        accounts = []
        for i in range(start, stop):
            name = f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"
            followers = int(rng.paretovariate(1.2) * 1_000)
            accounts.append(
                {
                    "handle": f"{DIRECTORY_PREFIX}_{i:07d}",
                    "display_name": name,
                    "birth_date": born,
                    "followers": followers,
                    "following": rng.randint(10, 2_000),
                    "likes": followers * rng.randint(5, 40),
                    "created_at": now,
                }
            )
        with transaction.atomic():
            account_ids = _insert(TikTokAccount, accounts)
            _insert(
                Creator,
                [
                    {
                        "tiktok_account_id": account_id,
                        "followers": account["followers"],
                        "search_text": Creator.search_text_for(
                            account["handle"], account["display_name"]
                        ),
                        "category": categories[rng.randrange(len(categories))],
                        "market": markets[rng.randrange(len(markets))],
                        "sales_30d": int(rng.paretovariate(1.1) * 200),
                        "units_sold_30d": rng.randint(0, 5_000),
                        "created_at": now - timedelta(minutes=i),
                    }
                    for i, account, account_id in zip(
                        range(start, stop), accounts, account_ids, strict=True
                    )
                ],
            )
        created += stop - start
        log(f"  directory: {stop:,} / {count:,}")
    return created


def _insert(model, rows: list[dict]) -> list[int]:
    """Insert rows given as {attname: value}, the model's defaults filling the rest; returns
    their ids in order. PostgreSQL gets one COPY, with ids drawn from the table's sequence."""
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
