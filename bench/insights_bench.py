"""How long the Insights figures take for one partner with 100,000 invitations.

Run from the project root, against the database in DATABASE_URL (PostgreSQL is the one that
matters):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partner_center .venv/bin/python bench/insights_bench.py

BENCH_INVITATIONS=n changes the size; BENCH_EXPLAIN=1 prints each query's plan.

It creates a throwaway partner, creators and invitations with bulk_create inside a
transaction, times the selectors, prints the figures, and rolls everything back: the database
is left as it was. Not a test: it prints, it does not assert.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partner_center.settings")

import django

django.setup()

from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Market, Partner, User  # noqa: E402
from creators.models import BindingRequest, Category, Creator, Invitation  # noqa: E402
from insights import report  # noqa: E402
from insights.selectors import partner_insights  # noqa: E402
from tiktok.models import TikTokAccount  # noqa: E402

INVITATIONS = int(os.environ.get("BENCH_INVITATIONS", "100000"))
BINDING_REQUESTS = INVITATIONS // 5
CREATORS = 5_000
RUNS = 5
EXPLAIN = os.environ.get("BENCH_EXPLAIN") == "1"  # print PostgreSQL's plan for each query


class Rollback(Exception):
    pass


def build(now) -> Partner:
    rng = random.Random(2026)
    manager = User.objects.create(username=f"bench_manager_{rng.random():.12f}", is_staff=True)
    partner = Partner.objects.create(
        name="Insights bench partner", market=Market.US, is_cap=True, account_manager=manager
    )
    accounts = TikTokAccount.objects.bulk_create(
        TikTokAccount(
            handle=f"bench_{i:07d}",
            display_name=f"Bench {i}",
            birth_date=now.date() - timedelta(days=10_000),
        )
        for i in range(CREATORS)
    )
    categories = [c.value for c in Category]
    creators = Creator.objects.bulk_create(
        Creator(tiktok_account=a, category=categories[i % len(categories)], market=Market.US)
        for i, a in enumerate(accounts)
    )

    def item(model, i, **extra):
        attached = rng.random() < 0.5
        created = now - timedelta(days=rng.uniform(0, 200))
        roll = rng.random()
        status = (
            "accepted"
            if roll < (0.6 if attached else 0.4)
            else "declined"
            if roll < 0.85
            else "expired"
            if roll < 0.95
            else "cancelled"
        )
        answered = (
            created + timedelta(hours=rng.uniform(1, 150))
            if status in ("accepted", "declined")
            else None
        )
        return model(
            partner=partner,
            creator=creators[i % CREATORS],
            sent_by=manager,
            attach_profile=attached,
            status=status,
            created_at=created,
            answered_at=answered,
            expires_at=created + timedelta(days=7),
            **extra,
        )

    Invitation.objects.bulk_create(
        (
            item(Invitation, i, commission_rate=Decimal(10), products="Bench")
            for i in range(INVITATIONS)
        ),
        batch_size=5_000,
    )
    BindingRequest.objects.bulk_create(
        # History: accepted links have ended, so that many may share an agency and creator.
        (
            item(
                BindingRequest,
                i,
                link_expires_at=now + timedelta(days=60),
                end_reason="unlinked",
            )
            for i in range(BINDING_REQUESTS)
        ),
        batch_size=5_000,
    )
    return partner


def main() -> None:
    now = timezone.now()
    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    try:
        with transaction.atomic():
            started = time.perf_counter()
            partner = build(now)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "ANALYZE creators_invitation; ANALYZE creators_bindingrequest; ANALYZE creators_creator"
                    )
            print(
                f"Built {INVITATIONS:,} invitations and {BINDING_REQUESTS:,} binding requests "
                f"in {time.perf_counter() - started:.1f} s"
            )
            timings = []
            for _ in range(RUNS):
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    insights = partner_insights(partner=partner, now=now)
                    timings.append(time.perf_counter() - started)
            print(
                f"partner_insights: {len(queries)} queries; best {min(timings) * 1000:.0f} ms, "
                f"median {sorted(timings)[RUNS // 2] * 1000:.0f} ms of {RUNS} runs"
            )
            for query in queries:
                print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:90]}…")
                if EXPLAIN and connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query['sql']}")
                        print("\n".join(f"      {line}" for (line,) in cursor.fetchall()))
            print()
            for row in report.summary_table(insights).rows:
                print(
                    f"  {row.group:<17} {row.profile:<16} " + " ".join(f"{c:>7}" for c in row.cells)
                )
            raise Rollback
    except Rollback:
        print("\nRolled back: the database is as it was.")


if __name__ == "__main__":
    main()
