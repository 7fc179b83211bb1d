"""The Insights filters: a GET form, so a filtered page is a link that works without
JavaScript and the CSV link carries the same query."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone

from accounts.models import Market

from .selectors import ALL_TIME, Period

PERIODS = [
    ("all", "All time"),
    ("7", "Last 7 days"),
    ("30", "Last 30 days"),
    ("90", "Last 90 days"),
    ("custom", "Custom dates"),
]
# At most a year and a day: 54 weeks on a chart are still readable.
LONGEST_CUSTOM = timedelta(days=366)
EARLIEST = date(2020, 1, 1)


class InsightsFilterForm(forms.Form):
    period = forms.ChoiceField(choices=PERIODS, required=False, label="Sent during")
    start = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    market = forms.ChoiceField(
        choices=[("", "All markets"), *Market.choices], required=False, label="Creators' market"
    )

    def clean(self):
        data = super().clean()
        if data.get("period") != "custom" or self.errors:
            return data
        start, end = data.get("start"), data.get("end")
        today = timezone.now().date()
        if not start or not end:
            raise forms.ValidationError("Custom dates need both a start and an end date.")
        if start > end:
            raise forms.ValidationError("The start date must be on or before the end date.")
        if start < EARLIEST or start > today:
            self.add_error("start", f"Choose a date from {EARLIEST:%-d %B %Y} to today.")
        if end - start > LONGEST_CUSTOM:
            raise forms.ValidationError("Choose a range of at most a year.")
        return data

    def period_chosen(self) -> Period:
        """The Period the page shows; all time for a form that is not (yet) valid."""
        if not self.is_valid():
            return ALL_TIME
        data = self.cleaned_data
        market = data.get("market") or ""
        choice = data.get("period") or "all"
        if choice == "custom":
            return Period(start=data["start"], end=data["end"], market=market)
        if choice == "all":
            return Period(market=market)
        return Period(days=int(choice), market=market)
