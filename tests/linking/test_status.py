"""The status partial the session page polls."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils.html import escape

from linking import eligibility, services
from linking.models import LinkSession
from tests.factories import TikTokAccountFactory
from tiktok import services as tiktok_services
from tiktok.models import TikTokAccount

from .conftest import scan, tiktok_client_for

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
# What authentication costs on this endpoint: the session row and the user. The role check is
# folded into the one query that finds the session among the requester's partner's.
AUTHENTICATION_QUERIES = 2


def _status(client, session, **params):
    return client.get(reverse("linking:status", args=[session.code]), params, headers=HTMX)


def _shown(response) -> str:
    return re.search(r'name="shown" value="([^"]*)"', response.text).group(1)


def test_it_says_waiting_while_pending(staff_client, started):
    response = _status(staff_client, started[0])
    assert response.status_code == 200
    assert "Waiting for scan" in response.text
    assert "<html" not in response.text


def test_it_names_the_account_that_scanned(staff_client, started, account):
    session, token = started
    services.link_session_scan(token=token, account=account)
    response = _status(staff_client, session)
    assert response.status_code == 200
    assert (
        "Scanned by <strong>@agency.official</strong> — confirm in the TikTok app" in response.text
    )
    assert account.avatar_url in response.text


def test_it_stops_polling_with_the_success_card_once_linked(staff_client, started, account):
    session, token = started
    services.link_session_scan(token=token, account=account)
    services.link_session_confirm(session=session, account=account)
    response = _status(staff_client, session, next="/creators/find/")
    assert response.status_code == 286
    assert "TikTok account linked" in response.text
    assert "Creator Agency Partner" in response.text
    assert 'href="/creators/find/"' in response.text


def test_it_stops_polling_with_the_reason_when_failed(staff_client, started):
    session, token = started
    teen = TikTokAccountFactory(birth_date="2015-01-01")
    services.link_session_scan(token=token, account=teen)
    services.link_session_confirm(session=session, account=teen)
    response = _status(staff_client, session)
    assert response.status_code == 286
    assert "must be at least 18 years old" in response.text
    assert "Refresh QR code" in response.text


def test_it_lists_every_failed_requirement_with_its_remedy_and_the_account_manager(
    staff_client, started, partner
):
    session, token = started
    account = TikTokAccountFactory(
        status=TikTokAccount.Status.SUSPENDED,
        affiliation=TikTokAccount.Affiliation.OTHER_AGENCY,
        account_type=TikTokAccount.AccountType.BUSINESS,
    )
    services.link_session_scan(token=token, account=account)
    services.link_session_confirm(session=session, account=account)
    response = _status(staff_client, session)
    assert response.status_code == 286
    assert f"@{account.handle} could not be linked" in response.text
    assert "These 3 requirements are not met" in response.text
    reasons = re.findall(r'<li data-reason="([a-z_0-9]+)">', response.text)
    assert reasons == ["suspended", "other_agency", "business_account"]
    for reason in reasons:
        problem = eligibility.PROBLEMS[reason]
        assert escape(problem.message) in response.text
        assert escape(problem.remedy) in response.text
    manager = partner.account_manager
    assert (
        "If all of these are met and linking still fails, contact your account manager, "
        f'{manager.get_full_name()} (<a href="mailto:{manager.email}">{manager.email}</a>).'
    ) in response.text
    page = staff_client.get(reverse("linking:session", args=[session.code])).text
    assert re.findall(r'<li data-reason="([a-z_0-9]+)">', page) == reasons


def test_it_shows_the_business_account_reason_while_the_session_stays_open(staff_client, started):
    session, token = started
    shop = TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    services.link_session_scan(token=token, account=shop)
    services.link_session_confirm(session=session, account=shop)
    response = _status(staff_client, session)
    assert response.status_code == 200
    assert "registered business account" in response.text
    assert "Switch to Personal Account" in response.text


def test_it_offers_not_our_account_once_scanned_and_retires_the_qr_panel(
    staff_client, started, account
):
    session, token = started
    assert "Not our account" not in _status(staff_client, session).text
    services.link_session_scan(token=token, account=account)
    response = _status(staff_client, session)
    reject = reverse("linking:reject", args=[session.code])
    assert f'action="{reject}" hx-post="{reject}"' in response.text
    assert "csrfmiddlewaretoken" in response.text  # the form works without JavaScript too
    assert 'id="qr-panel"' in response.text and 'hx-swap-oob="true"' in response.text
    assert "no longer opens for anyone else" in response.text and "<svg" not in response.text


def test_it_stops_polling_when_rejected(staff_client, started, account, staff):
    session, token = started
    services.link_session_scan(token=token, account=account)
    services.link_session_reject(session=session, actor=staff)
    response = _status(staff_client, session)
    assert response.status_code == 286
    assert "You rejected the scan by @agency.official" in response.text
    assert "Refresh QR code" in response.text


def test_a_page_whose_session_was_superseded_says_it_was_replaced(
    staff_client, started, partner, staff
):
    session, _ = started
    services.link_session_start(partner=partner, started_by=staff)  # e.g. in another tab
    response = _status(staff_client, session)
    assert response.status_code == 286
    assert "Replaced by a newer QR code" in response.text
    assert "Cancelled" not in response.text
    page = staff_client.get(reverse("linking:session", args=[session.code])).text
    assert "Replaced by a newer QR code" in page and "Cancelled" not in page


def test_it_stops_polling_when_cancelled(staff_client, started, account):
    session, token = started
    services.link_session_scan(token=token, account=account)
    services.link_session_cancel(session=session, account=account)
    response = _status(staff_client, session)
    assert response.status_code == 286
    assert "Cancelled" in response.text


def test_it_says_expired_the_moment_the_time_passes(staff_client, started):
    session, _ = started
    LinkSession.objects.filter(pk=session.pk).update(expires_at=session.created_at)
    response = _status(staff_client, session)
    assert response.status_code == 286
    assert "expired" in response.text and "Refresh QR code" in response.text


def test_it_is_never_cached(staff_client, started):
    response = _status(staff_client, started[0])
    assert "no-store" in response["Cache-Control"]


def test_it_is_cheap(staff_client, started, account, django_assert_max_num_queries):
    session, token = started
    services.link_session_scan(token=token, account=account)
    with django_assert_max_num_queries(AUTHENTICATION_QUERIES + 3):
        response = _status(staff_client, session)
    assert "Scanned by" in response.text


def test_it_takes_one_query_beyond_authentication(staff_client, started, django_assert_num_queries):
    with django_assert_num_queries(AUTHENTICATION_QUERIES + 1):
        _status(staff_client, started[0])


def test_without_htmx_it_sends_you_to_the_page(staff_client, started):
    session, _ = started
    response = staff_client.get(reverse("linking:status", args=[session.code]))
    assert response.url == reverse("linking:session", args=[session.code])


def test_it_tells_caches_that_htmx_gets_another_answer(staff_client, started):
    session, _ = started
    assert "HX-Request" in _status(staff_client, session)["Vary"]
    plain = staff_client.get(reverse("linking:status", args=[session.code]))
    assert "HX-Request" in plain["Vary"]


def test_a_logged_out_poll_sends_the_whole_page_to_log_in(client, started):
    # Not a 302: htmx would follow it and swap the login page into the status box.
    session, _ = started
    page = f"{reverse('linking:session', args=[session.code])}?next=%2Fcampaigns%2Fnew%2F"
    headers = {**HTMX, "HX-Current-URL": f"http://testserver{page}"}
    response = client.get(reverse("linking:status", args=[session.code]), headers=headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('accounts:login')}?{urlencode({'next': page})}"
    assert response.content == b""
    assert "HX-Request" in response["Vary"]


def test_a_logged_out_browser_is_redirected_to_log_in(client, started):
    session, _ = started
    status_url = reverse("linking:status", args=[session.code])
    response = client.get(status_url)
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:login')}?next={status_url}"
    assert "HX-Redirect" not in response


def test_polling_is_rate_limited(staff_client, started, settings):
    settings.LINK_STATUS_POLL_RATE = "3/m"
    for _ in range(3):
        assert _status(staff_client, started[0]).status_code == 200
    response = _status(staff_client, started[0])
    assert response.status_code == 429
    assert "too many requests" in response.text and "<html" not in response.text


def test_it_drops_the_business_account_problem_once_the_account_is_personal(staff_client, started):
    session, token = started
    shop = TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    services.link_session_scan(token=token, account=shop)
    services.link_session_confirm(session=session, account=shop)
    tiktok_services.tiktok_account_switch_to_personal(account=shop)
    response = _status(staff_client, session)
    assert response.status_code == 200
    assert f"Scanned by <strong>@{shop.handle}</strong>" in response.text
    assert "is a registered business account" not in response.text
    page = staff_client.get(reverse("linking:session", args=[session.code])).text
    assert "is a registered business account" not in page


def test_the_page_and_the_phone_agree_after_switching_to_personal(
    staff_client, started, django_capture_on_commit_callbacks
):
    session, token = started
    shop = TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    phone = tiktok_client_for(shop)
    scan(phone, token)
    assert (
        "is a registered business account"
        in phone.post(reverse("linking:confirm", args=[session.code])).text
    )
    shown = _shown(_status(staff_client, session))

    with django_capture_on_commit_callbacks(execute=True):
        phone.post(reverse("tiktok:switch_to_personal"))

    # The page that was showing the problem gets the new state on its next poll, not a 204.
    response = _status(staff_client, session, shown=shown)
    assert response.status_code == 200
    assert "is a registered business account" not in response.text
    assert _shown(response) != shown
    on_phone = phone.get(reverse("linking:confirmation", args=[session.code])).text
    assert "is a registered business account" not in on_phone
    assert "You now have a personal account" in on_phone
