from __future__ import annotations

from django import forms
from django.http import QueryDict

from creators.models import Category
from linking.attach import attach_profile_field

from .models import Campaign, category_bits

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        error_messages={"invalid": "Enter a date and time, e.g. 2026-12-01 09:00."},
    )


def _out_of_range(message: str) -> dict[str, str]:
    """Too many digits is a number out of range to the user, not a question of digits."""
    return {"max_digits": message, "max_whole_digits": message, "invalid": "Enter a number."}


class CampaignForm(forms.ModelForm):
    """Create Campaign / Edit. Dates are read in the site's time zone (UTC). The form only
    validates; `services.campaign_create` and `campaign_update` write."""

    registration_starts_at = _datetime_field("Registration opens")
    registration_ends_at = _datetime_field("Registration closes")
    starts_at = _datetime_field("Campaign starts")
    ends_at = _datetime_field("Campaign ends")
    categories = forms.MultipleChoiceField(
        label="Product categories",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one product category.",
            "invalid_choice": "“%(value)s” is not a product category.",
        },
    )
    attach_profile = attach_profile_field()

    class Meta:
        model = Campaign
        fields = [
            "name",
            "description",
            "registration_starts_at",
            "registration_ends_at",
            "starts_at",
            "ends_at",
            "commission_rate",
            "min_shop_rating",
            "contact_email",
            "attach_profile",
        ]
        help_texts = {
            "commission_rate": "Between 1 and 80 %.",
            "min_shop_rating": "Sellers need at least this shop rating (0–5) to register.",
        }

    field_order = [*Meta.fields[:7], "categories", *Meta.fields[7:]]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("categories", self.instance.categories)
        commission = self.fields["commission_rate"]
        commission.widget.attrs.update(min="1", max="80", step="0.1")
        rating = self.fields["min_shop_rating"]
        rating.widget.attrs.update(min="0", max="5", step="0.1")
        commission.error_messages.update(
            _out_of_range("The commission rate is between 1 and 80 %%.")
        )
        rating.error_messages.update(_out_of_range("The minimum shop rating is between 0 and 5."))

    def clean_categories(self) -> list[str]:
        categories = self.cleaned_data["categories"]
        self.instance.category_bits = category_bits(categories)
        return categories

    def clean(self):
        cleaned = super().clean()
        reg_opens = cleaned.get("registration_starts_at")
        reg_closes = cleaned.get("registration_ends_at")
        starts = cleaned.get("starts_at")
        ends = cleaned.get("ends_at")
        if reg_opens and reg_closes and reg_opens >= reg_closes:
            self.add_error("registration_ends_at", "Registration must open before it closes.")
        elif reg_closes and ends and reg_closes > ends:
            self.add_error(
                "registration_ends_at", "Registration must close no later than the campaign ends."
            )
        if starts and ends and starts >= ends:
            self.add_error("ends_at", "The campaign must end after it starts.")
        return cleaned


def initial_from_draft(draft: QueryDict) -> dict:
    """What was typed before leaving for the link flow, as a form's initial values."""
    initial = {name: draft.get(name) for name in draft}
    initial["categories"] = draft.getlist("categories")
    return initial


class BrowseForm(forms.Form):
    """The seller's filters on Browse campaigns."""

    q = forms.CharField(
        label="Search by name", required=False, max_length=120, widget=forms.SearchInput
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "All categories"), *Category.choices],
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not a product category."},
    )
