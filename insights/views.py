from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from accounts.roles import PartnerRequest, Section, partner_staff_required

from . import report
from .selectors import partner_insights


@require_GET
@partner_staff_required(section=Section.INSIGHTS)
def index(request: PartnerRequest) -> HttpResponse:
    insights = partner_insights(partner=request.partner)
    sections = [
        {
            "kind": k,
            "weekly_chart": report.weekly_chart(k) if k.has_closed_in_weeks else None,
            "weekly_table": report.weekly_table(k),
            "category_chart": report.category_chart(k) if k.has_closed else None,
            "category_table": report.category_table(k),
            "compare": report.comparison(k),
            "headline": report.headline(k),
        }
        for k in insights.kinds
    ]
    context = {
        "insights": insights,
        "sections": sections,
        "summary_table": report.summary_table(insights),
        "method": report.METHOD,
    }
    return render(request, "insights/index.html", context)


@require_GET
@partner_staff_required(section=Section.INSIGHTS)
def download_csv(request: PartnerRequest) -> HttpResponse:
    insights = partner_insights(partner=request.partner)
    filename = f"insights-{slugify(request.partner.name)}-{timezone.now():%Y-%m-%d}.csv"
    return HttpResponse(
        report.csv_text(insights),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
