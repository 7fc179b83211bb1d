from __future__ import annotations

import re
import uuid
from datetime import date

from django import forms
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import Market, Partner
from linking.attach import attach_profile_field
from tiktok.models import handle_validator

from . import directory_rules, invitation_rules, selectors
from . import partnership_rules as rules
from .models import BindingRequest, Category, Creator
from .selectors import SORTS

PER_PAGE_CHOICES = [(20, "20"), (50, "50"), (100, "100"), (200, "200")]
MAX_HANDLES = 100
_HANDLE_SPLIT = re.compile(r"[\s,;]+")


class PageForm(forms.Form):
    """Which page of a list, and how long a page is (GET)."""

    per_page = forms.TypedChoiceField(
        label="Per page", choices=PER_PAGE_CHOICES, coerce=int, required=False, empty_value=20
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=10_000)

    def filters(self) -> dict:
        """The valid part of the query: a bad field is ignored, not a 500."""
        self.is_valid()
        data = dict(getattr(self, "cleaned_data", {}))
        data["per_page"] = data.get("per_page") or 20
        data["page"] = data.get("page") or 1
        return data


MAX_FIGURE = 10**15


def _figure_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=MAX_FIGURE,
        error_messages={
            "min_value": "Enter 0 or more.",
            "max_value": f"Enter at most {MAX_FIGURE:,}.",
        },
    )


def _percent_field(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=0,
        max_value=directory_rules.MAX_ENGAGEMENT_PERCENT,
        max_digits=5,
        decimal_places=2,
        error_messages={
            "min_value": "Enter a percentage from 0 to 100.",
            "max_value": "Enter a percentage from 0 to 100.",
            "max_decimal_places": "Enter at most 2 decimal places.",
            "max_digits": "Enter a percentage from 0 to 100.",
        },
    )


