"""Demo people for `seed_demo`: partners, staff, account managers, a superuser, TikTok accounts
for every eligibility case, creators with logins, and sellers (the generated directory of
creators is `demo.directory`).

Everything is keyed by a natural key (username, handle, partner name) and only made when
missing: seeding again leaves every row as its users left it.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Market, Membership, Partner, TeamRole, User
from accounts.services import account_managers_group_get_or_create
from campaigns.models import Seller
from creators.models import Category, Creator
from tiktok.models import TikTokAccount

DEMO_PASSWORD = "demo-pass-2026"
TIKTOK_PASSWORD = "tiktok-pass-2026"

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
# Each staff login above is its agency's main account. Its team members, who log in with their
# e-mail address: (agency, e-mail, first name, last name, role, status).
ROLES = {
    # role name: the modules it grants (accounts.permissions.MODULES)
    "Creator scout": {"find_creators", "partnerships"},
    "Campaign manager": {"campaigns", "insights"},
    "Analyst": {"insights"},
}
TEAM_MEMBERS = [
    ("Northstar Creators", "nina@northstar.example", "Nina", "Park", "Creator scout", "active"),
    ("Northstar Creators", "omar@northstar.example", "Omar", "Haddad", "Analyst", "active"),
    (
        "Northstar Creators",
        "paula@northstar.example",
        "Paula",
        "Reyes",
        "Campaign manager",
        "invited",
    ),
    ("Shoplift Affiliates", "tom@shoplift.example", "Tom", "Ellis", "Creator scout", "active"),
    ("Lumen Agency", "rina@lumen.example", "Rina", "Wijaya", "Campaign manager", "active"),
]
# Northstar (`staff`, the README's first login) starts unlinked, to try the QR flow with
# @northstar.official; Lumen comes linked (demo/links.py), to show an attached profile.


def _adult(years: int = 30) -> date:
    return date.today() - timedelta(days=365 * years + 30)


# One TikTok account for every eligibility case in the brief, plus the partners' own.
TIKTOK_ACCOUNTS = [
    # handle, display name, birth date, extra fields, what it demonstrates
    ("northstar.official", "Northstar Creators", _adult(), {}, "eligible personal"),
    ("shoplift.uk", "Shoplift Affiliates", _adult(), {}, "eligible personal"),
    ("lumen.agency", "Lumen Agency", _adult(), {}, "eligible personal, linked by demo/links.py"),
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
    # username, handle, display name, category, market, sales and units sold over 30 days
    ("creator", "mia.makes", "Mia Makes", Category.BEAUTY, Market.US, 18_940, 812),
    ("creator2", "kofi.cooks", "Kofi Cooks", Category.FOOD, Market.GB, 7_325, 296),
    ("creator3", "ayu.style", "Ayu Style", Category.FASHION, Market.ID, 26_410, 1_138),
]

# Followers, following and likes of every account above, none alike: each profile reads as
# someone's own.
FIGURES = {
    "northstar.official": (128_400, 212, 2_310_500),
    "shoplift.uk": (36_900, 148, 512_300),
    "lumen.agency": (87_250, 341, 1_482_600),
    "glowbiz.store": (15_320, 96, 204_800),
    "teen.trends": (4_210, 655, 61_900),
    "strike.zone": (22_740, 1_020, 389_100),
    "frozen.feed": (9_860, 412, 143_250),
    "taken.elsewhere": (54_300, 267, 918_400),
    "network.star": (310_500, 188, 6_750_000),
    "mia.makes": (182_600, 534, 4_120_000),
    "kofi.cooks": (64_850, 389, 1_096_300),
    "ayu.style": (241_900, 702, 5_384_000),
}

SELLERS = [
    ("seller", "Glow Goods", Market.US, "4.8"),
    ("seller2", "Kitchen Corner", Market.GB, "3.9"),
    ("seller3", "Batik Rumah", Market.ID, "4.6"),
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
                user=user,
                defaults={"partner": partner, "is_main": True, "activated_at": user.date_joined},
            )
        _teams(log)
        for handle, display_name, born, extra, _case in TIKTOK_ACCOUNTS:
            _tiktok(handle, display_name, born, **extra)
        for username, handle, display_name, category, market, sales, units in CREATORS_WITH_LOGINS:
            first, last = display_name.split(" ", 1)
            user = _user(username, first, last, f"{username}@creators.example")
            account = _tiktok(handle, display_name, _adult(24))
            Creator.objects.get_or_create(
                tiktok_account=account,
                defaults={
                    "user": user,
                    "category": category,
                    "market": market,
                    "sales_30d": sales,
                    "units_sold_30d": units,
                },
            )
        for username, shop, market, rating in SELLERS:
            user = _user(username, shop, "", f"{username}@shops.example")
            Seller.objects.get_or_create(
                user=user, defaults={"shop_name": shop, "market": market, "shop_rating": rating}
            )
    log("Demo people ready.")


def _teams(log) -> None:
    """Every agency's demo roles, and the members of TEAM_MEMBERS: active ones log in with
    DEMO_PASSWORD; an invited one has no password yet (their invitation is on the team page)."""
    for partner in Partner.objects.filter(name__in={row[0] for row in PARTNERS}):
        main = (
            Membership.objects.filter(partner=partner, is_main=True).select_related("user").first()
        )
        for name, modules in ROLES.items():
            TeamRole.objects.get_or_create(
                partner=partner,
                name=name,
                defaults={module: True for module in modules},
            )
        for agency, email, first, last, role_name, status in TEAM_MEMBERS:
            if agency != partner.name or User.objects.filter(username=email).exists():
                continue
            user = _user(email, first, last, email)
            now = timezone.now()
            Membership.objects.create(
                user=user,
                partner=partner,
                team_role=TeamRole.objects.get(partner=partner, name=role_name),
                invited_by=main.user if main else None,
                invited_at=now,
                invitation_nonce="demo" if status == "invited" else "",
                activated_at=now if status == "active" else None,
            )
            if status == "invited":
                user.set_unusable_password()
                user.is_active = False
                user.save(update_fields=["password", "is_active"])


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
    followers, following, likes = FIGURES[handle]
    account, created = TikTokAccount.objects.get_or_create(
        handle=handle,
        defaults={
            "display_name": display_name,
            "birth_date": born,
            "bio": f"{display_name} on TikTok",
            "followers": followers,
            "following": following,
            "likes": likes,
            **extra,
        },
    )
    if created:
        account.password = _password_hash(TIKTOK_PASSWORD)
        account.save(update_fields=["password"])
    return account
