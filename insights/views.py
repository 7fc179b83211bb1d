from __future__ import annotations

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from accounts.roles import PartnerRequest, Section, partner_staff_required
from partner_center.htmx import render_page

from . import report
from .forms import InsightsFilterForm
from .selectors import Insights, partner_insights


@require_GET
@partner_staff_required(section=Section.INSIGHTS)
def index(request: PartnerRequest) -> HttpResponse:
    form = InsightsFilterForm(request.GET)
    valid = form.is_valid()
    # Bad filters get their errors, not figures for some other period.
    insights = (
        partner_insights(partner=request.partner, period=form.period_chosen())
        if valid
        else Insights()
    )
    context = {
        "form": form,
        "query": request.GET.urlencode() if valid else "",
        "insights": insights,
        "sections": [report.section(k) for k in insights.kinds] if valid else [],
        "summary_table": report.summary_table(insights),
        "method": report.METHOD,
    }
    return render_page(
        request, "insights/index.html", context, fragment="figures", status=200 if valid else 400
    )


@require_GET
@partner_staff_required(section=Section.INSIGHTS)
def download_csv(request: PartnerRequest) -> HttpResponse:
    form = InsightsFilterForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest("These filters are not valid: open Insights to fix them.")
    insights = partner_insights(partner=request.partner, period=form.period_chosen())
    filename = f"insights-{slugify(request.partner.name)}-{timezone.now():%Y-%m-%d}.csv"
    return HttpResponse(
        report.csv_text(insights),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
