from __future__ import annotations

from django import forms

from .models import Notification


class NotificationSettingsForm(forms.Form):
    """Which kinds of notification a staff member also wants by e-mail."""

    email_kinds = forms.MultipleChoiceField(
        label="Also e-mail me about",
        choices=Notification.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
