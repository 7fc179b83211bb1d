"""The CSV download: /insights/insights.csv."""

from __future__ import annotations

import csv
import io
from functools import partial

import pytest

from insights import views
from insights.report import ANSWER_TIMES, FIGURES
from insights.selectors import partner_insights
from tests import factories

from .data import NOW, make_binding_requests, make_extensions, make_invitations
from .tables import page_tables

pytestmark = pytest.mark.django_db

URL = "/insights/insights.csv"


def _csv_rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def data(partner, monkeypatch):
    """The hand-worked data set, read at its own fixed moment."""
    monkeypatch.setattr(views, "partner_insights", partial(partner_insights, now=NOW))
    make_invitations(partner)
    make_binding_requests(partner)
    make_extensions(partner)


def test_it_downloads_as_an_attachment(staff_client, data):
    response = staff_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="insights-northstar-creators-'
    )


def test_it_holds_the_same_rows_as_every_table_on_the_page(staff_client, data):
    tables = page_tables(staff_client.get("/insights/").content.decode())
    rows = _csv_rows(staff_client.get(URL))
    assert set(tables) == {r["table"] for r in rows}
    assert len(tables) == 10  # summary, then weekly, by category and time to answer per kind
    column_for = {heading: key for key, heading in [*FIGURES, *ANSWER_TIMES]}
    for key, (header, *table_rows) in tables.items():
        csv_rows = [r for r in rows if r["table"] == key]
        assert len(csv_rows) == len(table_rows), key
        for shown, downloaded in zip(table_rows, csv_rows, strict=True):
            assert shown[0] == downloaded["group"]
            assert shown[1] == downloaded["profile"]
            for heading, cell in zip(header[2:], shown[2:], strict=True):
                assert cell.replace("–", "") == downloaded[column_for[heading]], (key, heading)


def test_it_says_what_the_page_says(staff_client, data):
    rows = _csv_rows(staff_client.get(URL))
    summary = {(r["kind"], r["profile"]): r for r in rows if r["table"] == "summary"}
    with_profile = summary["Invitations", "With profile"]
    assert with_profile["sent"] == "7"
    assert with_profile["closed"] == "5"
    assert with_profile["acceptance_rate"] == "60.0"
    assert with_profile["decline_rate"] == "20.0"
    assert with_profile["median_hours"] == "4.0"
    assert summary["Binding requests", "Without profile"]["acceptance_rate"] == ""


def test_it_holds_nothing_of_other_partners(staff_client, data, other_partner):
    factories.InvitationFactory(partner=other_partner, attach_profile=True, status="accepted")
    mine = _csv_rows(staff_client.get(URL))
    summary = {(r["kind"], r["profile"]): r for r in mine if r["table"] == "summary"}
    assert summary["Invitations", "With profile"]["sent"] == "7"


def test_it_is_for_partner_staff_only(client, creator_client, seller_client):
    assert client.get(URL)["Location"].startswith("/login/")
    assert creator_client.get(URL).status_code == 403
    assert seller_client.get(URL).status_code == 403


def test_it_gives_a_stranger_only_their_own_figures(other_staff_client, data):
    rows = _csv_rows(other_staff_client.get(URL))
    assert {r["sent"] for r in rows if not r["table"].startswith("answer_times")} == {"0"}
    assert {r["answered"] for r in rows if r["table"].startswith("answer_times")} == {"0"}


def test_it_refuses_other_methods(staff_client):
    assert staff_client.post(URL).status_code == 405
