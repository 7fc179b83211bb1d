from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from creators.models import BindingRequest
from creators.partnership_rules import State
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("creators:partnerships")


@pytest.fixture
def links_by_state(partner):
    """One link in every state, as it reads now."""
    now = timezone.now()
    past = now - timedelta(minutes=1)
    f = factories
    return {
        "link_requested": f.BindingRequestFactory(partner=partner),
        "linked": f.LinkFactory(partner=partner),
        "unlink_requested": f.LinkFactory(
            partner=partner,
            unlink_raised_by="creator",
            unlink_reason="Moving on",
            unlink_requested_at=now,
            unlink_expires_at=now + timedelta(days=7),
        ),
        "declined": f.BindingRequestFactory(partner=partner, status="declined"),
        "unlinked": f.LinkFactory(partner=partner, end_reason="unlinked", ended_at=past),
        "request_expired": f.BindingRequestFactory(
            partner=partner, created_at=now - timedelta(days=8)
        ),
        # Past its expiry, still stored as accepted: it reads as expired at once.
        "link_expired": f.LinkFactory(
            partner=partner, created_at=now - timedelta(days=70), link_expires_at=past
        ),
        "cancelled": f.BindingRequestFactory(partner=partner, status="cancelled"),
    }


TAB_STATES = {
    "all": set(State),
    "linked": {State.LINKED},
    "not_linked": {
        State.DECLINED,
        State.UNLINKED,
        State.REQUEST_EXPIRED,
        State.LINK_EXPIRED,
        State.CANCELLED,
    },
    "link_requested": {State.LINK_REQUESTED},
    "unlink_requested": {State.UNLINK_REQUESTED},
}


def test_it_shows_all_links_first_with_tiktoks_tabs(staff_client, links_by_state):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert {row.link.pk for row in response.context["page"].items} == {
        link.pk for link in links_by_state.values()
    }
    labels = [label for _key, label, _n in response.context["tabs"]]
    assert labels == ["All", "Linked", "Not linked", "Link requested", "Unlink requested"]


@pytest.mark.parametrize("tab", list(TAB_STATES))
def test_it_files_each_link_under_its_tab_as_it_reads_now(staff_client, links_by_state, tab):
    response = staff_client.get(URL, {"tab": tab})
    rows = response.context["page"].items
    assert {row.state for row in rows} == TAB_STATES[tab]
    assert {row.link.pk for row in rows} == {links_by_state[s].pk for s in TAB_STATES[tab]}
    assert dict((k, n) for k, _label, n in response.context["tabs"]) == {
        "all": 8,
        "linked": 1,
        "not_linked": 5,
        "link_requested": 1,
        "unlink_requested": 1,
    }


def test_it_names_the_reason_a_creator_is_not_linked(staff_client, links_by_state):
    html = staff_client.get(URL, {"tab": "not_linked"}).content.decode()
    for reason in ("Link declined", "Unlinked", "Request expired", "Link expired"):
        assert f"Not linked · {reason}" in html
    assert html.count(">Request again<") == 5


def test_it_shows_dates_days_left_and_who_sent_it(staff_client, partner, staff):
    link = factories.LinkFactory(
        partner=partner,
        sent_by=staff,
        link_expires_at=timezone.now() + timedelta(days=10, hours=1),
    )
    html = staff_client.get(URL, {"tab": "linked"}).content.decode()
    assert f"Sent by {staff.get_full_name()}" in html
    assert "<strong>11</strong>" in html  # the last 15 days, day by day
    assert "Expiring" in html
    assert f"{link.last_day:%-d %b %Y}" in html


@pytest.mark.parametrize(
    ("within", "shown"), [("1", ["a"]), ("15", ["a", "b"]), ("30", ["a", "b", "c"])]
)
def test_it_filters_links_expiring_within_1_15_or_30_days(staff_client, partner, within, shown):
    now = timezone.now()
    for handle, days in (("a", 0.5), ("b", 10), ("c", 29), ("d", 45)):
        factories.LinkFactory(
            partner=partner,
            creator__tiktok_account__handle=handle,
            link_expires_at=now + timedelta(days=days),
        )
    response = staff_client.get(URL, {"tab": "linked", "expiring": within})
    handles = [r.link.creator.tiktok_account.handle for r in response.context["page"].items]
    assert handles == shown


def test_it_never_shows_another_partners_links(staff_client):
    factories.LinkFactory()
    assert staff_client.get(URL).context["page"].items == []


