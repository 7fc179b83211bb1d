"""Forms of Partner Center's accounts: confirming it's you, notification settings and the team
(the password reset, change and set forms are Django's)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db.models import Q

from partner_center.headers import single_line_validator

from .models import Notification, Partner, TeamRole, User
from .permissions import MODULES


class LoginForm(AuthenticationForm):
    """Django's log-in form, with the username's length enforced: Django sets `max_length`
    after the field is made, so no validator checks it, and a longer name reached
    django-axes, whose record of the failure could not store it (a 500)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length))


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


class TeamMemberRoleForm(forms.Form):
    """A member's role, one of the agency's own."""

    role = forms.ModelChoiceField(queryset=TeamRole.objects.none(), empty_label=None)

    def __init__(self, *args, partner: Partner, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = TeamRole.objects.filter(partner=partner)


class TeamMemberInviteForm(TeamMemberRoleForm):
    """Add a member: who they are and the role they start with."""

    field_order = ["email", "first_name", "last_name", "role"]

    email = forms.EmailField(
        label="E-mail address",
        max_length=150,  # it is also their username
        help_text="They log in with it; the invitation is sent to it.",
    )
    first_name = forms.CharField(max_length=150, validators=[single_line_validator])
    last_name = forms.CharField(max_length=150, required=False, validators=[single_line_validator])

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise forms.ValidationError(
                "This e-mail address already belongs to an account.", code="email_taken"
            )
        return email


class TeamRoleForm(forms.Form):
    """A role: its name and a checkbox per module (Team stays with the main account)."""

    name = forms.CharField(max_length=50, validators=[single_line_validator])
    modules = forms.MultipleChoiceField(
        label="What it may use",
        choices=[(section.value, label) for section, label in MODULES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, partner: Partner, role: TeamRole | None = None, **kwargs) -> None:
        if role is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": role.name,
                    "modules": [m.value for m in MODULES if getattr(role, m.value)],
                },
            )
        super().__init__(*args, **kwargs)
        self.partner, self.role = partner, role

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        same = TeamRole.objects.filter(partner=self.partner, name__iexact=name)
        if self.role is not None:
            same = same.exclude(pk=self.role.pk)
        if same.exists():
            raise forms.ValidationError(
                "Your agency already has a role with this name.", code="name_taken"
            )
        return name
