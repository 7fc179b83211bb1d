from __future__ import annotations

import re
import uuid
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict

from accounts.models import Partner
from creators.models import Category
from linking.attach import attach_profile_field
from partner_center.headers import single_line_validator

from . import rules
from .models import Campaign, RegisteredProduct, Seller, category_bits
from .rules import percent
from .services import CampaignTerms, ProductTerms

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
_SHOP_CODE_SEPARATORS = re.compile(r"[\s,;]+")


def _datetime_field(label: str, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        error_messages={"invalid": "Enter a date and time, e.g. 2026-12-01 09:00."},
    )


def _out_of_range(message: str) -> dict[str, str]:
    """Too many digits is a number out of range to the user, not a question of digits."""
    return {"max_digits": message, "max_whole_digits": message, "invalid": "Enter a number."}


class CampaignForm(forms.ModelForm):
    """Create Campaign / Edit. Dates are read in the current time zone, which the view sets to
    the market's. The form only validates; `services.campaign_create` and `campaign_update`
    write."""

    starts_at = _datetime_field("Campaign starts", "Registration opens then too.")
    registration_ends_at = _datetime_field("Registration closes")
    ends_at = _datetime_field("Campaign ends")
    commission_rate = forms.IntegerField(
        label="Commission requirement (%)",
        help_text="A whole number from 1 to 80: sellers offer at least this.",
        validators=[
            MinValueValidator(rules.COMMISSION_MIN, "The commission requirement is at least 1 %%."),
            MaxValueValidator(rules.COMMISSION_MAX, "The commission requirement is at most 80 %%."),
        ],
        error_messages={"invalid": "Enter a whole number from 1 to 80."},
    )
    categories = forms.MultipleChoiceField(
        label="Product categories",
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one product category.",
            "invalid_choice": "“%(value)s” is not a product category.",
        },
    )
    target = forms.ChoiceField(
        label="Target sellers",
        choices=Campaign.Target.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose selected sellers or all sellers."},
    )
    seller_origin = forms.ChoiceField(
        label="Which sellers of your market",
        choices=Campaign.SellerOrigin.choices,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Choose local, cross-border or both."},
    )
    shop_codes = forms.CharField(
        label="Shop codes",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="With selected sellers: up to 100 shop codes, separated by spaces or commas. "
        "Sellers find theirs in their seller profile.",
    )
    attach_profile = attach_profile_field()

    class Meta:
        model = Campaign
        fields = [
            "name",
            "description",
            "starts_at",
            "registration_ends_at",
            "ends_at",
            "commission_rate",
            "min_shop_rating",
            "contact_email",
            "contact_phone",
            "attach_profile",
        ]
        help_texts = {
            "name": "At most 50 words.",
            "description": "What sellers and products must meet: at most 1,000 words.",
            "min_shop_rating": "Sellers need at least this shop rating (0–5) to register.",
            "contact_phone": "Optional: for sellers who would rather message you.",
        }
        widgets = {"name": forms.TextInput}

    field_order = [*Meta.fields[:6], "categories", "target", "seller_origin", "shop_codes"]

    def __init__(self, *args, partner: Partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        if self.instance.pk:
            self.initial.setdefault("categories", self.instance.categories)
            self.initial.setdefault("target", self.instance.target)
            self.initial.setdefault("seller_origin", self.instance.seller_origin)
            codes = self.instance.target_sellers.values_list("shop_code", flat=True)
            self.initial.setdefault("shop_codes", " ".join(sorted(codes)))
        else:
            self.initial.setdefault("target", Campaign.Target.ALL)
            self.initial.setdefault("seller_origin", Campaign.SellerOrigin.BOTH)
        self.fields["commission_rate"].widget.attrs.update(min="1", max="80", step="1")
        rating = self.fields["min_shop_rating"]
        rating.widget.attrs.update(min="0", max="5", step="0.1")
        rating.error_messages.update(_out_of_range("The minimum shop rating is between 0 and 5."))

    def clean_name(self) -> str:
        return _within_words(self.cleaned_data["name"], rules.TITLE_MAX_WORDS, "The title")

    def clean_description(self) -> str:
        text = self.cleaned_data["description"]
        return _within_words(text, rules.REQUIREMENTS_MAX_WORDS, "The requirements")

    def clean_categories(self) -> list[str]:
        categories = self.cleaned_data["categories"]
        self.instance.category_bits = category_bits(categories)
        return categories

    def clean_shop_codes(self) -> list[Seller]:
        """With selected sellers: the sellers of the partner's market with these shop codes;
        every unknown code is named."""
        if self.cleaned_data.get("target") != Campaign.Target.SELECTED:
            return []  # codes left in the box while "All sellers" is chosen are not used
        text = self.cleaned_data["shop_codes"].upper()
        codes = list(dict.fromkeys(c for c in _SHOP_CODE_SEPARATORS.split(text) if c))
        if len(codes) > rules.SELECTED_SELLERS_MAX:
            raise forms.ValidationError(
                f"Select at most {rules.SELECTED_SELLERS_MAX} sellers; you entered {len(codes)}."
            )
        sellers = {
            s.shop_code: s
            for s in Seller.objects.filter(shop_code__in=codes, market=self.partner.market)
        }
        unknown = [code for code in codes if code not in sellers]
        if unknown:
            raise forms.ValidationError(
                f"No shop in {self.partner.get_market_display()} has the code "
                f"{', '.join(unknown[:10])}{' …' if len(unknown) > 10 else ''}."
            )
        return [sellers[code] for code in codes]

    def clean(self):
        cleaned = super().clean()
        starts = cleaned.get("starts_at")
        reg_closes = cleaned.get("registration_ends_at")
        ends = cleaned.get("ends_at")
        if starts and reg_closes:
            if reg_closes <= starts:
                self.add_error("registration_ends_at", "Registration must close after it opens.")
            elif error := rules.period_error("registration period", starts, reg_closes):
                self.add_error("registration_ends_at", error)
            elif ends and reg_closes > ends:
                self.add_error(
                    "registration_ends_at",
                    "Registration must close no later than the campaign ends.",
                )
        if starts and ends:
            if ends <= starts:
                self.add_error("ends_at", "The campaign must end after it starts.")
            elif error := rules.period_error("campaign period", starts, ends):
                self.add_error("ends_at", error)
        if cleaned.get("target") == Campaign.Target.SELECTED:
            if "shop_codes" in cleaned and not cleaned["shop_codes"]:
                self.add_error("shop_codes", "Enter the shop code of at least one seller.")
        elif (
            cleaned.get("target") == Campaign.Target.ALL
            and not cleaned.get("seller_origin")
            and "seller_origin" not in self.errors
        ):
            self.add_error("seller_origin", "Choose local, cross-border or both.")
        return cleaned

    def terms(self) -> CampaignTerms:
        data = self.cleaned_data
        selected = data["target"] == Campaign.Target.SELECTED
        return CampaignTerms(
            name=data["name"],
            description=data["description"],
            starts_at=data["starts_at"],
            registration_ends_at=data["registration_ends_at"],
            ends_at=data["ends_at"],
            commission_rate=Decimal(data["commission_rate"]),
            categories=data["categories"],
            min_shop_rating=data["min_shop_rating"],
            target=data["target"],
            seller_origin=data["seller_origin"] or Campaign.SellerOrigin.BOTH,
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            attach_profile=data["attach_profile"],
            target_sellers=data["shop_codes"] if selected else [],
        )


def _within_words(text: str, limit: int, what: str) -> str:
    count = rules.word_count(text)
    if count > limit:
        raise forms.ValidationError(f"{what} has {count} words; at most {limit}.")
    return text


def initial_from_draft(draft: QueryDict) -> dict:
    """What was typed before leaving for the link flow, as a form's initial values."""
    initial = {name: draft.get(name) for name in draft}
    initial["categories"] = draft.getlist("categories")
    return initial


class ProductForm(forms.Form):
    """Register a product for a campaign (the seller's side)."""

    product_name = forms.CharField(
        label="Product name", max_length=200, validators=[single_line_validator]
    )
    price = forms.DecimalField(
        label="Price",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        error_messages={
            **_out_of_range("Enter a price up to 99,999,999.99."),
            "min_value": "The price is more than 0.",
            "max_decimal_places": "Enter the price to the cent, e.g. 19.99.",
        },
    )
    commission_rate = forms.DecimalField(
        label="Commission offered (%)",
        max_digits=4,
        decimal_places=1,
        min_value=1,
        max_value=80,
        error_messages={
            **_out_of_range("The commission offered is between 1 and 80 %%."),
            "min_value": "The commission offered is between 1 and 80 %%.",
            "max_value": "The commission offered is between 1 and 80 %%.",
            "max_decimal_places": "Enter the commission to one decimal place, e.g. 12.5.",
        },
    )
    free_samples = forms.IntegerField(
        label="Free sample quantity",
        min_value=0,
        max_value=10_000,
        initial=0,
        error_messages={
            "invalid": "Enter a whole number of samples.",
            "min_value": "Enter 0 or more samples.",
            "max_value": "Offer at most 10,000 samples.",
        },
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        commission = self.fields["commission_rate"]
        commission.widget.attrs.update(
            min=f"{percent(campaign.commission_rate)}", max="80", step="0.1"
        )
        commission.help_text = f"At least the requirement, {percent(campaign.commission_rate)} %."

    def clean_product_name(self) -> str:
        return self.cleaned_data["product_name"].strip()

    def clean_commission_rate(self) -> Decimal:
        rate = self.cleaned_data["commission_rate"]
        if rate < self.campaign.commission_rate:
            raise forms.ValidationError(
                f"Offer at least the campaign's commission requirement, "
                f"{percent(self.campaign.commission_rate)} %."
            )
        return rate

    def terms(self) -> ProductTerms:
        return ProductTerms(**self.cleaned_data)


class RejectForm(forms.Form):
    """Reject a registered product: a reason, and whether the seller may register it again."""

    reason = forms.ChoiceField(
        label="Reason",
        choices=RegisteredProduct.RejectionReason.choices,
        error_messages={
            "required": "Choose a reason for rejecting.",
            "invalid_choice": "Choose one of the reasons.",
        },
    )
    reregistration_allowed = forms.BooleanField(
        label="Allow the seller to register this product again", required=False, initial=True
    )


class ProductCodesField(forms.Field):
    """The codes of the products ticked on a page of the review list (at most 100)."""

    widget = forms.MultipleHiddenInput
    MAX = 100

    def to_python(self, value) -> list[uuid.UUID]:
        values = value or []
        if len(values) > self.MAX:
            raise forms.ValidationError(f"Approve at most {self.MAX} products at once.")
        try:
            return [uuid.UUID(str(code)) for code in values]
        except ValueError:
            raise forms.ValidationError("Tick the products to approve.") from None


class BatchApproveForm(forms.Form):
    """Approve selected. The codes are matched against the campaign's pending products by the
    service; any other code approves nothing."""

    products = ProductCodesField(error_messages={"required": "Tick the products to approve."})


class BrowseForm(forms.Form):
    """The seller's filters on Browse campaigns."""

    q = forms.CharField(
        label="Search by campaign or agency",
        required=False,
        max_length=120,
        widget=forms.SearchInput,
    )
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "All categories"), *Category.choices],
        required=False,
        error_messages={"invalid_choice": "“%(value)s” is not a product category."},
    )