class DirectoryForm(PageForm):
    """Find Creators' search, filters and sort (a GET form: the URL is the query). The
    filters are TikTok's: category, market, followers, GMV and items sold over 30 days,
    average views per video, engagement rate, content type, fast growing."""

    q = forms.CharField(label="Search", required=False, max_length=60)
    category = forms.ChoiceField(
        choices=[("", "All categories"), *Category.choices], required=False
    )
    market = forms.ChoiceField(choices=[("", "All markets"), *Market.choices], required=False)
    followers_min = _figure_field("Followers from")
    followers_max = _figure_field("Followers to")
    sales_min = _figure_field("GMV (30 days) from")
    sales_max = _figure_field("GMV (30 days) to")
    units_min = _figure_field("Items sold (30 days) from")
    units_max = _figure_field("Items sold (30 days) to")
    views_min = _figure_field("Average views per video from")
    views_max = _figure_field("Average views per video to")
    engagement_min = _percent_field("Engagement rate from (%)")
    engagement_max = _percent_field("Engagement rate to (%)")
    content_type = forms.ChoiceField(
        label="Content type",
        choices=[
            ("", "Any content"),
            (Creator.ContentType.VIDEO, "Video"),
            (Creator.ContentType.LIVE, "LIVE"),
        ],
        required=False,
    )
    fast_growing = forms.BooleanField(
        label="Fast growing",
        required=False,
        help_text=f"Followers up {directory_rules.FAST_GROWING_PERCENT}% or more in 30 days.",
    )
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[(name, sort.label) for name, sort in SORTS.items()],
        required=False,
    )

    RANGES = tuple(selectors.RANGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "filter"

    def clean(self) -> dict:
        data = super().clean()
        for name in self.RANGES:
            low, high = data.get(f"{name}_min"), data.get(f"{name}_max")
            if low is not None and high is not None and low > high:
                self.add_error(
                    f"{name}_min",
                    f"The minimum ({low:,}) is above the maximum ({high:,}), "
                    "so this range is ignored.",
                )
                del data[f"{name}_max"]  # no creator is in it: neither end filters
        return data

    def filters(self) -> dict:
        data = super().filters()
        if data.get("sort") not in SORTS:
            data["sort"] = selectors.DEFAULT_SORT
        return data


class CodesField(forms.Field):
    """Creator codes sent as repeated values (`creators=…&creators=…`), each once."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, max_codes: int, **kwargs) -> None:
        super().__init__(required=False, **kwargs)
        self.max_codes = max_codes

    def to_python(self, value) -> list[uuid.UUID]:
        values = value or []
        if len(values) > self.max_codes:
            raise forms.ValidationError(f"Send at most {self.max_codes} creators at once.")
        try:
            return list(dict.fromkeys(uuid.UUID(v) for v in values))
        except (TypeError, ValueError, AttributeError):
            raise forms.ValidationError(
                "That selection is not valid: choose creators again."
            ) from None


class SelectionForm(forms.Form):
    """One page of Find Creators' part of the selection kept across pages: the creators shown
    on it and those ticked (htmx posts it on every change), or Clear."""

    shown = CodesField(max_codes=max(n for n, _label in PER_PAGE_CHOICES))
    creators = CodesField(max_codes=max(n for n, _label in PER_PAGE_CHOICES))
    clear = forms.BooleanField(required=False)


class InviteForm(forms.Form):
    """The agency invitation: purpose (from the agency's programmes), message (at most 500
    words), contact information (at least one method) and Attach TikTok profile."""

    purpose = forms.ChoiceField(label="Purpose", widget=forms.RadioSelect)
    message = forms.CharField(
        label="Message to the creator",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        required=False,
        validators=[invitation_rules.validate_message],
        help_text=f"At most {invitation_rules.MAX_WORDS} words.",
    )
    contact_whatsapp = forms.CharField(
        label="WhatsApp",
        max_length=32,
        required=False,
        validators=[invitation_rules.validate_phone],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(label="E-mail", max_length=254, required=False)
    contact_phone = forms.CharField(
        label="Phone",
        max_length=32,
        required=False,
        validators=[invitation_rules.validate_phone],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    attach_profile = attach_profile_field()
    # Made anew each time the form is drawn: submitting it twice makes one outreach.
    idempotency_key = forms.UUIDField(
        widget=forms.HiddenInput,
        required=False,
        initial=uuid.uuid4,
        error_messages={"invalid": "This form is out of date: reload the page and send it again."},
    )

    def __init__(self, *args, partner: Partner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        purposes = invitation_rules.purposes_for(partner)
        self.fields["purpose"].choices = [(p.value, p.label) for p in purposes]
        if len(purposes) == 1:
            self.fields["purpose"].initial = purposes[0].value

    def clean(self) -> dict:
        data = super().clean()
        fields = invitation_rules.CONTACT_FIELDS
        given = any(data.get(name) or name in self.errors for name in fields)
        if not given:
            self.add_error(None, "Give at least one way to contact you: WhatsApp, e-mail or phone.")
        return data


def parse_handles(raw: str) -> list[str]:
    """Handles separated by commas, spaces or new lines, with or without @; each once."""
    handles = (h.lstrip("@") for h in _HANDLE_SPLIT.split(raw))
    return list(dict.fromkeys(h for h in handles if h))


class DateInput(forms.DateInput):
    input_type = "date"


class BindingRequestForm(forms.Form):
    """Add New Creator: the creators' handles and the link's expiry date, checked against the
    rules for this agency (its market, first or later links) as well as the service does."""

    handles = forms.CharField(
        label="TikTok handles",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text="One or many, separated by commas, spaces or new lines; with or without @.",
    )
    last_day = forms.DateField(
        label="Link expiry date",
        widget=DateInput,
        help_text=(
            "At most two months for a first link with a creator, one year after that "
            "(one year always in Thailand)."
        ),
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), max_length=2000, required=False
    )
    attach_profile = attach_profile_field()

    def __init__(self, *args, partner: Partner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partner = partner

    def clean_handles(self) -> list[Creator]:
        handles = parse_handles(self.cleaned_data["handles"])
        if not handles:
            raise forms.ValidationError("Enter at least one TikTok handle.")
        if len(handles) > MAX_HANDLES:
            raise forms.ValidationError(f"Enter at most {MAX_HANDLES} handles at once.")
        malformed = [h for h in handles if not handle_validator.regex.match(h)]
        if malformed:
            raise forms.ValidationError(
                "These are not TikTok handles: " + ", ".join(f"@{h}" for h in malformed)
            )
        creators = (
            Creator.objects.select_related("tiktok_account")
            .annotate(handle_ci=Lower("tiktok_account__handle"))
            .filter(handle_ci__in=[h.lower() for h in handles])
        )
        found = {c.handle_ci: c for c in creators}
        unknown = [h for h in handles if h.lower() not in found]
        if unknown:
            raise forms.ValidationError(
                "No creator has these handles: " + ", ".join(f"@{h}" for h in unknown)
            )
        return [found[h.lower()] for h in handles]

    def clean(self) -> dict:
        data = super().clean()
        if "handles" in data and "last_day" in data:
            problems = selectors.link_request_problems(
                partner=self.partner,
                creators=data["handles"],
                last_day=data["last_day"],
                now=timezone.now(),
            )
            for problem in problems:
                self.add_error(None, problem)
        return data


class ExtensionForm(forms.Form):
    """Extend: the new expiry date, from the current one, at most a year later."""

    last_day = forms.DateField(label="New expiry date", widget=DateInput)
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )
    attach_profile = attach_profile_field()

    def __init__(self, *args, link: BindingRequest, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.link = link

    def clean_last_day(self):
        last_day = self.cleaned_data["last_day"]
        market = self.link.partner.market
        problem = rules.period_error(market, self.link.last_day, last_day, first_link=False)
        if problem:
            raise forms.ValidationError(problem)
        return last_day


class UnlinkReasonForm(forms.Form):
    """The creator's request to unlink: why."""

    reason = forms.CharField(
        label="Why do you want to unlink?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )


class InvitationHistoryForm(PageForm):
    """Invitation history's search and filters (a GET form: the URL is the query). Days are
    the agency's market's."""

    EARLIEST, LATEST = date(2000, 1, 1), date(2999, 12, 31)

    q = forms.CharField(label="Search creator", required=False, max_length=60)
    sent_from = forms.DateField(
        label="Sent from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sent_to = forms.DateField(
        label="Sent to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "All statuses"),
            *((s, invitation_rules.STATUS_LABELS[s]) for s in invitation_rules.STATUS_FILTERS),
        ],
    )
    profile = forms.ChoiceField(
        label="Profile attached",
        required=False,
        choices=[("", "Either"), ("yes", "Attached"), ("no", "Not attached")],
    )

    def clean(self) -> dict:
        data = super().clean()
        for name in ("sent_from", "sent_to"):
            day = data.get(name)
            if day is not None and not self.EARLIEST <= day <= self.LATEST:
                self.add_error(name, f"Enter a date from {self.EARLIEST:%Y} to {self.LATEST:%Y}.")
        low, high = data.get("sent_from"), data.get("sent_to")
        if low and high and low > high and not self.errors:
            self.add_error("sent_to", "The end date is before the start date.")
        return data
