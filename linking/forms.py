from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from accounts.agency_profile import logo_resized, sharing_choices
from accounts.models import Market, Partner
from partner_center.headers import single_line_validator
from tiktok.models import handle_validator

from .models import UnlinkRequest

# Line breaks and tabs are what a textarea sends; every other control character (and the
# bidirectional overrides, which make text read differently from how it is stored) is refused.
ALLOWED_CONTROLS = {"\n", "\r", "\t"}
BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def no_control_characters(value: str) -> None:
    for char in value:
        if char in BIDI_CONTROLS or (
            unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS
        ):
            raise ValidationError(
                "Remove the control character (U+%(code)04X) from the text.",
                code="control_character",
                params={"code": ord(char)},
            )


def _note_field(*, required: bool, help_text: str) -> forms.CharField:
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=required,
        validators=[no_control_characters],
        help_text=help_text,
    )


class UnlinkForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Kept in the audit trail.",
    )


class UnlinkRequestForm(forms.Form):
    """Request unlink or change, on the Profile page."""

    kind = forms.ChoiceField(
        label="What do you need?",
        choices=UnlinkRequest.Kind.choices,
        initial=UnlinkRequest.Kind.UNLINK,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        validators=[no_control_characters],
        help_text="Your account manager reads it, and it is kept in the audit trail.",
    )
    wanted_handle = forms.CharField(
        label="Handle wanted instead",
        required=False,
        # Room for a leading @, which is taken off; the handle itself is checked below.
        max_length=25,
        help_text="For a change: the TikTok account to link instead. Once the change is "
        "approved, you link it yourself by scanning the QR code with it.",
    )

    def clean_wanted_handle(self) -> str:
        handle = self.cleaned_data["wanted_handle"].strip().removeprefix("@")
        if handle:
            handle_validator(handle)
        return handle

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == UnlinkRequest.Kind.UNLINK and data.get("wanted_handle"):
            self.add_error(
                "wanted_handle",
                "Leave this empty to unlink, or choose “Change to another account”.",
            )
        return data


class UnlinkRequestApproveForm(forms.Form):
    note = _note_field(required=False, help_text="Optional: the agency sees it in its notice.")


class UnlinkRequestDeclineForm(forms.Form):
    note = _note_field(required=True, help_text="Required: the agency sees it in its notice.")


class AgencyProfileForm(forms.Form):
    """My Account → Profile: the agency's basics and, per programme and market it serves,
    whether creators see its profile. One checkbox per (programme, market), named
    `share_<programme>_<market>`."""

    name = forms.CharField(label="Agency name", max_length=120, validators=[single_line_validator])
    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text="PNG, JPEG, GIF or WebP, at most 2 MB; stored at most 256 pixels a side.",
    )
    remove_logo = forms.BooleanField(label="Remove the logo", required=False)
    contact_email = forms.EmailField(
        label="Contact e-mail", required=False, max_length=254, validators=[single_line_validator]
    )
    website = forms.URLField(
        label="Agency website", required=False, max_length=200, assume_scheme="https"
    )

    def __init__(self, *args, partner: Partner, **kwargs) -> None:
        if not args and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": partner.name,
                "contact_email": partner.contact_email,
                "website": partner.website,
            }
        super().__init__(*args, **kwargs)
        self.partner = partner
        for (programme, market), shared in sharing_choices(partner).items():
            self.fields[f"share_{programme}_{market}"] = forms.BooleanField(
                label=f"Share my {programme} profile with creators in {Market(market).label}",
                required=False,
                initial=shared,
            )

    @property
    def share_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("share_")]

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return logo_resized(upload) if upload else None

    def sharing(self) -> dict[tuple[str, str], bool]:
        return {
            tuple(name.removeprefix("share_").split("_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("share_")
        }
