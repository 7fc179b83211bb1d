"""`make bench`: Partner Center's figures, each a ratio measured side by side in one run.

Against its own PostgreSQL database (partner_center_bench, recreated) and Redis db 9 (flushed),
on loopback, with gunicorn (2 workers, production settings) that it starts and stops itself.
Prints a table and writes it to bench/RESULTS.md (between the figures markers; the findings
written below them are kept). Figures are printed, never asserted.

    BENCH_CREATORS=n   the large directory size for P3/P6 (default 1,000,000)
    BENCH_KEEP_DB=1    leave the benchmark database in place afterwards
    BENCH_INSIGHTS_INVITATIONS=n, BENCH_INSIGHTS_REQUESTS=n
                       P11's agency (default 1,000,000 invitations and 200,000 link requests)
    BENCH_DB=name, BENCH_REDIS_URL=url   another database and Redis db than the defaults
    BENCH_P10_CREATORS=n  P10's directory size (default 10,000,000), reached after P11 by
                       generating rows inside PostgreSQL (bench/directory_load.py)
    BENCH_ONLY=P11     run only P11 (after migrating and seeding), to try it at a small size;
    BENCH_ONLY=P10     only P10: its searches at 10,000, the load, its searches again
"""

from __future__ import annotations

import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server

# Overridable so that a run on a shared machine can keep off others' database and Redis db.
DB_NAME = os.environ.get("BENCH_DB", "partner_center_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
SMALL_DIRECTORY = 10_000
LARGE_DIRECTORY = int(os.environ.get("BENCH_CREATORS", "1000000"))
RESULTS = server.ROOT / "bench" / "RESULTS.md"
P9_SMALL, P9_LARGE = 1_000, int(os.environ.get("BENCH_LINKS", "100000"))
P11_INVITATIONS = int(os.environ.get("BENCH_INSIGHTS_INVITATIONS", "1000000"))
P10_DIRECTORY = int(os.environ.get("BENCH_P10_CREATORS", "10000000"))
P11_REQUESTS = int(os.environ.get("BENCH_INSIGHTS_REQUESTS", "200000"))
START, END = "<!-- figures:start -->", "<!-- figures:end -->"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def environment(port: int) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "REDIS_URL": REDIS_URL,
        "DEBUG": "0",
        "SECRET_KEY": f"bench-only-{secrets.token_urlsafe(40)}",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "EMAIL_URL": "console://",
        # The benchmark is one user polling as fast as 32 clients can: no rate limit may answer.
        "LINK_STATUS_POLL_RATE": "1000000/s",
        "LINK_SESSION_RATE": "100000/m",
        "LINK_SESSION_TTL_SECONDS": "3600",
        "LOG_LEVEL": "ERROR",
    }


