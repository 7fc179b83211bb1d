"""My Account → Team Members: the main account adds members, gives them roles, deactivates them;
and the page where an invited member sets a password. Every staff page here is the main
account's alone (Section.TEAM); a member or role of another agency is a 404."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from partner_center.htmx import HtmxHttpRequest

from . import team
from .forms import TeamMemberInviteForm, TeamMemberRoleForm, TeamRoleForm
from .models import Membership, TeamRole
from .permissions import MODULES, Section
from .roles import PartnerRequest, home_url_for, partner_staff_required


def _member_for(request: PartnerRequest, code: UUID) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "team_role", "invited_by"),
        code=code,
        partner=request.partner,
        is_main=False,
    )


def _role_for(request: PartnerRequest, code: UUID) -> TeamRole:
    return get_object_or_404(TeamRole, code=code, partner=request.partner)


def _team_page(request: PartnerRequest, form: TeamMemberInviteForm, status: int = 200):
    partner = request.partner
    members = Membership.objects.filter(partner=partner).select_related(
        "user", "team_role", "invited_by"
    )
    context = {
        "members": members,
        "roles": TeamRole.objects.filter(partner=partner),
        "modules": MODULES,
        "form": form,
    }
    return render(request, "accounts/team.html", context, status=status)


@require_safe
@partner_staff_required(section=Section.TEAM)
def team_members(request: PartnerRequest) -> HttpResponse:
    return _team_page(request, TeamMemberInviteForm(partner=request.partner))


@require_POST
@partner_staff_required(section=Section.TEAM)
def member_invite(request: PartnerRequest) -> HttpResponse:
    form = TeamMemberInviteForm(request.POST, partner=request.partner)
    if not form.is_valid():
        return _team_page(request, form, status=400)
    member = team.team_member_invite(
        by=request.membership,
        email=form.cleaned_data["email"],
        first_name=form.cleaned_data["first_name"],
        last_name=form.cleaned_data["last_name"],
        role=form.cleaned_data["role"],
    )
    messages.success(request, f"Invitation sent to {member.user.email}.")
    return redirect("accounts:team")


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.TEAM)
def member_detail(request: PartnerRequest, code: UUID) -> HttpResponse:
    """A member's page; its form changes their role."""
    member = _member_for(request, code)
    form = TeamMemberRoleForm(
        request.POST or None, partner=request.partner, initial={"role": member.team_role}
    )
    if request.method == "POST" and form.is_valid():
        team.team_member_set_role(
            by=request.membership, member=member, role=form.cleaned_data["role"]
        )
        messages.success(request, f"{member.user} now has the role {form.cleaned_data['role']}.")
        return redirect("accounts:team_member", code=member.code)
    expires_at = team.invitation_expires_at(member)
    context = {
        "member": member,
        "form": form,
        "expires_at": expires_at,
        "expired": expires_at is not None and expires_at <= timezone.now(),
    }
    status = 400 if form.errors else 200
    return render(request, "accounts/team_member.html", context, status=status)


@require_POST
@partner_staff_required(section=Section.TEAM)
def member_deactivate(request: PartnerRequest, code: UUID) -> HttpResponse:
    member = team.team_member_deactivate(by=request.membership, member=_member_for(request, code))
    messages.success(request, f"{member.user} is deactivated and logged out everywhere.")
    return redirect("accounts:team_member", code=member.code)


@require_POST
@partner_staff_required(section=Section.TEAM)
def member_reactivate(request: PartnerRequest, code: UUID) -> HttpResponse:
    member = team.team_member_reactivate(by=request.membership, member=_member_for(request, code))
    messages.success(request, f"{member.user} is active again.")
    return redirect("accounts:team_member", code=member.code)


@require_POST
@partner_staff_required(section=Section.TEAM)
def member_resend(request: PartnerRequest, code: UUID) -> HttpResponse:
    member = _member_for(request, code)
    try:
        team.team_invitation_resend(by=request.membership, member=member)
    except team.NothingToResend as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"A new invitation is on its way to {member.user.email}.")
    return redirect("accounts:team_member", code=member.code)


@require_http_methods(["GET", "POST"])
@partner_staff_required(section=Section.TEAM)
def role_form(request: PartnerRequest, code: UUID | None = None) -> HttpResponse:
    """A new role (no code) or an existing one's name and modules."""
    role = _role_for(request, code) if code else None
    form = TeamRoleForm(request.POST or None, partner=request.partner, role=role)
    if request.method == "POST" and form.is_valid():
        role = team.team_role_save(
            by=request.membership,
            role=role,
            name=form.cleaned_data["name"],
            modules=set(form.cleaned_data["modules"]),
        )
        messages.success(request, f"Role {role} saved; it applies at once to everyone holding it.")
        return redirect("accounts:team")
    holders = role.members.select_related("user") if role else []
    context = {"role": role, "form": form, "holders": holders}
    status = 400 if form.errors else 200
    return render(request, "accounts/team_role.html", context, status=status)


@require_POST
@partner_staff_required(section=Section.TEAM)
def role_delete(request: PartnerRequest, code: UUID) -> HttpResponse:
    role = _role_for(request, code)
    try:
        team.team_role_delete(by=request.membership, role=role)
    except team.RoleInUse as error:
        messages.error(request, str(error))
        return redirect("accounts:team_role", code=role.code)
    messages.success(request, f"Role {role} deleted.")
    return redirect("accounts:team")


@require_http_methods(["GET", "POST"])
def join(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The invitation e-mail's link: set a password, and you are in."""
    try:
        member = team.invitation_member(token)
    except team.InvitationExpired as expired:
        context = {
            "member": expired.membership,
            "expires_at": team.invitation_expires_at(expired.membership),
        }
        return render(request, "accounts/team_join_invalid.html", context, status=410)
    except team.InvitationInvalid:
        return render(request, "accounts/team_join_invalid.html", {}, status=404)
    form = SetPasswordForm(member.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = team.team_invitation_accept(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except (team.InvitationInvalid, team.InvitationExpired):
            return render(request, "accounts/team_join_invalid.html", {}, status=404)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to {member.partner}'s team.")
        return redirect(home_url_for(user))
    status = 400 if form.errors else 200
    return render(
        request, "accounts/team_join.html", {"member": member, "form": form}, status=status
    )