def test_it_renders_the_panel_for_htmx(staff_client, links_by_state):
    response = staff_client.get(URL, {"tab": "linked"}, headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<div id="partnerships-panel">')


@pytest.mark.parametrize("rows", [10, 60])
@pytest.mark.parametrize("tab", list(TAB_STATES))
def test_it_costs_the_same_queries_at_any_size(
    staff_client, partner, rows, tab, django_assert_max_num_queries
):
    now = timezone.now()
    factories.LinkFactory.create_batch(rows, partner=partner)
    factories.BindingRequestFactory.create_batch(rows, partner=partner)
    factories.LinkFactory.create_batch(
        rows, partner=partner, link_expires_at=now + timedelta(days=5)
    )
    # session, user, membership, page rows, their extension requests, a count per tab (5)
    with django_assert_max_num_queries(10):
        response = staff_client.get(URL, {"per_page": 200, "tab": tab})
    assert response.status_code == 200


def test_it_sends_strangers_away(client, creator_client, seller_client):
    assert client.get(URL).status_code == 302
    assert creator_client.get(URL).status_code == 403
    assert seller_client.get(URL).status_code == 403


def test_it_refuses_post(staff_client):
    assert staff_client.post(URL).status_code == 405


# --- Cancel -------------------------------------------------------------------------------


def _cancel_url(request):
    return reverse("creators:request_cancel", args=[request.code])


def test_it_cancels_a_pending_request(staff_client, partner):
    request = factories.BindingRequestFactory(partner=partner)
    response = staff_client.post(_cancel_url(request), follow=True)
    assert b"cancelled" in response.content
    request.refresh_from_db()
    assert request.status == "cancelled"


@pytest.mark.parametrize(
    "fields",
    [{"status": "accepted"}, {"expires_at": timezone.now() - timedelta(seconds=1)}],
)
def test_it_refuses_to_cancel_what_is_closed(staff_client, partner, fields):
    request = factories.BindingRequestFactory(partner=partner, **fields)
    response = staff_client.post(_cancel_url(request), follow=True)
    assert b"Not cancelled:" in response.content
    assert BindingRequest.objects.get(pk=request.pk).status == request.status


def test_it_hides_requests_from_other_partners(other_staff_client, creator_client, partner):
    request = factories.BindingRequestFactory(partner=partner)
    assert other_staff_client.get(_cancel_url(request)).status_code == 404
    assert other_staff_client.post(_cancel_url(request)).status_code == 404
    assert creator_client.post(_cancel_url(request)).status_code == 403
    assert BindingRequest.objects.get(pk=request.pk).status == "pending"


def test_the_cancel_button_asks_rather_than_cancels(staff_client, partner):
    request = factories.BindingRequestFactory(partner=partner)
    html = staff_client.get(URL, {"tab": "link_requested"}).content.decode()
    assert f'href="{_cancel_url(request)}"' in html
    assert f'action="{_cancel_url(request)}"' not in html  # no form that cancels in one click


def test_cancel_asks_first(staff_client, partner):
    request = factories.BindingRequestFactory(
        partner=partner, creator__tiktok_account__handle="mia.makes"
    )
    response = staff_client.get(_cancel_url(request))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cancel the link request to @mia.makes?" in html
    assert f'<form method="post" action="{_cancel_url(request)}">' in html
    assert f'<a class="button" href="{URL}?tab=link_requested">Keep it</a>' in html
    assert BindingRequest.objects.get(pk=request.pk).status == "pending"


def test_cancel_asks_in_place_for_htmx(staff_client, partner):
    request = factories.BindingRequestFactory(partner=partner)
    response = staff_client.get(_cancel_url(request), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="confirm"')
    assert "Cancel the link request to @" in html
    assert "<html" not in html


def test_cancel_offers_nothing_to_cancel_once_answered(staff_client, partner):
    request = factories.BindingRequestFactory(partner=partner, status="accepted")
    html = staff_client.get(_cancel_url(request)).content.decode()
    assert "can no longer be cancelled" in html
    assert f'action="{_cancel_url(request)}"' not in html


def test_cancel_refuses_other_methods(staff_client, partner):
    request = factories.BindingRequestFactory(partner=partner)
    assert staff_client.put(_cancel_url(request)).status_code == 405


def test_a_tabs_count_stops_at_the_cap(staff_client, partner, monkeypatch):
    from creators import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    factories.LinkFactory.create_batch(5, partner=partner)
    html = staff_client.get(URL).content.decode()
    assert 'Linked <span class="badge">3+</span>' in html
    assert 'Link requested <span class="badge">0</span>' in html