def main() -> int:
    started = time.monotonic()
    if not server.ensure_wrk():
        print("wrk is not installed and could not be installed: `apt-get install wrk`.")
        return 2
    port = server.free_port()
    os.environ.update(environment(port))
    server.OUT.mkdir(exist_ok=True)
    figures: dict = {"large": LARGE_DIRECTORY}
    gunicorn = None
    try:
        log(f"Database {DB_NAME} (recreated) and Redis {REDIS_URL} (flushed)")
        server.recreate_database(DB_NAME)
        server.flush_redis(REDIS_URL)

        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from bench import figures as f
        from demo import directory

        log("Migrating, seeding the demo data, collecting static files")
        call_command("migrate", verbosity=0)
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        shutil.rmtree(server.OUT / "static", ignore_errors=True)
        call_command("collectstatic", interactive=False, verbosity=0)

        if os.environ.get("BENCH_ONLY") == "P11":
            directory.seed(SMALL_DIRECTORY, log=lambda _m: None)
            gunicorn = server.Gunicorn(port, env=dict(os.environ))
            gunicorn.wait_until_ready()
            figures["p11"] = _p11(f, gunicorn.base)
            print(p11_report(figures["p11"]))
            return 0

        log(f"Creator directory to {SMALL_DIRECTORY:,}")
        t = time.perf_counter()
        directory.seed(SMALL_DIRECTORY, log=lambda _m: None)
        figures["seed_small_s"] = time.perf_counter() - t
        _vacuum_analyze(connection)

        if os.environ.get("BENCH_ONLY") == "P10":
            gunicorn = server.Gunicorn(port, env=dict(os.environ))
            gunicorn.wait_until_ready()
            searcher = server.Browser.at(gunicorn.base)
            searcher.log_in("staff", "demo-pass-2026")
            _p10(f, figures, searcher, _user("staff"), "p10_small")
            _p10_grow(figures)
            _p10(f, figures, searcher, _user("staff"), "p10_large")
            rows, table = p10_report(figures)
            print("\n".join([*(" | ".join(row) for row in rows), "", *table]))
            return 0

        log(f"gunicorn (2 workers) on 127.0.0.1:{port}")
        gunicorn = server.Gunicorn(port, env=dict(os.environ))
        gunicorn.wait_until_ready()

        log("P7: the link page (QR session page) as a browser loads it")
        staff = server.Browser.at(gunicorn.base)
        staff.log_in("tap_staff", "demo-pass-2026")
        status, headers, _ = staff.post("/account/link/", {})
        session_path = headers["Location"]
        if status != 302 or "/account/link/" not in session_path:
            raise RuntimeError(f"Starting a link session answered {status} → {session_path}")
        figures["p7"] = f.p7_link_page(staff, session_path)

        log("P1: link-status poll vs /ping/, wrk -c32")
        status_path = session_path.split("?")[0] + "status/"
        status, body = f.link_status_body(staff, status_path)
        if status != 200 or b"Waiting for scan" not in body:
            raise RuntimeError(f"The status poll answered {status}: {body[:200]!r}")
        # A waiting page polls with the state it shows; nothing changes while wrk runs.
        shown = re.search(rb'name="shown" value="([^"]*)"', body).group(1).decode()
        poll_path = f"{status_path}?{urlencode({'shown': shown})}"
        figures["p1"] = f.p1_poll(staff, poll_path, log=log)
        figures["p1_parts"] = f.p1_breakdown("tap_staff", status_path, shown)

        log("P2: SQL queries per page at 10 and 500 rows")
        world = f.p2_world()
        f.p2_grow(world, 10)
        small = f.p2_count(world)
        f.p2_grow(world, 500)
        figures["p2"] = {page: (small[page], big) for page, big in f.p2_count(world).items()}

        log("P8: a campaign's review list at 10 and 10,000 registered products")
        figures["p8"] = f.p8_review_list(gunicorn.base, world)

        log(f"P3: Find Creators searches at {SMALL_DIRECTORY:,} creators")
        searcher = server.Browser.at(gunicorn.base)
        searcher.log_in("staff", "demo-pass-2026")
        northstar_staff = _user("staff")
        figures["p3_small"] = f.p3_time_searches(searcher)
        figures["p3_small_sql"] = f.p3_sql_times(northstar_staff)
        _p10(f, figures, searcher, northstar_staff, "p10_small")

        log("Insights: bench/insights_bench.py (100,000 invitations, rolled back)")
        figures["insights"] = _insights_bench()

        log(f"P6: growing the directory to {LARGE_DIRECTORY:,} creators")
        t = time.perf_counter()
        added = directory.seed(LARGE_DIRECTORY, log=_every(100_000))
        figures["seed_large_s"] = time.perf_counter() - t
        figures["seed_large_added"] = added
        t = time.perf_counter()
        _vacuum_analyze(connection)
        figures["analyze_s"] = time.perf_counter() - t

        log(f"P3: Find Creators searches at {LARGE_DIRECTORY:,} creators")
        figures["p3_large"] = f.p3_time_searches(searcher)
        figures["p3_large_sql"] = f.p3_sql_times(northstar_staff)

        log("P4: an outreach of 100,000 creators")
        figures["p4"] = f.p4_outreach(world)

        log(f"P9: Manage Partnerships tabs at {P9_SMALL:,} and {P9_LARGE:,} links")
        figures["p9"] = _p9(f)

        figures["p11"] = _p11(f, gunicorn.base)

        log("P12: Invitation history of P11's agency")
        figures["p12"] = f.p12_history(_user("p11_staff"))

        _p10_grow(figures)
        _p10(f, figures, searcher, northstar_staff, "p10_large")
    finally:
        if gunicorn is not None:
            gunicorn.stop()
            log("gunicorn stopped")
        _clean_up()
    figures["elapsed_s"] = time.monotonic() - started
    text = report(figures)
    print()
    print(text)
    write_results(text)
    log(f"Written to {RESULTS.relative_to(server.ROOT)}")
    return 0


