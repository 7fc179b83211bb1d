from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

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
