"""The Insights page: /insights/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from creators.models import Invitation
from insights.services import days_roll_up
from tests import factories

from .tables import page_tables

pytestmark = pytest.mark.django_db

URL = "/insights/"


def _answered(partner, *, attach, status, days_ago=3, hours=2, **kwargs):
    created = timezone.now() - timedelta(days=days_ago)
    return factories.InvitationFactory(
        partner=partner,
        attach_profile=attach,
        status=status,
        created_at=created,
        answered_at=created + timedelta(hours=hours),
        **kwargs,
    )


@pytest.fixture
def history(partner):
    _answered(partner, attach=True, status="accepted", hours=2)
    _answered(partner, attach=True, status="accepted", hours=6)
    _answered(partner, attach=True, status="declined", hours=4)
    _answered(partner, attach=False, status="declined", hours=30)
    factories.InvitationFactory(partner=partner, attach_profile=False)  # awaiting an answer
    factories.BindingRequestFactory(partner=partner, attach_profile=True, status="cancelled")


def test_it_shows_the_figures_with_and_without_the_profile(staff_client, history):
    response = staff_client.get(URL)
    assert response.status_code == 200
    tables = page_tables(response.content.decode())
    header, *rows = tables["summary"]
    assert header[:4] == ["Kind", "Profile", "Sent", "Awaiting answer"]
    by_row = {(r[0], r[1]): dict(zip(header, r, strict=True)) for r in rows}
    with_profile = by_row["Invitations", "With profile"]
    assert with_profile["Sent"] == "3"
    assert with_profile["Acceptance rate (%)"] == "66.7"
    assert with_profile["Decline rate (%)"] == "33.3"
    assert with_profile["Median time to answer (hours)"] == "4.0"
    without = by_row["Invitations", "Without profile"]
    assert (without["Sent"], without["Awaiting answer"], without["Closed"]) == ("2", "1", "1")
    assert without["Acceptance rate (%)"] == "0.0"
    assert by_row["Binding requests", "With profile"]["Cancelled"] == "1"
    assert by_row["Binding requests", "With profile"]["Acceptance rate (%)"] == "–"


def test_it_states_how_the_rates_are_counted(staff_client, history):
    page = staff_client.get(URL).content.decode()
    assert "Accepted ÷ closed" in page
    assert "Accepted, declined or expired" in page
    assert "gap in the line" in page


def test_it_draws_a_line_chart_and_a_bar_chart_per_kind_with_data(staff_client, history):
    page = staff_client.get(URL).content.decode()
    assert page.count('role="img"') == 3  # invitations: weekly, by category, time to answer
    assert 'id="weekly-invitations"' in page
    assert 'id="category-invitations"' in page
    assert 'id="answer-times-invitations"' in page
    # The binding requests are all cancelled: nothing closed, so explanations, not axes.
    assert 'id="weekly-binding_requests"' not in page
    assert "None of the binding requests sent in the weeks charted has been answered" in page
    assert "None of your binding requests has been answered or has expired yet" in page


def test_it_explains_what_will_appear_to_a_partner_with_nothing_sent(staff_client, partner):
    response = staff_client.get(URL)
    page = response.content.decode()
    assert "Nothing to compare yet" in page
    assert "<svg" not in page
    assert "<table" not in page
    assert "Download CSV" not in page


def test_it_explains_an_empty_kind(staff_client, partner):
    _answered(partner, attach=True, status="accepted")
    page = staff_client.get(URL).content.decode()
    assert "No binding requests sent yet" in page
    assert page.count('role="img"') == 3


def test_it_never_shows_another_partners_items(staff_client, partner, other_partner, history):
    for _ in range(5):
        _answered(other_partner, attach=False, status="accepted", hours=100)
    tables = page_tables(staff_client.get(URL).content.decode())
    header, *rows = tables["summary"]
    sent = {(r[0], r[1]): r[header.index("Sent")] for r in rows}
    assert sent["Invitations", "Without profile"] == "2"


def test_it_is_for_partner_staff_only(client, creator_client, seller_client):
    assert client.get(URL).status_code == 302
    assert client.get(URL)["Location"].startswith("/login/")
    assert creator_client.get(URL).status_code == 403
    assert seller_client.get(URL).status_code == 403


def test_it_shows_a_stranger_only_their_own_empty_page(other_staff_client, history):
    page = other_staff_client.get(URL).content.decode()
    assert "Nothing to compare yet" in page


def test_it_refuses_other_methods(staff_client):
    assert staff_client.post(URL).status_code == 405


@pytest.mark.parametrize("count", [4, 400])
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"period": "30", "market": "US"},
        {"period": "custom", "start": "2026-01-05", "end": "2026-12-01"},
    ],
)
@pytest.mark.parametrize("rolled_up", [False, True])
def test_it_uses_a_fixed_number_of_queries(
    staff_client, partner, count, query, rolled_up, django_assert_num_queries
):
    creators = [factories.CreatorFactory(category=c) for c in ("beauty", "food", "pets")]
    now = timezone.now()
    Invitation.objects.bulk_create(
        Invitation(
            partner=partner,
            creator=creators[i % 3],
            sent_by=creators[0].user,
            attach_profile=i % 2 == 0,
            status=["accepted", "declined", "expired"][i % 3],
            created_at=now - timedelta(days=i % 90),
            answered_at=now - timedelta(days=i % 90) + timedelta(hours=1 + i % 5),
            expires_at=now,
            commission_rate=10,
            products="Serum",
        )
        for i in range(count)
    )
    if rolled_up:
        days_roll_up()
    # The session and its user, the membership, the rollup's progress; then 4 per kind: counts
    # and answer times from the rollup and from the days after it. The same whatever the
    # filters and whether or not the rollup task has run.
    with django_assert_num_queries(16):
        response = staff_client.get(URL, query)
    assert response.status_code == 200


def _headline(page: str, kind: str) -> str:
    start = page.index(f'data-kind="{kind}"')
    return " ".join(page[start : page.index("</div>", start)].split())


def test_it_answers_first_with_the_difference_and_its_interval(staff_client, partner):
    # With: 9 of 10 accepted; without: 3 of 10 (Newcombe 1998, example b: +17.1 to +80.9).
    for i in range(10):
        _answered(partner, attach=True, status="accepted" if i < 9 else "declined")
        _answered(partner, attach=False, status="accepted" if i < 3 else "declined")
    page = staff_client.get(URL).content.decode()
    invitations = _headline(page, "invitations")
    assert "Attaching the profile helps" in invitations
    assert (
        "With the profile attached, 60.0 percentage points more creators said yes "
        "(95 % interval +17.1 to +80.9 points; based on 10 invitations closed with it "
        "and 10 without)."
    ) in invitations
    assert "Wilson score interval" in page
    assert "Newcombe" in page
    assert "59.6–98.2 %" in page  # 9 of 10, Wilson: centre 0.7890 ± 0.1931
    assert "Nothing to compare yet" in _headline(page, "binding_requests")


def test_it_says_when_there_are_not_enough_answers_to_tell(staff_client, partner):
    _answered(partner, attach=True, status="accepted")
    _answered(partner, attach=False, status="declined")
    invitations = _headline(staff_client.get(URL).content.decode(), "invitations")
    assert "Not enough answers yet to tell" in invitations
    assert "100.0 percentage points more" in invitations
    assert "based on 1 invitations closed with it and 1 without" in invitations


def test_it_says_so_when_the_profile_goes_with_fewer_yeses(staff_client, partner):
    for i in range(20):
        _answered(partner, attach=True, status="accepted" if i < 2 else "declined")
        _answered(partner, attach=False, status="accepted" if i < 16 else "declined")
    invitations = _headline(staff_client.get(URL).content.decode(), "invitations")
    assert "Creators said yes less often with the profile" in invitations
    assert "70.0 percentage points fewer" in invitations
    assert "\N{MINUS SIGN}" in invitations


def test_it_names_the_group_with_nothing_closed(staff_client, partner):
    _answered(partner, attach=True, status="accepted")
    invitations = _headline(staff_client.get(URL).content.decode(), "invitations")
    assert "Nothing to compare yet" in invitations
    assert "None of your invitations sent without the profile has been answered" in invitations


def test_it_draws_weeks_on_too_few_answers_hollow_with_their_sample_size(staff_client, partner):
    for i in range(6):  # this week: 6 closed with the profile, 2 without
        _answered(partner, attach=True, status="accepted" if i % 2 else "declined", days_ago=0)
    _answered(partner, attach=False, status="accepted", days_ago=0)
    _answered(partner, attach=False, status="accepted", days_ago=0)
    page = staff_client.get(URL).content.decode()
    chart = page[page.index('id="weekly-invitations"') : page.index("</svg>")]
    assert 'class="marker marker-without faint"' in chart
    assert 'class="marker marker-with"' in chart
    assert "too few answers" in chart
    assert "Without profile, " in chart and "100% (2 of 2 closed" in chart
    assert "too few to tell" in chart
    tables = page_tables(page)
    header, *rows = tables["weekly_invitations"]
    this_week = [dict(zip(header, r, strict=True)) for r in rows][-2:]
    assert [(r["Profile"], r["Closed"]) for r in this_week] == [
        ("With profile", "6"),
        ("Without profile", "2"),
    ]
    assert this_week[1]["95 % interval from (%)"] == "34.2"  # Wilson, 2 of 2