def _p10(f, figures: dict, searcher, staff, key: str) -> None:
    size = "large" if key.endswith("large") else "small"
    log(f"P10: Find Creators, every filter and sort, {size} directory")
    figures[key] = f.p10_searches(searcher, staff)


def _p10_grow(figures: dict) -> None:
    from django.db import connection

    from bench import directory_load

    log(f"P10: growing the directory to {P10_DIRECTORY:,} creators inside PostgreSQL")
    t = time.perf_counter()
    figures["p10_seed"] = directory_load.grow(P10_DIRECTORY, log=log)
    figures["p10_seed"]["total"] = time.perf_counter() - t
    # Not part of seeding (the rows are committed): the load's pages written back now rather
    # than while the searches are timed.
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")


def p10_report(fig: dict) -> tuple[list[tuple[str, str, str, str]], list[str]]:
    """P10's rows of the figures table (figure, measured, target, met) and its per-search
    table."""
    small, large, seed = fig["p10_small"], fig["p10_large"], fig["p10_seed"]
    ratios = {
        label: large.timings.per_search_p95_ms[label] / ms
        for label, ms in small.timings.per_search_p95_ms.items()
    }
    worst = max(ratios, key=ratios.get)
    same = small.queries == large.queries
    rows = [
        (
            f"P10 Find Creators p95 at {P10_DIRECTORY:,} ÷ at {SMALL_DIRECTORY:,} (worst search); queries",
            f"{ratios[worst]:.2f} ({worst}); queries {'equal' if same else 'NOT equal'} "
            f"({max(large.queries.values())} at most)",
            "≤ 2.0, equal",
            _ok(ratios[worst] <= 2.0 and same),
        ),
        (
            f"P10 seeding {P10_DIRECTORY:,} creators",
            f"{seed['total']:.0f} s for {seed['added']:,} ({seed['added'] / max(seed['total'], 1e-9):,.0f} creators/s): "
            f"insert {seed['insert']:.0f} s, indexes and constraints {seed['indexes']:.0f} s, "
            f"VACUUM ANALYZE {seed['vacuum']:.0f} s",
            "< 600 s",
            _ok(seed["total"] < 600),
        ),
    ]
    table = [
        f"P10 per search, ms ({SMALL_DIRECTORY:,} → {P10_DIRECTORY:,} creators; p95 through gunicorn, SQL in-process):",
        "",
        "| Search | p95 small | p95 large | ratio | SQL small | SQL large | queries |",
        "|---|---|---|---|---|---|---|",
        *[
            f"| {label} | {small.timings.per_search_p95_ms[label]:.1f} | "
            f"{large.timings.per_search_p95_ms[label]:.1f} | {ratios[label]:.2f} | "
            f"{small.sql_ms[label]:.1f} | {large.sql_ms[label]:.1f} | "
            f"{small.queries[label]} → {large.queries[label]} |"
            for label in ratios
        ],
    ]
    return rows, table


def _p9(f) -> dict:
    """Each tab of Manage Partnerships at P9_SMALL links and again at P9_LARGE (one agency;
    needs that many directory creators, so it runs after P6)."""
    partner, staff = f.p9_world()
    f.p9_grow(partner, staff, P9_SMALL)
    small = f.p9_time_tabs(staff)
    f.p9_grow(partner, staff, P9_LARGE)
    return {"small": small, "large": f.p9_time_tabs(staff)}


