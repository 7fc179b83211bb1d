"""Forms of the simulated TikTok app: sign up, log in, and the scanner."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlsplit

from django import forms
from django.conf import settings
from django.urls import Resolver404, resolve, reverse

from .models import TikTokAccount, handle_validator


class SignUpForm(forms.ModelForm):
    password = forms.CharField(widget=forms.PasswordInput, min_length=8)

    class Meta:
        model = TikTokAccount
        fields = ["handle", "display_name", "birth_date"]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"handle": "2–24 letters, numbers, underscores or periods."}

    def clean_handle(self) -> str:
        handle = self.cleaned_data["handle"].strip().lstrip("@")
        handle_validator(handle)
        if TikTokAccount.objects.filter(handle__iexact=handle).exists():
            raise forms.ValidationError("That handle is taken. Try another one.")
        return handle

    def clean_birth_date(self) -> date:
        born = self.cleaned_data["birth_date"]
        if born > date.today():
            raise forms.ValidationError("Your birth date cannot be in the future.")
        return born

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
        handle = (cleaned.get("handle") or "").strip().lstrip("@")
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
