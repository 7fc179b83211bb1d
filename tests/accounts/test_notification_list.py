"""The notifications page, the top bar's bell and mark as read: each staff member's own notices
from their own agency; anyone else's is a 404, and other roles get 403 as on every staff page."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Notification
from accounts.notifications import notification_send
from tests import factories

pytestmark = pytest.mark.django_db
Kind = Notification.Kind
LIST = reverse("accounts:notifications")
BELL = reverse("accounts:notifications_bell")
READ_ALL = reverse("accounts:notifications_read_all")
HTMX = {"HTTP_HX_REQUEST": "true"}


def _notify(partner, text="@north.hq was linked by Alex.", kind=Kind.TIKTOK_LINKED):
    return notification_send(partner=partner, kind=kind, text=text, url="/account/profile/")


def _read_url(notice):
    return reverse("accounts:notification_read", args=[notice.code])


def _mine(notices, user):
    (notice,) = [n for n in notices if n.recipient == user]
    return notice


def _bell_count(html: str) -> int:
    match = re.search(r'id="notification-bell"[^>]*data-unread="(\d+)"', html, re.S)
    assert match, "no bell in the page"
    return int(match.group(1))


# --- The list -------------------------------------------------------------------------------


def test_it_lists_the_users_notices_newest_first(staff_client, partner, staff):
    _notify(partner, "First: @north.hq was linked.")
    _notify(partner, "Second: @mia.makes accepted.", Kind.INVITATION_ANSWERED)
    page = staff_client.get(LIST).text
    assert page.index("Second: @mia.makes accepted.") < page.index("First: @north.hq was linked.")
    assert "Invitation answered" in page and "2 unread" in page
    assert 'href="/account/profile/"' in page


def test_it_pages_the_list(staff_client, partner):
    for n in range(25):
        _notify(partner, f"Notice number {n:02d}.")
    first = staff_client.get(LIST).text
    assert "Notice number 24." in first and "Notice number 04." not in first
    assert "Page 1 of 2" in first
    second = staff_client.get(LIST, {"page": 2}).text
    assert "Notice number 04." in second and "Notice number 24." not in second


@pytest.mark.parametrize("rows", [3, 60])
def test_it_costs_the_same_queries_at_any_size(
    staff_client, staff, partner, rows, django_assert_num_queries
):
    Notification.objects.bulk_create(
        Notification(partner=partner, recipient=staff, kind=Kind.TIKTOK_LINKED, text=f"#{n}")
        for n in range(rows)
    )
    # The session, the user, the membership with the bell's count, the page's count and rows.
    with django_assert_num_queries(5):
        assert staff_client.get(LIST).status_code == 200


def test_it_survives_a_junk_page_number(staff_client, partner):
    _notify(partner)
    assert staff_client.get(LIST, {"page": "abc"}).status_code == 200
    assert staff_client.get(LIST, {"page": "99999999999999999999"}).status_code == 200


def test_it_never_shows_another_agencys_notices(staff_client, partner, other_partner, other_staff):
    _notify(other_partner, "Rival's secret notice.")
    page = staff_client.get(LIST).text
    assert "Rival's secret notice." not in page and "No notifications yet" in page


def test_it_shows_a_colleagues_notices_only_to_them(partner, staff, staff_client):
    colleague = factories.MembershipFactory(partner=partner).user
    notification_send(
        partner=partner, kind=Kind.TIKTOK_LINKED, text="Only for you.", recipients=[colleague]
    )
    assert "Only for you." not in staff_client.get(LIST).text


def test_it_is_for_staff_only(client, creator_client, seller_client):
    assert client.get(LIST).url.startswith(reverse("accounts:login"))
    assert creator_client.get(LIST).status_code == 403
    assert seller_client.get(LIST).status_code == 403


def test_it_answers_405_to_a_post(staff_client):
    assert staff_client.post(LIST).status_code == 405


# --- The bell -------------------------------------------------------------------------------


def test_the_top_bar_shows_the_unread_count_on_every_staff_page(staff_client, partner):
    _notify(partner)
    _notify(partner)
    for url in (reverse("accounts:home"), reverse("linking:profile"), LIST):
        page = staff_client.get(url).text
        assert _bell_count(page) == 2, url
        assert f'href="{LIST}"' in page and f'hx-get="{BELL}"' in page


def test_the_bell_fragment_has_the_count_and_keeps_polling(staff_client, partner):
    _notify(partner)
    response = staff_client.get(BELL, **HTMX)
    assert response.status_code == 200
    assert _bell_count(response.text) == 1
    assert 'hx-trigger="every 30s"' in response.text
    assert "<html" not in response.text


def test_the_bell_shows_99_plus_beyond_99(staff_client, staff, partner):
    Notification.objects.bulk_create(
        Notification(partner=partner, recipient=staff, kind=Kind.TIKTOK_LINKED, text="Linked.")
        for _ in range(120)
    )
    assert ">99+<" in staff_client.get(BELL, **HTMX).text


def test_polling_the_bell_is_three_queries(staff_client, partner, django_assert_num_queries):
    for _ in range(30):
        _notify(partner)
    # The session, the user, and the membership that brings the count along.
    with django_assert_num_queries(3):
        assert _bell_count(staff_client.get(BELL, **HTMX).text) == 30


def test_the_bell_counts_only_the_users_own_unread_notices(
    staff_client, staff, partner, other_partner
):
    _notify(other_partner)
    notice = _mine(_notify(partner), staff)
    _notify(partner)
    staff_client.post(_read_url(notice))
    assert _bell_count(staff_client.get(BELL, **HTMX).text) == 1


def test_the_bell_without_htmx_goes_to_the_list(staff_client):
    assert staff_client.get(BELL).url == LIST


def test_the_bell_sends_a_logged_out_page_to_log_in_and_back(client):
    response = client.get(BELL, **HTMX, HTTP_HX_CURRENT_URL="http://testserver/campaigns/")
    # HX-Redirect: htmx would follow a plain 302 and put the login page in the top bar.
    assert response["HX-Redirect"] == f"{reverse('accounts:login')}?next=%2Fcampaigns%2F"
    assert client.get(BELL).url.startswith(reverse("accounts:login"))


def test_the_bell_is_for_staff_only(creator_client, seller_client):
    assert creator_client.get(BELL, **HTMX).status_code == 403
    assert seller_client.get(BELL, **HTMX).status_code == 403


def test_the_bell_answers_405_to_a_post(staff_client):
    assert staff_client.post(BELL, **HTMX).status_code == 405


# --- Mark as read ---------------------------------------------------------------------------


def test_mark_as_read_without_js_comes_back_to_the_list(staff_client, staff, partner):
    notice = _mine(_notify(partner), staff)
    response = staff_client.post(_read_url(notice), {"next": f"{LIST}?page=1"})
    assert response.url == f"{LIST}?page=1"
    notice.refresh_from_db()
    assert notice.is_read
    page = staff_client.get(LIST).text
    assert "All read" in page and _bell_count(page) == 0


def test_mark_as_read_never_follows_a_next_off_the_site(staff_client, staff, partner):
    notice = _mine(_notify(partner), staff)
    response = staff_client.post(_read_url(notice), {"next": "//evil.example/"})
    assert response.url == LIST


def test_mark_as_read_with_htmx_swaps_the_item_and_the_bell(staff_client, staff, partner):
    notice = _mine(_notify(partner), staff)
    _notify(partner)
    response = staff_client.post(_read_url(notice), **HTMX)
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith(f'<li id="notification-{notice.code}"')
    assert "Mark as read" not in html.split("</li>")[0]
    assert 'hx-swap-oob="true"' in html and _bell_count(html) == 1
    assert "1 unread" in html


def test_mark_as_read_answers_404_for_another_agencys_notice(other_staff_client, staff, partner):
    notice = _mine(_notify(partner), staff)
    assert other_staff_client.post(_read_url(notice)).status_code == 404
    notice.refresh_from_db()
    assert not notice.is_read


def test_mark_as_read_answers_404_for_a_colleagues_notice(partner, staff):
    colleague = factories.MembershipFactory(partner=partner).user
    notice = _mine(_notify(partner), colleague)
    client = Client()
    client.force_login(staff)
    assert client.post(_read_url(notice)).status_code == 404
    notice.refresh_from_db()
    assert not notice.is_read


def test_mark_as_read_refuses_other_roles_and_get(
    client, creator_client, seller_client, staff_client, staff, partner
):
    notice = _mine(_notify(partner), staff)
    url = _read_url(notice)
    assert client.post(url).url.startswith(reverse("accounts:login"))
    assert creator_client.post(url).status_code == 403
    assert seller_client.post(url).status_code == 403
    assert staff_client.get(url).status_code == 405
    notice.refresh_from_db()
    assert not notice.is_read


def test_mark_as_read_needs_the_csrf_token(staff, partner):
    notice = _mine(_notify(partner), staff)
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post(_read_url(notice)).status_code == 403
    notice.refresh_from_db()
    assert not notice.is_read


# --- Mark all as read -------------------------------------------------------------------------


def test_mark_all_as_read_without_js(staff_client, staff, partner, other_partner):
    _notify(partner)
    _notify(partner)
    rivals = _notify(other_partner)
    response = staff_client.post(READ_ALL, {"next": LIST})
    assert response.url == LIST
    page = staff_client.get(LIST).text
    assert "Marked 2 notifications as read." in page
    assert _bell_count(page) == 0 and "All read" in page
    assert all(not n.is_read for n in Notification.objects.filter(pk__in=[r.pk for r in rivals]))


def test_mark_all_as_read_with_htmx_swaps_the_list_and_the_bell(staff_client, partner):
    _notify(partner, "Something happened.")
    response = staff_client.post(READ_ALL, {"page": "1"}, **HTMX)
    html = response.text
    assert html.lstrip().startswith('<div id="notification-list">')
    assert "Something happened." in html and "Mark as read" not in html
    assert _bell_count(html) == 0 and 'hx-swap-oob="true"' in html


def test_mark_all_as_read_refuses_other_roles_and_get(
    client, creator_client, seller_client, staff_client, partner
):
    _notify(partner)
    assert client.post(READ_ALL).url.startswith(reverse("accounts:login"))
    assert creator_client.post(READ_ALL).status_code == 403
    assert seller_client.post(READ_ALL).status_code == 403
    assert staff_client.get(READ_ALL).status_code == 405
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
