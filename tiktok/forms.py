"""Forms of the simulated TikTok app: sign up, log in, its passwords, and the scanner."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.urls import Resolver404, resolve, reverse

from .models import EARLIEST_BIRTH_DATE, TikTokAccount, handle_validator


def normalize_handle(typed: str) -> str:
    """What a person types for their handle: "@Mia.Makes " is mia.makes."""
    return typed.strip().lstrip("@")


PASSWORD_HELP = (
    "At least 8 characters; not a common password, not only numbers, and not like your handle, "
    "name or e-mail."
)


def validate_tiktok_password(password: str, account: TikTokAccount) -> None:
    """Django's password validators (AUTH_PASSWORD_VALIDATORS), and not like the account's
    own handle, name or e-mail."""
    validators = [
        *password_validation.get_default_password_validators(),
        password_validation.UserAttributeSimilarityValidator(
            user_attributes=("handle", "display_name", "email")
        ),
    ]
    password_validation.validate_password(password, account, password_validators=validators)


class NewPasswordFields(forms.Form):
    """A new password, typed twice, checked by the validators against `account`."""

    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=PASSWORD_HELP,
    )
    new_password2 = forms.CharField(
        label="New password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, account: TikTokAccount, *args, **kwargs) -> None:
        self.account = account
        super().__init__(*args, **kwargs)

    def clean_new_password2(self) -> str:
        first, second = self.cleaned_data.get("new_password1"), self.cleaned_data["new_password2"]
        if first is not None and first != second:
            raise forms.ValidationError("The two passwords don't match.", code="mismatch")
        validate_tiktok_password(second, self.account)
        return second


class ChangePasswordForm(NewPasswordFields):
    """Settings and privacy → Change password: the current one first."""

    old_password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self) -> str:
        password = self.cleaned_data["old_password"]
        if not self.account.check_password(password):
            raise forms.ValidationError(
                "That isn't your current password. Check it and try again.", code="wrong"
            )
        return password


class PasswordResetForm(forms.Form):
    login = forms.CharField(label="Handle or e-mail", max_length=254)


class SignUpForm(forms.ModelForm):
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=PASSWORD_HELP,
    )

    class Meta:
        model = TikTokAccount
        fields = ["handle", "display_name", "email", "birth_date"]
        widgets = {
            "birth_date": forms.DateInput(
                attrs={"type": "date", "min": EARLIEST_BIRTH_DATE.isoformat()}
            )
        }
        help_texts = {"handle": "2–24 letters, numbers, underscores or periods."}

    def clean_handle(self) -> str:
        handle = normalize_handle(self.cleaned_data["handle"])
        handle_validator(handle)
        if TikTokAccount.objects.filter(handle__iexact=handle).exists():
            raise forms.ValidationError("That handle is taken. Try another one.")
        return handle

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password is not None:
            account = TikTokAccount(
                handle=cleaned.get("handle", ""),
                display_name=cleaned.get("display_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                validate_tiktok_password(password, account)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned

    def save(self, commit: bool = True) -> TikTokAccount:
        account = super().save(commit=False)
        account.set_password(self.cleaned_data["password"])
        if commit:
            account.save()
        return account


class LogInForm(forms.Form):
    handle = forms.CharField(max_length=25)
    password = forms.CharField(widget=forms.PasswordInput, strip=False)

    error_message = "That handle and password don't match. Check them and try again."

    def clean(self):
        cleaned = super().clean()
        handle = normalize_handle(cleaned.get("handle") or "")
        password = cleaned.get("password") or ""
        account = TikTokAccount.objects.filter(handle__iexact=handle).first() if handle else None
        if account is None or not account.check_password(password):
            raise forms.ValidationError(self.error_message)
        self.account = account
        return cleaned


class ScanForm(forms.Form):
    """The scanner: what the camera read, typed or pasted. Only this app's own codes open: its
    pages on this site, such as a profile's QR code or Partner Center's link code. Its cleaned
    `url` is the page's path; `token` the secret a link code carries in its fragment (`#t=…`),
    which the scanner posts to that page rather than putting it in any URL."""

    url = forms.CharField(label="Scanned link", max_length=500)
    token = ""
    # The one page a token is posted to: a code cannot make the scanner post to any other.
    TOKEN_PAGE = "linking:scan"

    def clean_url(self) -> str:
        raw = self.cleaned_data["url"].strip()
        parts = urlsplit(raw)
        site = urlsplit(settings.SITE_URL)
        if parts.scheme and (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            raise forms.ValidationError("That QR code isn't a TikTok link code.")
        try:
            match = resolve(parts.path)
        except Resolver404:
            match = None
        in_app = parts.path.startswith(reverse("tiktok:home"))
        if (parts.netloc and not parts.scheme) or match is None or not in_app:
            raise forms.ValidationError("That QR code isn't a TikTok link code.")
        if match.view_name == self.TOKEN_PAGE:
            self.token = parse_qs(parts.fragment).get("t", [""])[0]
        return parts.path
