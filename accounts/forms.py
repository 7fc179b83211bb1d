"""Forms of Partner Center's accounts: confirming it's you, and notification settings (the
password reset and change forms are Django's)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate

from .models import Notification


class ReauthenticationForm(forms.Form):
    """The "Confirm it's you" page: the logged-in user's password again."""

    FIELD = "reauth_password"  # not "password": the form may carry another form's fields

    reauth_password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    error_message = "That password isn't right. Check it and try again."

    def __init__(self, request, *args, **kwargs) -> None:
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get(self.FIELD)
        if password is None:
            return cleaned
        # Through authenticate(), with the request: django-axes counts and locks out failures
        # here as on the log-in page, and refuses a locked-out user before hashing anything.
        me = self.request.user
        user = authenticate(self.request, username=me.get_username(), password=password)
        if user is None or user.pk != me.pk:
            raise forms.ValidationError(self.error_message, code="invalid_password")
        self.user = user
        return cleaned


class NotificationSettingsForm(forms.Form):
    """Which kinds of notification a staff member also wants by e-mail."""

    email_kinds = forms.MultipleChoiceField(
        label="Also e-mail me about",
        choices=Notification.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
