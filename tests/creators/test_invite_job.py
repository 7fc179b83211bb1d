from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from creators.models import BulkInviteJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(partner, staff):
    return BulkInviteJob.objects.create(
        partner=partner,
        created_by=staff,
        contact_email="team@agency.example",
        creator_ids=list(range(1, 301)),
        total=300,
        processed=150,
        invited=140,
        skipped=10,
        status=BulkInviteJob.Status.RUNNING,
    )


def _url(job):
    return reverse("creators:invite_job", args=[job.code])


def test_it_shows_a_half_done_job_and_keeps_polling(staff_client, job):
    response = staff_client.get(_url(job), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="job-progress"')
    assert '<progress max="300" value="150"' in html
    assert 'hx-trigger="every 1s"' in html
    assert "150 of 300 processed (50%)" in html


def test_it_stops_polling_and_shows_the_summary_when_done(staff_client, job):
    BulkInviteJob.objects.filter(pk=job.pk).update(
        processed=300, invited=280, skipped=15, failed=5, status=BulkInviteJob.Status.DONE
    )
    response = staff_client.get(_url(job), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 286  # htmx: stop polling
    assert "hx-trigger" not in html
    assert 'data-count="invited">280<' in html
    assert 'data-count="skipped">15<' in html
    assert 'data-count="failed">5<' in html


def test_it_restores_a_finished_job_from_history_as_the_whole_page(staff_client, job):
    # The Back button to a page htmx no longer has: the page, not a fragment with a 286.
    BulkInviteJob.objects.filter(pk=job.pk).update(
        processed=300, invited=300, status=BulkInviteJob.Status.DONE
    )
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    response = staff_client.get(_url(job), headers=headers)
    assert response.status_code == 200
    assert b"<html" in response.content
    assert b'data-count="invited">300<' in response.content
    assert "HX-Request" in response["Vary"]


def test_it_says_it_is_waiting_for_a_worker_when_nothing_moved_for_30_seconds(staff_client, job):
    BulkInviteJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - timedelta(seconds=31)
    )
    html = staff_client.get(_url(job), headers={"HX-Request": "true"}).content.decode()
    assert "Waiting for a worker" in html
    assert "It carries on by itself from where it stopped" in html
    assert 'hx-trigger="every 1s"' in html  # and shows it moving again once it does


def test_it_says_it_is_sending_while_it_moves(staff_client, job):
    BulkInviteJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - timedelta(seconds=29)
    )
    html = staff_client.get(_url(job), headers={"HX-Request": "true"}).content.decode()
    assert "Sending invitations…" in html
    assert "Waiting for a worker" not in html


def test_a_finished_job_is_not_waiting_for_anything(staff_client, job):
    BulkInviteJob.objects.filter(pk=job.pk).update(
        status=BulkInviteJob.Status.DONE,
        processed=300,
        updated_at=timezone.now() - timedelta(hours=1),
    )
    assert b"Waiting for a worker" not in staff_client.get(_url(job)).content


def test_it_renders_the_whole_page_without_htmx(staff_client, job):
    response = staff_client.get(_url(job))
    assert b"<html" in response.content
    assert b"Inviting 300 creators" in response.content


def test_it_hides_the_job_from_others(other_staff_client, creator_client, client, job):
    assert other_staff_client.get(_url(job)).status_code == 404
    assert creator_client.get(_url(job)).status_code == 403
    assert client.get(_url(job)).status_code == 302


def test_it_refuses_post(staff_client, job):
    assert staff_client.post(_url(job)).status_code == 405
