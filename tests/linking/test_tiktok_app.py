"""The simulated TikTok app: sign up, log in, profile, My QR code, scanning and confirming."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from linking import eligibility, services
from linking.models import LinkEvent, LinkSession, TikTokLink
from linking.selectors import scan_url
from tests.factories import TIKTOK_PASSWORD, TikTokAccountFactory, TikTokLinkFactory
from tiktok.auth import SESSION_KEY
from tiktok.models import TikTokAccount

from .conftest import scan, tiktok_client_for

pytestmark = pytest.mark.django_db
INVALID = "This QR code is no longer valid — ask for a new one."


# --- sign up, log in, log out ------------------------------------------------------------


def test_signing_up_creates_a_personal_account_and_logs_in(client):
    response = client.post(
        reverse("tiktok:signup"),
        {
            "handle": "new.agency",
            "display_name": "New Agency",
            "birth_date": "1990-05-01",
            "password": "long-enough-pw",
        },
    )
    assert response.url == reverse("tiktok:me")
    account = TikTokAccount.objects.get(handle="new.agency")
    assert account.account_type == TikTokAccount.AccountType.PERSONAL
    assert account.check_password("long-enough-pw")
    assert client.session[SESSION_KEY] == account.pk


def test_sign_up_explains_bad_input(client, account):
    response = client.post(
        reverse("tiktok:signup"),
        {"handle": "AGENCY.official", "display_name": "", "birth_date": "soon", "password": "x"},
    )
    assert response.status_code == 200
    assert "That handle is taken" in response.text
    assert "Enter a valid date" in response.text
    assert TikTokAccount.objects.count() == 1


def test_sign_up_rejects_a_handle_the_validator_refuses(client):
    response = client.post(
        reverse("tiktok:signup"),
        {
            "handle": "bad handle!",
            "display_name": "X",
            "birth_date": "1990-01-01",
            "password": "long-enough-pw",
        },
    )
    assert "Use 2–24 letters" in response.text
    assert not TikTokAccount.objects.exists()


def test_logging_in_returns_to_next(client, account):
    response = client.post(
        reverse("tiktok:login"),
        {"handle": "@Agency.Official", "password": TIKTOK_PASSWORD, "next": "/tiktok/me/qr/"},
    )
    assert response.url == "/tiktok/me/qr/"
    assert client.session[SESSION_KEY] == account.pk


@pytest.mark.parametrize(("handle", "password"), [("agency.official", "nope"), ("ghost", "tt")])
def test_a_wrong_password_or_unknown_handle_gets_the_same_message(
    client, account, handle, password
):
    response = client.post(reverse("tiktok:login"), {"handle": handle, "password": password})
    assert response.status_code == 200
    assert "That handle and password don&#x27;t match" in response.text
    assert SESSION_KEY not in client.session


def test_logging_out_keeps_the_partner_center_login(staff_client, account):
    session = staff_client.session
    session[SESSION_KEY] = account.pk
    session.save()
    assert staff_client.get(reverse("tiktok:logout")).status_code == 405
    staff_client.post(reverse("tiktok:logout"))
    assert SESSION_KEY not in staff_client.session
    assert staff_client.get(reverse("linking:profile")).status_code == 200


def test_a_logged_out_user_is_sent_to_log_in(client):
    response = client.get(reverse("tiktok:me"))
    assert response.url == f"{reverse('tiktok:login')}?next=%2Ftiktok%2Fme%2F"


def test_a_logged_out_htmx_request_sends_the_whole_screen_to_log_in(client):
    headers = {"HX-Request": "true", "HX-Current-URL": "http://testserver/tiktok/settings/"}
    response = client.get(reverse("tiktok:me"), headers=headers)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{reverse('tiktok:login')}?next=%2Ftiktok%2Fsettings%2F"


# --- profile and menu --------------------------------------------------------------------


def test_the_own_profile_has_the_menu(tiktok_client):
    page = tiktok_client.get(reverse("tiktok:me")).text
    assert "@agency.official" in page
    assert f'href="{reverse("tiktok:my_qr_code")}"' in page
    assert f'href="{reverse("tiktok:settings")}"' in page
    assert "Log out" in page


def test_a_public_profile_has_no_menu_and_shows_the_badge_once_linked(client, account):
    url = reverse("tiktok:profile", args=["Agency.Official"])
    assert "badge-label" not in client.get(url).text
    TikTokLinkFactory(tiktok_account=account)
    page = client.get(url).text
    assert "Creator Agency Partner" in page
    assert "My QR code" not in page


# --- scanner -----------------------------------------------------------------------------


def test_the_scanner_posts_a_link_codes_token_to_its_page(tiktok_client, started, settings):
    settings.SITE_URL = "https://pc.example"
    session, token = started
    url = scan_url(token)
    assert url == f"https://pc.example/tiktok/scan/#t={token}"
    response = tiktok_client.post(reverse("tiktok:my_qr_code"), {"url": url})
    assert response.status_code == 200
    page = response.text
    assert f'action="{reverse("linking:scan")}"' in page
    assert f'name="token" value="{token}"' in page
    assert "js/scan.js" in page and ">Open</button>" in page  # posted by script, or by a tap
    assert "Location" not in response
    assert LinkSession.objects.get(pk=session.pk).status == "pending"


def test_the_scanner_posts_a_token_to_no_other_page(tiktok_client, settings):
    settings.SITE_URL = "https://pc.example"
    url = "https://pc.example/tiktok/settings/account/switch-to-personal/#t=abc"
    response = tiktok_client.post(reverse("tiktok:my_qr_code"), {"url": url})
    assert response.url == reverse("tiktok:switch_to_personal")


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/tiktok/scan/#t=abc",
        "//evil.example/tiktok/scan/#t=abc",
        "/account/profile/",
        "javascript:alert(1)",
    ],
)
def test_the_scanner_opens_nothing_else(tiktok_client, url, settings):
    settings.SITE_URL = "https://pc.example"
    response = tiktok_client.post(reverse("tiktok:my_qr_code"), {"url": url})
    assert response.status_code == 200
    assert "isn&#x27;t a TikTok link code" in response.text


# --- the confirmation screen ---------------------------------------------------------------


def _confirmation(session):
    return reverse("linking:confirmation", args=[session.code])


def _confirm(session):
    return reverse("linking:confirm", args=[session.code])


def _cancel(session):
    return reverse("linking:cancel", args=[session.code])


def test_the_tap_leads_to_the_confirmation_screen(tiktok_client, started, staff):
    session, token = started
    response = scan(tiktok_client, token)
    assert response.url == _confirmation(session)
    page = tiktok_client.get(response.url).text
    assert "Northstar Creators" in page
    assert "United States" in page
    assert str(staff) in page
    assert "UTC" in page
    assert "Creator Agency Partner · Northstar Creators" in page and "@agency.official" in page
    assert "creators Northstar Creators invites" in page
    assert page.count('class="button') >= 2 and "Connect Now" in page and "Cancel" in page
    assert page.count("csrfmiddlewaretoken") == 3  # Connect Now, Cancel, Switch account
    assert token not in page  # from here on the session is named by its code


CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


def _started_from(partner, staff, *, user_agent: str, ip_address: str | None):
    session, token = services.link_session_start(partner=partner, started_by=staff)
    services.link_session_record_origin(
        session=session, user_agent=user_agent, ip_address=ip_address
    )
    LinkSession.objects.filter(pk=session.pk).update(
        created_at=datetime(2026, 12, 1, 14, 5, 9, tzinfo=UTC)
    )
    return session, token


def _where_from(page: str) -> None:
    assert "<dt>Browser</dt><dd>Chrome on Windows</dd>" in page
    assert "<dt>IP address</dt><dd>203.0.113.7</dd>" in page
    assert "<dt>Agency</dt><dd>Northstar Creators</dd>" in page
    assert "<dt>Market</dt><dd>United States</dd>" in page
    assert (
        '<time datetime="2026-12-01T14:05:09+00:00" data-local-time>1 Dec 2026, 14:05 UTC</time>'
        in page
    )
    assert "Only continue if you started this yourself in Partner Center." in page
    assert "Continue only if you started this yourself." in page


def test_the_confirmation_screen_shows_where_the_request_came_from(tiktok_client, partner, staff):
    _, token = _started_from(partner, staff, user_agent=CHROME_ON_WINDOWS, ip_address="203.0.113.7")
    page = tiktok_client.get(scan(tiktok_client, token).url).text
    _where_from(page)
    assert f"<dt>Requested by</dt><dd>{staff.get_full_name()}</dd>" in page


def test_the_scan_screen_shows_where_the_request_came_from_before_the_tap(
    tiktok_client, partner, staff
):
    _, token = _started_from(partner, staff, user_agent=CHROME_ON_WINDOWS, ip_address="203.0.113.7")
    page = tiktok_client.post(reverse("linking:scan"), {"token": token}).text
    _where_from(page)
    assert "Continue" in page


def test_the_confirmation_screen_says_so_when_it_cannot_tell_where(tiktok_client, partner, staff):
    _, token = _started_from(partner, staff, user_agent="", ip_address=None)
    page = tiktok_client.get(scan(tiktok_client, token).url).text
    assert "<dt>Browser</dt><dd>an unknown browser</dd>" in page
    assert "<dt>IP address</dt><dd>an unknown address</dd>" in page


def test_the_confirmation_screen_says_what_cannot_be_undone(tiktok_client, started):
    _, token = started
    page = tiktok_client.get(scan(tiktok_client, token).url).text
    assert "Only the agency's account manager can remove this link." in page


def test_the_confirmation_screen_loads_the_local_time_script_from_our_own_files(
    tiktok_client, started
):
    _, token = started
    page = tiktok_client.get(scan(tiktok_client, token).url).text
    assert re.search(r'<script src="/static/js/local_time\.js" defer></script>', page)


# --- Logged in as someone else -----------------------------------------------------------


def _switch(session):
    return reverse("linking:switch_account", args=[session.code])


def _log_in_after_switch(phone, response, handle="agency.official"):
    """The log-in screen that Switch account leads to, filled in; returns its answer."""
    login, _, fragment = response.url.partition("#")
    return phone.post(login, {"handle": handle, "password": TIKTOK_PASSWORD}), fragment


def test_it_says_which_account_is_logged_in_and_offers_to_switch(tiktok_client, started):
    session, token = started
    before_the_tap = tiktok_client.post(reverse("linking:scan"), {"token": token}).text
    assert "Logged in as <strong>@agency.official</strong> — not you?" in before_the_tap
    assert f'action="{reverse("linking:scan_switch_account")}"' in before_the_tap
    page = tiktok_client.get(scan(tiktok_client, token).url).text
    assert "Logged in as <strong>@agency.official</strong> — not you?" in page
    assert f'action="{_switch(session)}"' in page and "Switch account" in page


def test_switching_account_gives_the_scan_back_and_opens_the_code_after_logging_in(
    started, account
):
    session, token = started
    phone = tiktok_client_for(TikTokAccountFactory(handle="left.logged.in"))
    scan(phone, token)

    response = phone.post(_switch(session))

    login = f"{reverse('tiktok:login')}?next=%2Ftiktok%2Fscan%2F"
    # The code rides in the fragment, which the browser keeps through the log-in and never
    # sends (the log-in redirect keeps it: tests/linking/test_browser.py).
    assert response.url == f"{login}#t={token}"
    assert SESSION_KEY not in phone.session
    session.refresh_from_db()
    assert (session.status, session.tiktok_account) == (LinkSession.Status.PENDING, None)
    assert not LinkEvent.objects.filter(session=session).exists()
    response, fragment = _log_in_after_switch(phone, response)
    assert response.url == reverse("linking:scan") and fragment == f"t={token}"
    page = phone.post(reverse("linking:scan"), {"token": token}).text
    assert "Logged in as <strong>@agency.official</strong>" in page
    assert scan(phone, token).url == _confirmation(session)
    session.refresh_from_db()
    assert session.tiktok_account == account


def test_switching_account_before_the_tap_logs_out_and_keeps_the_code(tiktok_client, started):
    session, token = started
    response = tiktok_client.post(reverse("linking:scan_switch_account"), {"token": token})
    assert response.url == f"{reverse('tiktok:login')}?next=%2Ftiktok%2Fscan%2F#t={token}"
    assert SESSION_KEY not in tiktok_client.session
    assert LinkSession.objects.get(pk=session.pk).status == LinkSession.Status.PENDING


def test_switching_account_keeps_the_partner_center_login(staff_client, started, account):
    session, token = started
    login_session = staff_client.session
    login_session[SESSION_KEY] = account.pk
    login_session.save()
    scan(staff_client, token)
    staff_client.post(_switch(session))
    assert SESSION_KEY not in staff_client.session
    assert staff_client.get(reverse("linking:profile")).status_code == 200


def test_another_account_cannot_switch_someone_elses_scan_away(started, account):
    session, token = started
    scan(tiktok_client_for(account), token)
    other = tiktok_client_for(TikTokAccountFactory())
    assert other.post(_switch(session)).status_code == 404
    assert SESSION_KEY in other.session
    assert LinkSession.objects.get(pk=session.pk).tiktok_account == account


def test_switching_account_after_the_session_ended_shows_it_and_logs_out_nobody(
    tiktok_client, started, account
):
    session, token = started
    scan(tiktok_client, token)
    services.link_session_cancel(session=session, account=account)
    response = tiktok_client.post(_switch(session))
    assert response.status_code == 404 and INVALID in response.text
    assert SESSION_KEY in tiktok_client.session


def test_switching_account_refuses_get(tiktok_client, started):
    session, token = started
    scan(tiktok_client, token)
    assert tiktok_client.get(_switch(session)).status_code == 405
    assert tiktok_client.get(reverse("linking:scan_switch_account")).status_code == 405
    assert SESSION_KEY in tiktok_client.session


def test_connect_now_links(tiktok_client, started, account):
    session, token = started
    scan(tiktok_client, token)
    response = tiktok_client.post(_confirm(session))
    assert "You're linked to Northstar Creators" in response.text
    assert TikTokLink.objects.filter(tiktok_account=account).exists()
    assert "Creator Agency Partner" in tiktok_client.get(reverse("tiktok:me")).text
    assert "You're linked" in tiktok_client.get(_confirmation(session)).text


def test_cancel_finishes_the_session(tiktok_client, started):
    session, token = started
    scan(tiktok_client, token)
    response = tiktok_client.post(_cancel(session), follow=True)
    assert "Nothing was linked" in response.text
    assert LinkSession.objects.get(pk=session.pk).status == "cancelled"
    again = tiktok_client.get(_confirmation(session))
    assert again.status_code == 404 and INVALID in again.text


def test_an_ineligible_account_sees_its_reason_and_remedy(started):
    session, token = started
    teen = TikTokAccountFactory(birth_date="2014-01-01")
    client = tiktok_client_for(teen)
    scan(client, token)
    page = client.post(_confirm(session)).text
    assert "This requirement is not met" in page
    assert "must be at least 18 years old" in page
    assert "Link an account held by an adult" in page
    assert "must be at least 18 years old" in client.get(_confirmation(session)).text


def test_an_account_failing_several_requirements_sees_them_all_with_their_remedies(started):
    session, token = started
    account = TikTokAccountFactory(
        status=TikTokAccount.Status.SUSPENDED,
        violation_count=3,
        affiliation=TikTokAccount.Affiliation.CREATOR_NETWORK,
        account_type=TikTokAccount.AccountType.BUSINESS,
    )
    client = tiktok_client_for(account)
    scan(client, token)
    page = client.post(_confirm(session)).text
    assert "Couldn't link to Northstar Creators" in page
    assert "These 4 requirements are not met" in page
    reasons = re.findall(r'<li data-reason="([a-z_0-9]+)">', page)
    assert reasons == ["suspended", "violation_history", "creator_network", "business_account"]
    for reason in reasons:
        problem = eligibility.PROBLEMS[reason]
        assert escape(problem.message) in page and escape(problem.remedy) in page
    assert "ask Northstar Creators to contact its account manager" in page
    # The session is over: switching leads to the app's settings, not back to a dead code.
    assert f'<a href="{reverse("tiktok:switch_to_personal")}">' in page


def test_a_business_account_is_sent_to_switch_and_back(started):
    session, token = started
    shop = TikTokAccountFactory(account_type=TikTokAccount.AccountType.BUSINESS)
    client = tiktok_client_for(shop)
    scan(client, token)
    page = client.post(_confirm(session)).text
    assert "registered business account" in page
    back = _confirmation(session)
    switch = f"{reverse('tiktok:switch_to_personal')}?next={back.replace('/', '%2F')}"
    assert f'href="{switch}"' in page
    assert token not in page
    assert "Switch anyway" in client.get(switch).text
    response = client.post(switch)
    assert response.url == switch
    assert f'href="{back}">Back to Connect Now</a>' in client.get(response.url).text
    assert "You now have a personal account" in client.get(back).text
    client.post(_confirm(session))
    assert LinkSession.objects.get(pk=session.pk).status == "linked"


@pytest.mark.parametrize("state", ["expired", "cancelled"])
def test_expired_and_cancelled_sessions_get_the_same_answer(tiktok_client, started, account, state):
    session, token = started
    scan(tiktok_client, token)
    if state == "expired":
        LinkSession.objects.filter(pk=session.pk).update(expires_at=session.created_at)
    else:
        services.link_session_cancel(session=session, account=account)
    for response in (
        tiktok_client.post(_confirm(session)),
        tiktok_client.post(_cancel(session)),
        tiktok_client.get(_confirmation(session)),
        scan(tiktok_client, token),
    ):
        assert response.status_code == 404
        assert INVALID in response.text
    assert not TikTokLink.objects.exists()


def test_tapping_connect_now_again_once_linked_links_nothing_more(tiktok_client, started):
    session, token = started
    scan(tiktok_client, token)
    tiktok_client.post(_confirm(session))
    assert "You're linked" in tiktok_client.post(_confirm(session)).text
    assert tiktok_client.post(_cancel(session)).status_code == 200
    assert LinkSession.objects.get(pk=session.pk).status == "linked"
    assert TikTokLink.objects.count() == 1
    assert scan(tiktok_client, token).status_code == 404


def test_a_session_replaced_while_on_the_confirmation_screen_says_so(
    tiktok_client, started, partner, staff
):
    session, token = started
    scan(tiktok_client, token)
    services.link_session_start(partner=partner, started_by=staff)
    response = tiktok_client.post(_confirm(session))
    assert response.status_code == 410
    assert "Replaced by a newer QR code" in response.text and "not valid" not in response.text
    assert not TikTokLink.objects.exists()


def test_another_account_gets_nothing_of_a_scanned_session(started, account):
    session, token = started
    scan(tiktok_client_for(account), token)
    other = tiktok_client_for(TikTokAccountFactory())
    assert other.get(_confirmation(session)).status_code == 404
    assert other.post(_confirm(session)).status_code == 404
    assert other.post(_cancel(session)).status_code == 404
    assert scan(other, token).status_code == 404
    assert LinkSession.objects.get(pk=session.pk).tiktok_account == account
    assert LinkSession.objects.get(pk=session.pk).status == "scanned"


def test_confirm_and_cancel_refuse_get(tiktok_client, started):
    session, token = started
    scan(tiktok_client, token)
    assert tiktok_client.get(_confirm(session)).status_code == 405
    assert tiktok_client.get(_cancel(session)).status_code == 405
    assert tiktok_client.post(_confirmation(session)).status_code == 405
    assert not LinkEvent.objects.exists()


def test_confirming_needs_the_csrf_token(started, account):
    session, token = started
    client = Client(enforce_csrf_checks=True)
    client_session = client.session
    client_session[SESSION_KEY] = account.pk
    client_session.save()
    services.link_session_scan(token=token, account=account)
    assert client.post(_confirm(session)).status_code == 403
    assert client.post(_cancel(session)).status_code == 403
    assert LinkSession.objects.get(pk=session.pk).status == "scanned"


# --- settings ----------------------------------------------------------------------------


def test_settings_lead_to_switch_to_personal(tiktok_client, account):
    TikTokAccount.objects.filter(pk=account.pk).update(account_type="business")
    assert (
        f'href="{reverse("tiktok:account_settings")}"'
        in tiktok_client.get(reverse("tiktok:settings")).text
    )
    page = tiktok_client.get(reverse("tiktok:account_settings")).text
    assert "Registered business account" in page and "Switch to Personal Account" in page
    assert tiktok_client.post(reverse("tiktok:switch_to_personal")).status_code == 302
    account.refresh_from_db()
    assert account.account_type == "personal"
