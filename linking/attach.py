"""The **Attach TikTok profile** checkbox shared by the invite, binding and campaign forms.

It is enabled (and checked by default) only while the partner has a linked TikTok account;
otherwise it is disabled and the form offers **Link TikTok Account**, which keeps what was
typed as a draft in the session and comes back to the form after linking.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponseRedirect, QueryDict
from django.urls import reverse

from accounts.models import Partner
from partner_center.next_url import with_next

from .selectors import LinkedProfile, linked_profile

LINK_BUTTON_NAME = "_link_tiktok"
_DRAFT_KEY = "form-draft:{path}"


def attach_profile_field() -> forms.BooleanField:
    return forms.BooleanField(label="Attach TikTok profile", required=False, initial=True)


def gate_attach_profile(
    form: forms.Form, partner: Partner, *, attached: bool = False
) -> LinkedProfile | None:
    """Enable the form's `attach_profile` field only while `partner` is linked. A disabled
    field ignores what is posted, so a crafted request cannot attach a profile that is not
    there. `attached`: what is being edited has the profile attached already; while unlinked
    that choice stays on, waiting for a link, and can still be turned off (the service keeps it
    from being turned on). Returns the linked profile for the template."""
    profile = linked_profile(partner)
    if profile is None and not attached:
        field = form.fields["attach_profile"]
        field.disabled = True
        field.initial = False
        form.initial["attach_profile"] = False
    return profile


def wants_to_link(request: HttpRequest) -> bool:
    """The form was submitted with its **Link TikTok Account** button."""
    return request.method == "POST" and LINK_BUTTON_NAME in request.POST


def redirect_to_link_flow(request: HttpRequest) -> HttpResponseRedirect:
    """Keep what was typed and go to the link flow, which comes back to this page."""
    draft = request.POST.copy()
    for name in ("csrfmiddlewaretoken", LINK_BUTTON_NAME):
        draft.pop(name, None)
    request.session[_DRAFT_KEY.format(path=request.path)] = draft.urlencode()
    return HttpResponseRedirect(with_next(reverse("linking:start"), request.get_full_path()))


def pop_draft(request: HttpRequest) -> QueryDict | None:
    """What was typed before leaving for the link flow, once."""
    raw = request.session.pop(_DRAFT_KEY.format(path=request.path), None)
    return QueryDict(raw) if raw is not None else None


def form_with_draft(
    request: HttpRequest, form_class, *, initial=None, draft_to_initial=None, **kwargs
):
    """The posted form; or, on GET, a new one refilled with what was typed before leaving for
    the link flow (`draft_to_initial` turns the draft into initial values; by default each
    field's last value)."""
    if request.method == "POST":
        return form_class(request.POST, **kwargs)
    draft = pop_draft(request)
    if draft is not None:
        initial = {**(initial or {}), **(draft_to_initial or QueryDict.dict)(draft)}
    return form_class(initial=initial, **kwargs)