def _p11(f, base: str):
    log(f"P11: Insights at {P11_INVITATIONS:,} invitations and {P11_REQUESTS:,} link requests")
    partner, staff = f.p11_world()
    return f.p11_insights(
        base,
        partner,
        staff,
        invitations=P11_INVITATIONS,
        requests=P11_REQUESTS,
        log=log,
    )


def p11_report(p11) -> str:
    worst = max(p11.median_ms.values())
    same = len(set(p11.queries.values())) == 1
    return "\n".join(
        [
            f"P11 Insights at {p11.invitations:,} invitations + {p11.requests:,} link requests "
            f"(seeded in {p11.seed_s:.0f} s, rolled up in {p11.rollup_s:.0f} s): worst median "
            f"{worst:.0f} ms "
            f"({'OK' if worst < 300 else 'MISSED'} < 300 ms); queries "
            f"{'equal' if same else 'NOT equal'} across filters",
            "",
            "| Page | median ms | queries |",
            "|---|---|---|",
            *[
                f"| {label} | {p11.median_ms[label]:.0f} | {p11.queries[label]} |"
                for label in p11.median_ms
            ],
        ]
    )


def _vacuum_analyze(connection) -> None:
    """After a bulk load, what autovacuum does within a minute or so (and pgbench before every
    run): statistics for the planner, the visibility map for index-only scans, and the trigram
    index's pending list merged, which every search would otherwise scan (7,000 entries after
    seeding a million creators). Then a checkpoint, so that the load's pages are not being
    written back while searches are timed. Searches are measured in that steady state."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")


def _user(username: str):
    from accounts.models import User

    return User.objects.get(username=username)


def _every(step: int):
    def progress(message: str) -> None:
        match = re.match(r"\s*directory: ([\d,]+) /", message)
        if match and int(match.group(1).replace(",", "")) % step == 0:
            log(message.strip())

    return progress


def _insights_bench() -> dict:
    output = subprocess.run(
        [sys.executable, str(server.ROOT / "bench" / "insights_bench.py")],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    ).stdout
    built = re.search(
        r"Built ([\d,]+) invitations and ([\d,]+) binding requests in ([\d.]+) s", output
    )
    timing = re.search(r"partner_insights: (\d+) queries; best (\d+) ms, median (\d+) ms", output)
    return {
        "invitations": built.group(1),
        "requests": built.group(2),
        "queries": int(timing.group(1)),
        "best_ms": int(timing.group(2)),
        "median_ms": int(timing.group(3)),
    }


def _clean_up() -> None:
    from django.db import connections

    connections.close_all()
    try:
        server.flush_redis(REDIS_URL)
        if os.environ.get("BENCH_KEEP_DB") != "1":
            server.drop_database(DB_NAME)
    except Exception as error:
        log(f"Clean-up incomplete: {error}")


# --- The report ---------------------------------------------------------------------------


def _ok(good: bool) -> str:
    return "met" if good else "**missed**"


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    pg = server.postgres_version()
    return (
        f"{os.cpu_count()} CPUs ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB RAM; "
        f"PostgreSQL {pg}, Python {platform.python_version()}, Redis on loopback; "
        f"gunicorn 2 sync workers, wrk on the same machine"
    )


def report(fig: dict) -> str:
    p1, p4, p7, p8 = fig["p1"], fig["p4"], fig["p7"], fig["p8"]
    p2 = fig["p2"]
    worst = max(big[0] for _small, big in p2.values())
    equal = all(small[0] == big[0] for small, big in p2.values())
    p3_ratio = fig["p3_large"].p95_ms / fig["p3_small"].p95_ms
    large = fig["large"]
    kb = p7.total_bytes / 1024
    rows = [
        (
            "P1 link-status poll ÷ bare authenticated view: throughput",
            f"{p1.throughput_ratio:.2f} ({p1.poll.requests_per_second:,.0f} ÷ {p1.bare.requests_per_second:,.0f} req/s)",
            "≥ 0.8",
            _ok(p1.throughput_ratio >= 0.8),
        ),
        (
            "P1 latency, bare ÷ poll: p50 / p99",
            f"{p1.p50_ratio:.2f} ({p1.bare.p50_ms:.1f} / {p1.poll.p50_ms:.1f} ms) / "
            f"{p1.p99_ratio:.2f} ({p1.bare.p99_ms:.1f} / {p1.poll.p99_ms:.1f} ms)",
            "≥ 0.8",
            _ok(p1.p50_ratio >= 0.8 and p1.p99_ratio >= 0.8),
        ),
        (
            "P2 SQL queries per page (worst page), 10 vs 500 rows",
            f"{worst}; {'equal' if equal else 'NOT equal'} at 10 and 500 rows",
            "≤ 10, equal",
            _ok(worst <= 10 and equal),
        ),
        (
            f"P3 Find Creators p95 at {large:,} ÷ at {SMALL_DIRECTORY:,}",
            f"{p3_ratio:.2f} ({fig['p3_large'].p95_ms:.1f} ÷ {fig['p3_small'].p95_ms:.1f} ms)",
            "≤ 2.0",
            _ok(p3_ratio <= 2.0),
        ),
        (
            f"P4 outreach of {p4.creators:,} creators: time to create; SQL queries",
            f"{p4.create_ms / 1000:.2f} s; {p4.queries} queries ({p4.sent_now} sent at once)",
            "< 5 s",
            _ok(p4.create_ms < 5_000),
        ),
        (
            f"P6 time to seed {fig['seed_large_added']:,} creators ({SMALL_DIRECTORY:,} → {large:,})",
            f"{fig['seed_large_s']:.0f} s ({fig['seed_large_added'] / fig['seed_large_s']:,.0f} creators/s; VACUUM ANALYZE {fig['analyze_s']:.0f} s)",
            "reported",
            "",
        ),
        (
            "P7 link page: bytes transferred (gzip) / requests to other hosts",
            f"{kb:.1f} KB in {len(p7.resources) + 1} requests / {len(p7.other_hosts)}",
            "≤ 60 KB / 0",
            _ok(kb <= 60 and not p7.other_hosts),
        ),
        (
            "P8 review list of a campaign: p95 at 10,000 products ÷ at 10; SQL queries",
            f"{p8.p95_ms[10_000] / p8.p95_ms[10]:.2f} ({p8.p95_ms[10_000]:.1f} ÷ {p8.p95_ms[10]:.1f} ms); "
            f"{p8.queries[10_000]} and {p8.queries[10]} queries",
            "queries equal; p95 reported",
            _ok(p8.queries[10_000] == p8.queries[10]),
        ),
        (
            f"Insights for {fig['insights']['invitations']} invitations + {fig['insights']['requests']} requests",
            f"{fig['insights']['median_ms']} ms median, {fig['insights']['queries']} queries",
            "reported",
            "",
        ),
    ]
    if p9 := fig.get("p9"):
        small, big = p9["small"], p9["large"]
        ratio = max(big.p95_ms[t] / small.p95_ms[t] for t in small.p95_ms)
        same = all(small.queries[t] == big.queries[t] for t in small.queries)
        rows.append(
            (
                f"P9 Manage Partnerships p95 per tab at {P9_LARGE:,} ÷ at {P9_SMALL:,} links (worst tab); queries",
                f"{ratio:.2f}; queries {'equal' if same else 'NOT equal'}",
                "≤ 2.0, equal",
                _ok(ratio <= 2.0 and same),
            )
        )
    p10_rows, p10_table = p10_report(fig) if "p10_large" in fig else ([], [])
    rows += p10_rows
    if p11 := fig.get("p11"):
        worst = max(p11.median_ms.values())
        rows.append(
            (
                f"P11 Insights at {p11.invitations:,} invitations + {p11.requests:,} link requests: median (worst filter); queries",
                f"{worst:.0f} ms; {max(p11.queries.values())} queries",
                "< 300 ms, fixed",
                _ok(worst < 300 and len(set(p11.queries.values())) == 1),
            )
        )
    if p12 := fig.get("p12"):
        rows.append(
            (
                f"P12 Invitation history at {P11_INVITATIONS:,} invitations: p95 (worst view); queries",
                f"{max(p12.p95_ms.values()):.0f} ms ({max(p12.p95_ms, key=p12.p95_ms.get)}); "
                f"{max(p12.queries.values())} queries",
                "reported; ≤ 6 queries",
                _ok(max(p12.queries.values()) <= 6),
            )
        )
    lines = [
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {fig['elapsed_s'] / 60:.1f} min. Machine: {machine()}.",
        "",
        "| Figure | Measured | Target | |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
        "P2 queries per page (10 rows → 500 rows; list items shown at 500):",
        "",
        "| Page | 10 rows | 500 rows | items |",
        "|---|---|---|---|",
        *[f"| {page} | {s[0]} | {b[0]} | {b[1]} |" for page, (s, b) in p2.items()],
        "",
        f"P3 median per search through gunicorn, ms ({SMALL_DIRECTORY:,} → {large:,} creators; SQL ms in-process):",
        "",
        "| Search | at small | at large | SQL small | SQL large |",
        "|---|---|---|---|---|",
        *[
            f"| {label} | {fig['p3_small'].per_search_median_ms[label]:.1f} | "
            f"{fig['p3_large'].per_search_median_ms[label]:.1f} | "
            f"{fig['p3_small_sql'][label]:.1f} | {fig['p3_large_sql'][label]:.1f} |"
            for label in fig["p3_small"].per_search_median_ms
        ],
        "",
        f"P1 requests: ping {p1.bare.requests:,} ({p1.bare.errors} errors), poll {p1.poll.requests:,} "
        f"({p1.poll.errors} errors), {p1.rounds} alternating rounds of 8 s after a 2 s warm-up.",
        "",
        "P1 where the time goes, in-process (median ms; /ping/ reads the session and the user "
        "rows, a 204 poll the session row and one Redis round trip, a full poll the user row, "
        "the scoped query and a render as well):",
        "",
        *[f"- {label}: {ms:.2f} ms" for label, ms in fig["p1_parts"].items()],
        "",
        "P7 resources: "
        + ", ".join(f"{u} {b / 1024:.1f} KB ({e})" for u, b, e in p7.resources)
        + f"; HTML {p7.html_bytes / 1024:.1f} KB.",
        "",
        f"Seeding: {SMALL_DIRECTORY:,} creators in {fig['seed_small_s']:.1f} s.",
    ]
    if p9 := fig.get("p9"):
        lines += [
            "",
            f"P9 p95 per tab, in-process, ms ({P9_SMALL:,} → {P9_LARGE:,} links; queries):",
            "",
            "| Tab | small | large | queries |",
            "|---|---|---|---|",
            *[
                f"| {t} | {p9['small'].p95_ms[t]:.1f} | {p9['large'].p95_ms[t]:.1f} | "
                f"{p9['small'].queries[t]} → {p9['large'].queries[t]} |"
                for t in p9["small"].p95_ms
            ],
        ]
    if p10_table:
        lines += ["", *p10_table]
    if p11 := fig.get("p11"):
        lines += ["", p11_report(p11)]
    return "\n".join(lines)


def write_results(text: str) -> None:
    block = f"{START}\n{text}\n{END}"
    if RESULTS.exists() and START in (old := RESULTS.read_text()):
        head, _, rest = old.partition(START)
        _, _, tail = rest.partition(END)
        RESULTS.write_text(f"{head}{block}{tail}")
    else:
        RESULTS.write_text(f"# Benchmark results (`make bench`)\n\n{block}\n\n## Findings\n")


if __name__ == "__main__":
    sys.exit(main())
