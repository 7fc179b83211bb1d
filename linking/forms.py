from __future__ import annotations

from django import forms


class UnlinkForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text="Kept in the audit trail.",
    )
