"""The measurements. Each function returns plain numbers for run.py's table; none asserts.

Imported only after Django is set up against the benchmark database (run.py does that).
"""

from __future__ import annotations

import re
import statistics
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Market, Membership, Partner, User
from campaigns.models import CATEGORY_BITS, Campaign, RegisteredProduct, Seller
from creators import services as creator_services
from creators.models import BindingRequest, Category, Creator, Invitation, Proposal
from creators.selectors import SORTS
from insights.tasks import rollup_days
from linking.models import LinkEvent, LinkSession, TikTokLink
from linking.services import link_session_start
from tiktok.models import TikTokAccount

from .server import Browser, WrkResult, request, run_wrk

# --- P7: the link page's weight ------------------------------------------------------------


class _Resources(HTMLParser):
    """What a browser fetches to show a page: stylesheets, icons, scripts, images, media."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("href") and attrs.get("rel") not in ("canonical", "next"):
            self.urls.append(attrs["href"])
        elif tag in ("script", "img", "source", "audio", "video", "iframe") and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "image" and (attrs.get("href") or attrs.get("xlink:href")):
            self.urls.append(attrs.get("href") or attrs["xlink:href"])


CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)|@import\s+['\"]([^'\"]+)['\"]")


@dataclass
class PageWeight:
    total_bytes: int = 0
    html_bytes: int = 0
    resources: list[tuple[str, int, str]] = field(default_factory=list)  # url, bytes, encoding
    other_hosts: list[str] = field(default_factory=list)


def _wire_bytes(headers, body: bytes) -> int:
    """Bytes on the wire: status line, headers and (compressed, if so) body."""
    return len(b"HTTP/1.1 200 OK\r\n") + len(bytes(headers)) + len(body)


def p7_link_page(browser: Browser, path: str) -> PageWeight:
    weight = PageWeight()
    gzip = {"Accept-Encoding": "gzip, deflate, br"}
    status, headers, body = browser.get(path, **gzip)
    if status != 200:
        raise RuntimeError(f"The link page answered {status}")
    weight.html_bytes = _wire_bytes(headers, body)
    weight.total_bytes = weight.html_bytes
    html = body.decode() if headers.get("Content-Encoding") is None else _gunzip(body)
    parser = _Resources()
    parser.feed(html)
    queue, seen = [urljoin(path, u) for u in parser.urls], set()
    while queue:
        url = queue.pop(0)
        if url in seen or url.startswith("data:"):
            continue
        seen.add(url)
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != urlsplit(browser.base).netloc:
            weight.other_hosts.append(url)
            continue
        status, headers, body = browser.get(
            parts.path + (f"?{parts.query}" if parts.query else ""), **gzip
        )
        size = _wire_bytes(headers, body)
        weight.total_bytes += size
        weight.resources.append((url, size, headers.get("Content-Encoding") or "identity"))
        if url.split("?")[0].endswith(".css"):
            text = _gunzip(body) if headers.get("Content-Encoding") == "gzip" else body.decode()
            queue += [urljoin(url, a or b) for a, b in CSS_URL.findall(text)]
    return weight


def _gunzip(body: bytes) -> str:
    import gzip

    return gzip.decompress(body).decode()


# --- P1: the link-status poll under load ---------------------------------------------------


@dataclass(frozen=True)
class PollFigures:
    bare: WrkResult
    poll: WrkResult
    rounds: int

    @property
    def throughput_ratio(self) -> float:
        return self.poll.requests_per_second / self.bare.requests_per_second

    @property
    def p50_ratio(self) -> float:
        return self.bare.p50_ms / self.poll.p50_ms

    @property
    def p99_ratio(self) -> float:
        return self.bare.p99_ms / self.poll.p99_ms


def _mean(results: list[WrkResult]) -> WrkResult:
    return WrkResult(
        requests_per_second=statistics.mean(r.requests_per_second for r in results),
        p50_ms=statistics.mean(r.p50_ms for r in results),
        p99_ms=statistics.mean(r.p99_ms for r in results),
        requests=sum(r.requests for r in results),
        errors=sum(r.errors for r in results),
        raw="\n".join(r.raw for r in results),
    )


def p1_poll(
    browser: Browser, status_path: str, *, seconds: int = 8, rounds: int = 3, log=print
) -> PollFigures:
    """wrk -c32 against /ping/ and the status poll, alternating, after a warm-up of each."""
    headers = {"Cookie": browser.cookie_header}
    poll_headers = {**headers, "HX-Request": "true", "HX-Current-URL": browser.base + "/"}
    bare_url, poll_url = browser.base + "/ping/", browser.base + status_path
    for url, h in ((bare_url, headers), (poll_url, poll_headers)):
        run_wrk(url, headers=h, connections=32, seconds=2)
    bare, poll = [], []
    for i in range(rounds):
        bare.append(run_wrk(bare_url, headers=headers, connections=32, seconds=seconds))
        poll.append(run_wrk(poll_url, headers=poll_headers, connections=32, seconds=seconds))
        log(
            f"  round {i + 1}: bare {bare[-1].requests_per_second:,.0f} req/s, "
            f"poll {poll[-1].requests_per_second:,.0f} req/s"
        )
    return PollFigures(bare=_mean(bare), poll=_mean(poll), rounds=rounds)


def link_status_body(browser: Browser, status_path: str) -> tuple[int, bytes]:
    status, _, body = browser.get(status_path, **{"HX-Request": "true"})
    return status, body


# --- P2: queries per page at 10 and 500 rows -----------------------------------------------

P2_MARKET = Market.MY
BENCH_PASSWORD = "bench-pass-2026"
P2_PREFIX = "p2c_"


@dataclass
class P2World:
    partner: Partner
    staff: User
    creator: Creator
    seller: Seller
    campaign: Campaign  # the one whose registered products grow
    status_path: str


def p2_world() -> P2World:
    """A partner, creator and seller of their own (market MY), so row counts are ours alone."""
    manager = User.objects.create(username="bench_manager", is_staff=True, email="m@bench.example")
    partner = Partner.objects.create(
        name="Bench Agency", market=P2_MARKET, is_cap=True, is_tap=True, account_manager=manager
    )
    staff = User(username="bench_staff")
    staff.set_password(BENCH_PASSWORD)
    staff.save()
    Membership.objects.create(
        user=staff, partner=partner, is_main=True, activated_at=timezone.now()
    )
    # The status page measured is of a session started before the link was made.
    link_session, _token = link_session_start(partner=partner, started_by=staff)
    born = timezone.now().date() - timedelta(days=365 * 30)
    own = TikTokAccount.objects.create(
        handle="bench.agency", display_name="Bench Agency", birth_date=born, followers=9_000
    )
    TikTokLink.objects.create(partner=partner, tiktok_account=own, linked_by=staff, followers=9_000)
    creator_user = User.objects.create(username="bench_creator", email="c@bench.example")
    creator = Creator.objects.create(
        user=creator_user,
        tiktok_account=TikTokAccount.objects.create(
            handle="bench.creator", display_name="Bench Creator", birth_date=born
        ),
        category=Category.BEAUTY,
        market=P2_MARKET,
    )
    seller = Seller.objects.create(
        user=User.objects.create(username="bench_seller"),
        shop_name="Bench Shop",
        market=P2_MARKET,
        shop_rating=Decimal("4.9"),
    )
    campaign = _campaigns(partner, staff, 1, name="Bench big campaign")[0]
    return P2World(
        partner, staff, creator, seller, campaign, f"/account/link/{link_session.code}/status/"
    )


def _campaigns(partner: Partner, staff: User, count: int, name: str = "Bench campaign"):
    now = timezone.now()
    return Campaign.objects.bulk_create(
        Campaign(
            partner=partner,
            created_by=staff,
            name=f"{name} {i}",
            registration_starts_at=now - timedelta(days=1),
            registration_ends_at=now + timedelta(days=7),
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=30),
            commission_rate=Decimal("12.0"),
            category_bits=CATEGORY_BITS[Category.BEAUTY],
            contact_email="campaigns@bench.example",
            attach_profile=True,
            published_at=now - timedelta(days=2),
            published_by=staff,
        )
        for i in range(count)
    )


def p2_grow(world: P2World, rows: int) -> None:
    """Bring each kind of row the pages list up to `rows`."""
    have = Creator.objects.filter(search_text__startswith=P2_PREFIX).count()
    add = rows - have
    if add <= 0:
        return
    now = timezone.now()
    partner, staff = world.partner, world.staff
    born = now.date() - timedelta(days=365 * 25)
    accounts = TikTokAccount.objects.bulk_create(
        TikTokAccount(
            handle=f"{P2_PREFIX}{have + i:05d}", display_name="P2 Creator", birth_date=born
        )
        for i in range(add)
    )
    creators = Creator.objects.bulk_create(
        Creator(
            tiktok_account=a,
            category=Category.BEAUTY,
            market=P2_MARKET,
            followers=1_000 + i,
            search_text=Creator.search_text_for(a.handle, a.display_name),
        )
        for i, a in enumerate(accounts)
    )
    proposal = {"partner": partner, "sent_by": staff, "attach_profile": True, "created_at": now}
    later = now + timedelta(days=7)
    # Find Creators marks the ones already invited; Manage Partnerships lists bound creators.
    Invitation.objects.bulk_create(
        Invitation(creator=c, commission_rate=10, products="P2", expires_at=later, **proposal)
        for c in creators
    )
    BindingRequest.objects.bulk_create(
        BindingRequest(
            creator=c,
            link_expires_at=now + timedelta(days=60),
            status=Proposal.Status.ACCEPTED,
            expires_at=later,
            **proposal,
        )
        for c in creators
    )
    # The creator's inbox: answered invitations and requests from the bench partner.
    answered = {**proposal, "status": Proposal.Status.DECLINED, "expires_at": later}
    Invitation.objects.bulk_create(
        Invitation(creator=world.creator, commission_rate=10, products="P2", **answered)
        for _ in range(add)
    )
    BindingRequest.objects.bulk_create(
        BindingRequest(creator=world.creator, link_expires_at=now + timedelta(days=60), **answered)
        for _ in range(add)
    )
    # Campaigns for both lists; sellers' products registered for the big campaign.
    _campaigns(partner, staff, add)
    _products(world.campaign, add, sellers=add, start=have)
    # Profile and link status: the audit trail and past sessions grow too.
    LinkEvent.objects.bulk_create(
        LinkEvent(partner=partner, event=LinkEvent.Event.FAILED, reason="P2") for _ in range(add)
    )
    LinkSession.objects.bulk_create(
        LinkSession(
            partner=partner,
            started_by=staff,
            status=LinkSession.Status.EXPIRED,
            expires_at=now,
        )
        for _ in range(add)
    )


def _products(campaign: Campaign, count: int, *, sellers: int, start: int) -> None:
    """`count` pending products for `campaign` from `sellers` new shops."""
    users = User.objects.bulk_create(
        User(username=f"bench_{campaign.pk}_seller_{start + i}") for i in range(sellers)
    )
    shops = Seller.objects.bulk_create(
        Seller(user=u, shop_name=f"Bench Shop {u.username}", market=P2_MARKET) for u in users
    )
    RegisteredProduct.objects.bulk_create(
        (
            RegisteredProduct(
                campaign=campaign,
                seller=shops[i % len(shops)],
                product_name=f"Bench product {start + i}",
                price=Decimal("9.90"),
                commission_rate=campaign.commission_rate,
            )
            for i in range(count)
        ),
        batch_size=2000,
    )


def p2_pages(world: P2World) -> list[tuple[str, str, str, dict]]:
    """(page, who, url, headers)."""
    code = world.campaign.code
    return [
        ("Profile", "staff", "/account/profile/", {}),
        ("Link status (htmx poll)", "staff", world.status_path, {"HTTP_HX_REQUEST": "true"}),
        ("Find Creators", "staff", f"/creators/find/?q={P2_PREFIX}&per_page=200", {}),
        ("Manage Partnerships", "staff", "/creators/partnerships/?tab=linked&per_page=200", {}),
        ("Creator inbox", "creator", "/creator/?per_page=200", {}),
        ("Campaign list (partner)", "staff", "/campaigns/", {}),
        ("Campaign list (seller)", "seller", "/seller/", {}),
        ("Campaign Details (partner)", "staff", f"/campaigns/{code}/", {}),
        ("Campaign Details (seller)", "seller", f"/seller/campaigns/{code}/", {}),
    ]


def p2_count(world: P2World) -> dict[str, tuple[int, int]]:
    """Queries for each page (second request, so one-off lookups don't count), and the number
    of list items the page showed (to prove the rows are there)."""
    clients = {}
    for who, user in (
        ("staff", world.staff),
        ("creator", world.creator.user),
        ("seller", world.seller.user),
    ):
        clients[who] = Client()
        clients[who].force_login(user)
    counts = {}
    for page, who, url, headers in p2_pages(world):
        client = clients[who]
        client.get(url, **headers)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **headers)
        if response.status_code != 200:
            raise RuntimeError(f"{page} answered {response.status_code}")
        counts[page] = (
            len(queries),
            response.content.count(b"<tr") + response.content.count(b"<li"),
        )
    return counts


# --- P3: Find Creators at 10,000 and 1,000,000 creators ------------------------------------

SEARCHES = [
    (
        "category + followers range, most followers",
        "category=beauty&followers_min=10000&followers_max=500000&sort=followers",
    ),
    ("category + followers from, most sales", "category=fashion&followers_min=2000&sort=sales"),
    ("category + market, newest, page 3", "category=food&market=ID&sort=newest&page=3"),
    ("market + sales range, most sales", "market=GB&sales_min=500&sales_max=5000&sort=sales"),
    ("text search (name)", "q=nguyen&sort=followers"),
    ("text search (name) + category", "q=maya+kim&category=tech"),
    ("text search (handle)", "q=kitchen42"),  # about 100 handles at a million
    ("two-letter search", "q=di&sort=newest"),
]


@dataclass(frozen=True)
class SearchTimings:
    p95_ms: float
    per_search_median_ms: dict[str, float]
    per_search_p95_ms: dict[str, float] = field(default_factory=dict)


def p3_time_searches(browser: Browser, *, repeats: int = 12, searches=SEARCHES) -> SearchTimings:
    """Each search once to warm up, then `repeats` rounds of every search in turn, through
    gunicorn: a moment the machine stalls costs each search one sample, not one search several."""
    cookie = {"Cookie": browser.cookie_header}
    paths = {label: f"/creators/find/?{query}" for label, query in searches}
    for label, path in paths.items():
        status, _, _ = request(browser.base, "GET", path, headers=cookie)
        if status != 200:
            raise RuntimeError(f"Find Creators ({label}) answered {status}")
    times: dict[str, list[float]] = {label: [] for label in paths}
    for _ in range(repeats):
        for label, path in paths.items():
            started = time.perf_counter()
            request(browser.base, "GET", path, headers=cookie)
            times[label].append((time.perf_counter() - started) * 1000)
    return SearchTimings(
        p95_ms=statistics.quantiles([t for ts in times.values() for t in ts], n=20)[-1],
        per_search_median_ms={label: statistics.median(ts) for label, ts in times.items()},
        per_search_p95_ms={
            label: statistics.quantiles(ts, n=20)[-1] for label, ts in times.items()
        },
    )


def p3_sql_times(staff: User, searches=SEARCHES) -> dict[str, float]:
    """For diagnosis: the SQL time of each search, in-process."""
    return {label: ms for label, (ms, _queries) in _sql(staff, searches).items()}


def _sql(staff: User, searches) -> dict[str, tuple[float, int]]:
    """Each search's SQL time in ms and its number of queries, in-process (the second run)."""
    client = Client()
    client.force_login(staff)
    figures = {}
    for label, query in searches:
        client.get(f"/creators/find/?{query}")
        with CaptureQueriesContext(connection) as queries:
            client.get(f"/creators/find/?{query}")
        figures[label] = (sum(float(q["time"]) for q in queries) * 1000, len(queries))
    return figures


# --- P10: Find Creators at 10,000,000 creators, every filter and sort ----------------------

P10_SEARCHES = [
    ("views per video range, most views", "views_min=5000&views_max=200000&sort=views"),
    ("engagement rate from 8 %, highest engagement", "engagement_min=8&sort=engagement"),
    ("engagement rate to 2 %, lowest engagement", "engagement_max=2&sort=engagement_asc"),
    ("items sold from 50, most items sold", "units_min=50&sort=units"),
    ("GMV range, lowest GMV", "sales_min=100&sales_max=10000&sort=sales_asc"),
    ("LIVE creators, most followers", "content_type=live&sort=followers"),
    ("video creators, fewest followers", "content_type=video&sort=followers_asc"),
    ("fast growing, most followers", "fast_growing=on&sort=followers"),
    (
        "category + market + followers from, most followers",
        "category=beauty&market=US&followers_min=10000&sort=followers",
    ),
    (
        "category + followers range, fewest",
        "category=home&followers_min=5000&followers_max=50000&sort=followers_asc",
    ),
    ("text search (name)", "q=nguyen&sort=followers"),
    ("text search (handle)", "q=kitchen42"),
    ("deep page (page 200)", "sort=followers&page=200"),
    *[(f"sort: {sort.label}", f"sort={name}") for name, sort in SORTS.items()],
]


@dataclass(frozen=True)
class SearchFigures:
    timings: SearchTimings
    sql_ms: dict[str, float]
    queries: dict[str, int]


def p10_searches(browser: Browser, staff: User) -> SearchFigures:
    # 60 samples each: with 12, a search's p95 was its slowest sample or nearly, so one stray
    # pause of the machine decided a ratio.
    timings = p3_time_searches(browser, repeats=60, searches=P10_SEARCHES)
    sql = _sql(staff, P10_SEARCHES)
    return SearchFigures(
        timings=timings,
        sql_ms={label: ms for label, (ms, _n) in sql.items()},
        queries={label: n for label, (_ms, n) in sql.items()},
    )


# --- P8: the review list of a campaign with 10,000 registered products ----------------------


@dataclass(frozen=True)
class ReviewListFigures:
    p95_ms: dict[int, float]  # products → p95 through gunicorn
    queries: dict[int, int]  # products → SQL queries (in-process)


def p8_review_list(base: str, world: P2World, *, sizes=(10, 10_000), repeats: int = 40):
    """A campaign's review list (Campaign Details for the agency, first page of 50) at 10 and at
    10,000 registered products: the same queries, and its p95 through gunicorn."""
    campaign = _campaigns(world.partner, world.staff, 1, name="Bench review campaign")[0]
    browser = Browser.at(base)
    browser.log_in(world.staff.username, BENCH_PASSWORD)
    cookie = {"Cookie": browser.cookie_header}
    path = f"/campaigns/{campaign.code}/"
    client = Client()
    client.force_login(world.staff)
    p95, queries, have = {}, {}, 0
    for size in sizes:
        _products(campaign, size - have, sellers=min(size - have, 100), start=have)
        have = size
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE campaigns_registeredproduct")
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries[size] = len(captured)
        status, _, _ = request(base, "GET", path, headers=cookie)
        if status != 200:
            raise RuntimeError(f"The review list answered {status}")
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            request(base, "GET", path, headers=cookie)
            times.append((time.perf_counter() - started) * 1000)
        p95[size] = statistics.quantiles(times, n=20)[-1]
    return ReviewListFigures(p95, queries)


# --- P4: an outreach of 100,000 creators ----------------------------------------------------


@dataclass(frozen=True)
class OutreachFigures:
    creators: int
    create_ms: float
    queries: int
    sent_now: int


def p4_outreach(world: P2World, *, creators: int = 100_000) -> OutreachFigures:
    """What the Invite view runs for "Select all matching" over `creators` directory creators
    (needs that many: runs after P6): invitations_send, which makes the outreach (its rows in
    one INSERT … SELECT) and sends today's quota at once. Rolled back: nothing is queued."""
    ids = list(Creator.objects.order_by("pk").values_list("pk", flat=True)[:creators])
    terms = creator_services.InviteTerms(
        purpose="distribution",
        message="Bench collaboration",
        attach_profile=True,
        contact_email="team@agency.example",
    )
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            outreach = creator_services.invitations_send(
                partner=world.partner, sent_by=world.staff, creator_ids=ids, terms=terms
            )
            create_ms = (time.perf_counter() - started) * 1000
        transaction.set_rollback(True)
    return OutreachFigures(
        creators=outreach.total, create_ms=create_ms, queries=len(queries), sent_now=outreach.sent
    )


def p1_breakdown(
    username: str, status_path: str, shown: str, *, repeats: int = 200
) -> dict[str, float]:
    """Where the poll's time goes beyond /ping/'s, in-process: median ms of each request and of
    each piece of work the poll does (the rate limit with the cache check, and on a change
    the scoped session query and the render)."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from linking import poll_cache
    from linking import views as linking_views

    user = User.objects.get(username=username)
    code = status_path.rstrip("/").split("/")[-2]
    client = Client()
    client.force_login(user)
    client.get(status_path, {"shown": shown}, HTTP_HX_REQUEST="true")  # a full poll: remembered
    link_session = LinkSession.objects.select_related("tiktok_account").get(code=code)
    request = RequestFactory().get(status_path)
    request.user, request.session, request.htmx = user, {}, False
    request.partner = user.membership.partner
    context = linking_views._session_context(request, link_session, with_qr=False)
    pieces = {
        "/ping/ request": lambda: client.get("/ping/"),
        "status poll, nothing changed (204)": lambda: client.get(
            status_path, {"shown": shown}, HTTP_HX_REQUEST="true"
        ),
        "status poll, full answer": lambda: client.get(status_path, HTTP_HX_REQUEST="true"),
        "rate limit + cache check (one round trip)": lambda: poll_cache.count_and_check(
            user_id=user.pk, login=client.session.session_key, code=code, shown=shown
        ),
        "scoped session query (role check + session)": lambda: (
            LinkSession.objects.select_related("partner", "tiktok_account")
            .filter(code=code, partner__memberships__user=user)
            .first()
        ),
        "status fragment render": lambda: render_to_string("linking/session.html#status", context),
    }
    timings = {}
    for label, work in pieces.items():
        work()
        samples = []
        for _ in range(repeats):
            started = time.perf_counter()
            work()
            samples.append((time.perf_counter() - started) * 1000)
        timings[label] = statistics.median(samples)
    return timings


# --- P9: Manage Partnerships at 1,000 and 100,000 links in one agency ---------------------

P9_TABS = [
    ("All", "tab=all"),
    ("Linked", "tab=linked"),
    ("Not linked", "tab=not_linked"),
    ("Link requested", "tab=link_requested"),
    ("Unlink requested", "tab=unlink_requested"),
    ("Linked, expiring within 15 days", "tab=linked&expiring=15"),
]


@dataclass(frozen=True)
class TabTimings:
    p95_ms: dict[str, float]
    queries: dict[str, int]


def p9_world() -> tuple[Partner, User]:
    manager = User.objects.create(username="p9_manager", is_staff=True)
    partner = Partner.objects.create(
        name="Bench Links Agency", market=Market.US, is_cap=True, account_manager=manager
    )
    staff = User.objects.create(username="p9_staff")
    Membership.objects.create(
        partner=partner, user=staff, is_main=True, activated_at=timezone.now()
    )
    return partner, staff


def p9_grow(partner: Partner, staff: User, links: int) -> None:
    """Links of the agency with distinct directory creators, up to `links`, in the mix of
    states an agency has: mostly linked, some expiring, requested, unlink requested and ended."""
    have = BindingRequest.objects.filter(partner=partner).count()
    if links <= have:
        return
    taken = BindingRequest.objects.filter(partner=partner).values("creator_id")
    ids = list(
        Creator.objects.exclude(pk__in=taken)
        .order_by("pk")
        .values_list("pk", flat=True)[: links - have]
    )
    now = timezone.now()
    rows = []
    for i, creator_id in enumerate(ids):
        kind = i % 10
        row = {
            "partner": partner,
            "creator_id": creator_id,
            "sent_by": staff,
            "created_at": now - timedelta(days=20, minutes=i % 10_000),
            "expires_at": now - timedelta(days=13),
            "status": Proposal.Status.ACCEPTED,
            "link_expires_at": now + timedelta(days=60 + i % 200),
        }
        if kind == 1:
            row["link_expires_at"] = now + timedelta(days=1 + i % 29)
        elif kind == 2:
            row |= {"status": Proposal.Status.PENDING, "created_at": now - timedelta(seconds=i)}
            row["expires_at"] = now + timedelta(days=6)
        elif kind == 3:
            row |= {
                "unlink_raised_by": "creator",
                "unlink_reason": "Bench",
                "unlink_expires_at": now + timedelta(days=3),
            }
        elif kind == 4:
            row |= {"end_reason": "unlinked", "ended_at": now - timedelta(days=1)}
        elif kind == 5:
            row["status"] = Proposal.Status.DECLINED
        elif kind == 6:
            row["link_expires_at"] = now - timedelta(hours=1)  # expired, not yet settled
        rows.append(BindingRequest(**row))
    BindingRequest.objects.bulk_create(rows, batch_size=5_000)
    # As after P6's load: measured once autovacuum has been by, not while it runs (a plain
    # ANALYZE left the 100,000-row insert's vacuum to start during the timings).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE creators_bindingrequest")
        cursor.execute("CHECKPOINT")


def _time_pages(
    staff: User, path: str, pages: list[tuple[str, str]], *, repeats: int
) -> tuple[dict[str, float], dict[str, int]]:
    """p95 of each page (label, query) of `path` (in-process, full render) and its queries."""
    client = Client()
    client.force_login(staff)
    p95, queries = {}, {}
    for label, query in pages:
        url = f"{path}?{query}"
        client.get(url)  # warm
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{label} answered {response.status_code}")
        queries[label] = len(captured)
        p95[label] = statistics.quantiles(times, n=20)[-1]
    return p95, queries


def p9_time_tabs(staff: User, *, repeats: int = 60) -> TabTimings:
    """p95 of each tab (in-process, full page render) and its SQL query count."""
    p95, queries = _time_pages(staff, "/creators/partnerships/", P9_TABS, repeats=repeats)
    return TabTimings(p95_ms=p95, queries=queries)


# --- P11: Insights at 1,000,000 invitations and 200,000 link requests ----------------------


@dataclass(frozen=True)
class InsightsFigures:
    invitations: int
    requests: int
    seed_s: float
    rollup_s: float  # the beat task's first run over everything seeded
    median_ms: dict[str, float]  # page → median through gunicorn
    queries: dict[str, int]  # page → SQL queries (in-process)


P11_PAGES = [
    ("All time", ""),
    ("Last 30 days", "period=30"),
    ("Last 90 days, one market", "period=90&market=GB"),
]
P11_CREATORS = 5_000
P11_CHUNK = 100_000

# One row per generated number g, every figure derived from g so that the seed needs no
# round trip per row: half with the profile, acceptance 60 % with and 40 % without, answers
# within 150 hours, sent over the last 200 days in the order they were sent (as the product
# writes them: the newest rows are the last ones in the table).
_P11_ROWS = """
    WITH c AS (
        SELECT array_agg(id ORDER BY id) AS ids
        FROM (SELECT id FROM creators_creator ORDER BY id LIMIT {creators}) picked
    ), s AS (
        SELECT g, c.ids[1 + g %% array_length(c.ids, 1)] AS creator_id,
               g %% 2 = 0 AS attach,
               (g * 7919 %% 1000) / 1000.0 AS roll,
               now() - (200 * 86400 * (1 - g / %(total)s::float)) * interval '1 second'
                   AS created
        FROM generate_series(%(first)s::bigint, %(last)s::bigint) g, c
    ), t AS (
        SELECT s.*, CASE
            WHEN roll < CASE WHEN attach THEN 0.6 ELSE 0.4 END THEN 'accepted'
            WHEN roll < 0.85 THEN 'declined'
            WHEN roll < 0.95 THEN 'expired'
            ELSE 'cancelled' END AS status
        FROM s
    )
"""
_P11_ANSWERED = """CASE WHEN status IN ('accepted', 'declined')
    THEN created + (1 + g * 31 %% 150) * interval '1 hour' END"""


def p11_world() -> tuple[Partner, User]:
    manager = User.objects.create(username="p11_manager", is_staff=True)
    partner = Partner.objects.create(
        name="Bench Insights Agency", market=Market.US, is_cap=True, account_manager=manager
    )
    staff = User.objects.create(username="p11_staff")
    staff.set_password(BENCH_PASSWORD)
    staff.save()
    Membership.objects.create(
        partner=partner, user=staff, is_main=True, activated_at=timezone.now()
    )
    return partner, staff


def p11_seed(partner: Partner, staff: User, *, invitations: int, requests: int, log) -> float:
    """Invitations and link requests of one agency, generated in PostgreSQL in chunks of
    P11_CHUNK rows (never pending: one open item per creator is all the constraints allow).
    Returns the seconds it took."""
    started = time.perf_counter()
    common = {"partner": partner.pk, "staff": staff.pk}
    invitation_sql = (
        _P11_ROWS.format(creators=P11_CREATORS)
        + """INSERT INTO creators_invitation (code, partner_id, creator_id, sent_by_id, message,
            attach_profile, status, created_at, expires_at, answered_at, products, purpose,
            contact_whatsapp, contact_email, contact_phone)
        SELECT gen_random_uuid(), %(partner)s, creator_id, %(staff)s, '', attach, status,
            created, created + interval '7 days', """
        + _P11_ANSWERED
        + ", '', 'distribution', '', 'bench@agency.example', '' FROM t"
    )
    request_sql = (
        _P11_ROWS.format(creators=P11_CREATORS)
        + """INSERT INTO creators_bindingrequest (code, partner_id, creator_id, sent_by_id,
            message, attach_profile, status, created_at, expires_at, answered_at,
            link_expires_at, unlink_raised_by, unlink_reason, unlink_outcome, unlink_ignored,
            end_reason, ended_at)
        SELECT gen_random_uuid(), %(partner)s, creator_id, %(staff)s, '', attach, status,
            created, created + interval '7 days', """
        + _P11_ANSWERED
        + """, created + interval '60 days', '', '', '', 0,
            CASE WHEN status = 'accepted' THEN 'unlinked' ELSE '' END,
            CASE WHEN status = 'accepted' THEN created + interval '30 days' END
        FROM t"""
    )
    with connection.cursor() as cursor:
        for sql, total, table in (
            (invitation_sql, invitations, "creators_invitation"),
            (request_sql, requests, "creators_bindingrequest"),
        ):
            for first in range(0, total, P11_CHUNK):
                last = min(first + P11_CHUNK, total) - 1
                cursor.execute(sql, {**common, "first": first, "last": last, "total": total})
                log(f"  {table}: {last + 1:,} of {total:,}")
            cursor.execute(f"ANALYZE {table}")
    return time.perf_counter() - started


def p11_insights(
    base: str,
    partner: Partner,
    staff: User,
    *,
    invitations: int,
    requests: int,
    log,
    repeats: int = 15,
) -> InsightsFigures:
    """The Insights page of an agency with `invitations` and `requests`: its SQL query count
    (in-process) and its median through gunicorn, for each of P11_PAGES, after the rollup task
    has run once as beat would run it (the last days are read live, as they always are)."""
    seed_s = p11_seed(partner, staff, invitations=invitations, requests=requests, log=log)
    started = time.perf_counter()
    rollup_days.run()
    rollup_s = time.perf_counter() - started
    with connection.cursor() as cursor:  # as autovacuum does soon after the first rollup
        cursor.execute("ANALYZE insights_outcomecounts, insights_answertimes")
    log(f"  rolled up in {rollup_s:.0f} s")
    client = Client()
    client.force_login(staff)
    browser = Browser.at(base)
    browser.log_in(staff.username, BENCH_PASSWORD)
    cookie = {"Cookie": browser.cookie_header}
    medians, queries = {}, {}
    for label, query in P11_PAGES:
        path = f"/insights/?{query}" if query else "/insights/"
        with CaptureQueriesContext(connection) as captured:
            client.get(path)
        queries[label] = len(captured)
        status, _, _ = request(base, "GET", path, headers=cookie)  # warm
        if status != 200:
            raise RuntimeError(f"Insights ({label}) answered {status}")
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            request(base, "GET", path, headers=cookie)
            times.append((time.perf_counter() - started) * 1000)
        medians[label] = statistics.median(times)
    return InsightsFigures(invitations, requests, seed_s, rollup_s, medians, queries)


# --- P12: Invitation history of P11's agency (1,000,000 invitations) ------------------------


@dataclass(frozen=True)
class HistoryTimings:
    p95_ms: dict[str, float]  # view → p95 in-process, full page render
    queries: dict[str, int]


def p12_history(staff: User, *, repeats: int = 10) -> HistoryTimings:
    """Invitation history's pages for the agency of `staff`: p95 and SQL query count of each."""
    handle = Creator.objects.order_by("id").values_list("tiktok_account__handle", flat=True)[0]
    today = timezone.localdate()
    views = [
        ("First page", ""),
        ("Page 1,000", "page=1000"),
        ("Search a handle", f"q={handle}"),
        ("Not interested", "status=declined"),
        ("Pending", "status=pending"),
        ("Last 30 days, profile attached", f"sent_from={today - timedelta(days=30)}&profile=yes"),
    ]
    p95, queries = _time_pages(staff, "/creators/invitations/", views, repeats=repeats)
    return HistoryTimings(p95_ms=p95, queries=queries)
