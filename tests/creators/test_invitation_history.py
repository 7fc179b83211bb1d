"""Invitation history (/creators/invitations/): every invitation the agency sent, newest first,
searched by creator, filtered by sent dates (in the agency's market), status and profile."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from creators.models import Invitation
from tests import factories

pytestmark = pytest.mark.django_db
URL = reverse("creators:invitations")


def _handles(response) -> list[str]:
    return [i.creator.tiktok_account.handle for i in response.context["page"].object_list]


@pytest.fixture
def sent(partner, staff):
    """One invitation in each status, by handle; `ayu` is the newest."""
    now = timezone.now()

    def invite(handle, name, days_ago, **kwargs):
        return factories.InvitationFactory(
            partner=partner,
            sent_by=staff,
            creator__tiktok_account__handle=handle,
            creator__tiktok_account__display_name=name,
            created_at=now - timedelta(days=days_ago),
            expires_at=now - timedelta(days=days_ago) + timedelta(days=7),
            **kwargs,
        )

    return {
        "ayu": invite("ayu.style", "Ayu Lestari", 0, attach_profile=True),
        "kofi": invite("kofi.cooks", "Kofi Mensah", 2, status="accepted", answered_at=now),
        "mia": invite("mia.makes", "Mia Chen", 4, status="declined", answered_at=now),
        # Never answered: past its expiry, it reads as expired although stored as pending.
        "lena": invite("lena.lifts", "Lena Vogel", 9),
    }


def test_it_lists_every_invitation_of_the_agency_newest_first(staff_client, sent, staff):
    factories.InvitationFactory(creator__tiktok_account__handle="not.ours")
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert _handles(response) == ["ayu.style", "kofi.cooks", "mia.makes", "lena.lifts"]
    text = response.content.decode()
    for label in ("Pending", "I&#x27;m interested", "Not interested", "Expired"):
        assert label in text
    assert "Sent by" in text and str(staff) in text
    assert "not.ours" not in text
    assert "Inviting the creator for product distribution (TAP)" in text
    assert response["Vary"] and "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "query, handles",
    [
        ({"q": "kofi"}, ["kofi.cooks"]),
        ({"q": "@MIA.m"}, ["mia.makes"]),
        ({"q": "chen"}, ["mia.makes"]),  # the display name
        ({"q": "le"}, ["lena.lifts"]),  # two letters: the handle's start
        ({"status": "pending"}, ["ayu.style"]),
        ({"status": "accepted"}, ["kofi.cooks"]),
        ({"status": "declined"}, ["mia.makes"]),
        ({"status": "expired"}, ["lena.lifts"]),
        ({"profile": "yes"}, ["ayu.style"]),
        ({"profile": "no"}, ["kofi.cooks", "mia.makes", "lena.lifts"]),
        ({"q": "a", "profile": "no"}, []),
    ],
)
def test_it_searches_and_filters(staff_client, sent, query, handles):
    response = staff_client.get(URL, query)
    assert response.status_code == 200
    assert _handles(response) == handles


def test_it_filters_by_days_in_the_agencys_market(staff_client, partner, staff):
    """A US agency's day is Los Angeles's: 06:00 UTC on 2 March is still 1 March there."""
    at = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
    factories.InvitationFactory(
        partner=partner, sent_by=staff, created_at=at, expires_at=at + timedelta(days=7)
    )
    assert (
        len(_handles(staff_client.get(URL, {"sent_from": "2026-03-01", "sent_to": "2026-03-01"})))
        == 1
    )
    assert _handles(staff_client.get(URL, {"sent_from": "2026-03-02"})) == []
    assert len(_handles(staff_client.get(URL, {"sent_to": "2026-03-01"}))) == 1
    assert _handles(staff_client.get(URL, {"sent_to": "2026-02-28"})) == []


@pytest.mark.parametrize(
    "query, message",
    [
        (
            {"sent_from": "2026-03-05", "sent_to": "2026-03-01"},
            "The end date is before the start date.",
        ),
        ({"sent_from": "1-2-3-4"}, "Enter a valid date."),
        ({"sent_to": "9999-12-31"}, "Enter a date from 2000 to 2999."),
        ({"status": "accepted_or_not"}, "Select a valid choice."),
    ],
)
def test_it_explains_bad_filters_and_ignores_them(staff_client, sent, query, message):
    response = staff_client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert len(_handles(response)) == 4


def test_it_pages_with_numbers(staff_client, partner, staff):
    factories.InvitationFactory.create_batch(45, partner=partner, sent_by=staff, status="declined")
    first = staff_client.get(URL)
    text = first.content.decode()
    assert "45 invitations." in text
    assert f'href="{URL}?&amp;page=3"' in text
    third = staff_client.get(URL, {"page": 3})
    assert len(third.context["page"].object_list) == 5
    # Past the last page: the last page.
    assert staff_client.get(URL, {"page": 99}).context["page"].number == 3


def test_it_renders_the_results_for_htmx(staff_client, sent):
    response = staff_client.get(URL, {"q": "kofi"}, headers={"HX-Request": "true"})
    text = response.content.decode()
    assert text.lstrip().startswith('<section id="results"')
    assert "kofi.cooks" in text and '<nav class="sidenav"' not in text


@pytest.mark.parametrize("rows", [10, 500])
def test_it_costs_the_same_queries_at_10_and_500_invitations(
    staff_client, partner, staff, rows, django_assert_max_num_queries
):
    creators = factories.CreatorFactory.create_batch(10)
    now = timezone.now()
    Invitation.objects.bulk_create(
        Invitation(
            partner=partner,
            creator=creators[n % 10],
            sent_by=staff,
            status="declined",
            contact_email="team@agency.example",
            created_at=now - timedelta(minutes=n),
            expires_at=now + timedelta(days=7),
        )
        for n in range(rows)
    )
    # session, user, membership, the count, the page's rows (creator, account and sender)
    with django_assert_max_num_queries(6):
        response = staff_client.get(URL, {"per_page": 200, "q": "tiktoker", "page": 1})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 200)


def test_it_is_in_the_navigation_beside_find_creators(staff_client, sent):
    text = staff_client.get(URL).content.decode()
    assert f'<a href="{URL}" aria-current="page">Invitation history</a>' in text
    find = staff_client.get(reverse("creators:find")).content.decode()
    assert f'href="{URL}"' in find
    assert f'<a href="{URL}" aria-current="page">' not in find


def test_it_refuses_a_member_without_find_creators(no_find_creators_client):
    assert no_find_creators_client.get(URL).status_code == 403
    assert f'href="{URL}"' not in no_find_creators_client.get("/").content.decode()


def test_it_sends_strangers_away(client, creator_client, seller_client):
    assert client.get(URL).status_code == 302
    assert creator_client.get(URL).status_code == 403
    assert seller_client.get(URL).status_code == 403


def test_it_shows_another_agency_only_its_own(other_staff_client, sent):
    response = other_staff_client.get(URL)
    assert response.status_code == 200
    assert _handles(response) == []


def test_it_answers_only_get(staff_client):
    assert staff_client.post(URL).status_code == 405
