from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from creators.models import BindingRequest
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("creators:partnerships")


@pytest.fixture
def requests_by_status(partner):
    past = timezone.now() - timedelta(minutes=1)
    return {
        "pending": factories.BindingRequestFactory(partner=partner),
        "accepted": factories.BindingRequestFactory(partner=partner, status="accepted"),
        "declined": factories.BindingRequestFactory(partner=partner, status="declined"),
        "expired": factories.BindingRequestFactory(partner=partner, expires_at=past),
        "cancelled": factories.BindingRequestFactory(partner=partner, status="cancelled"),
    }


def test_it_shows_bound_creators_first(staff_client, requests_by_status):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"].items] == [requests_by_status["accepted"].pk]
    assert b"Bound creators" in response.content


@pytest.mark.parametrize("tab", ["pending", "accepted", "declined", "expired", "cancelled"])
def test_it_files_each_request_under_its_status_as_it_reads_now(
    staff_client, requests_by_status, tab
):
    response = staff_client.get(URL, {"tab": tab})
    assert [r.pk for r in response.context["page"].items] == [requests_by_status[tab].pk]
    assert dict((k, n) for k, _label, n in response.context["tabs"]) == {
        "pending": 1,
        "accepted": 1,
        "declined": 1,
        "expired": 1,
        "cancelled": 1,
    }


def test_it_never_shows_another_partners_requests(staff_client):
    factories.BindingRequestFactory(status="accepted")
    assert staff_client.get(URL).context["page"].items == []


def test_it_renders_the_panel_for_htmx(staff_client, requests_by_status):
    response = staff_client.get(URL, {"tab": "pending"}, headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<div id="partnerships-panel">')


@pytest.mark.parametrize("rows", [10, 200])
def test_it_costs_the_same_queries_at_any_page_size(
    staff_client, partner, rows, django_assert_num_queries
):
    factories.BindingRequestFactory.create_batch(rows, partner=partner, status="accepted")
    # session, user, membership, page rows, tab counts
    with django_assert_num_queries(5):
        response = staff_client.get(URL, {"per_page": 200})
    assert len(response.context["page"].items) == rows


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
    html = staff_client.get(URL, {"tab": "pending"}).content.decode()
    assert f'href="{_cancel_url(request)}"' in html
    assert f'action="{_cancel_url(request)}"' not in html  # no form that cancels in one click


def test_cancel_asks_first(staff_client, partner):
    request = factories.BindingRequestFactory(
        partner=partner, creator__tiktok_account__handle="mia.makes"
    )
    response = staff_client.get(_cancel_url(request))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cancel the binding request to @mia.makes?" in html
    assert f'<form method="post" action="{_cancel_url(request)}">' in html
    assert f'<a class="button" href="{URL}?tab=pending">Keep it</a>' in html
    assert BindingRequest.objects.get(pk=request.pk).status == "pending"


def test_cancel_asks_in_place_for_htmx(staff_client, partner):
    request = factories.BindingRequestFactory(partner=partner)
    response = staff_client.get(_cancel_url(request), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="confirm"')
    assert "Cancel the binding request to @" in html
    assert "<html" not in html


def test_cancel_offers_nothing_to_cancel_once_answered(staff_client, partner):
    request = factories.BindingRequestFactory(partner=partner, status="accepted")
    html = staff_client.get(_cancel_url(request)).content.decode()
    assert "can no longer be cancelled" in html
    assert f'action="{_cancel_url(request)}"' not in html


def test_cancel_refuses_other_methods(staff_client, partner):
    request = factories.BindingRequestFactory(partner=partner)
    assert staff_client.put(_cancel_url(request)).status_code == 405
