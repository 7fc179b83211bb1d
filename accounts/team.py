"""Writes for an agency's team: inviting members, their roles, deactivating them, and the
invitation a new member accepts by setting a password.

Every function takes the acting main account's `Membership` (`by`) and checks that it may manage
the team (accounts.permissions); the views check the same first. An invitation link is signed
(Django's `signing`, with SECRET_KEY) and carries the member's code, a nonce that changes with
every invitation sent, and its time: a resent invitation's link replaces the last one, and a
link older than TEAM_INVITATION_MAX_AGE says it expired. Nothing secret is stored.

A member who is invited, or deactivated, is an inactive user: Django refuses their log-in and
ends their sessions at their next request, so deactivating someone takes effect at once.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from partner_center.headers import header_safe
from partner_center.queue import enqueue_on_commit

from . import tasks
from .models import Membership, TeamRole, User
from .permissions import MAIN_ACCOUNT_ONLY, MODULES

INVITATION_SALT = "accounts.team.invitation"


class InvitationInvalid(Exception):
    """The link is not one we sent, was replaced by a newer one, or was already used."""


class InvitationExpired(Exception):
    def __init__(self, membership: Membership) -> None:
        super().__init__("This invitation has expired.")
        self.membership = membership


def _require_main(by: Membership) -> None:
    if not (by.is_main and by.is_active):
        raise PermissionDenied(MAIN_ACCOUNT_ONLY)


def _own_member(by: Membership, member: Membership) -> Membership:
    """`member`, locked, if it is one of `by`'s members (never the main account itself)."""
    _require_main(by)
    locked = Membership.objects.select_for_update().select_related("user").get(pk=member.pk)
    if locked.partner_id != by.partner_id or locked.is_main:
        raise PermissionDenied("You can change only your agency's members.")
    return locked


# --- Roles ------------------------------------------------------------------------------------


def team_role_save(
    *, by: Membership, name: str, modules: set[str], role: TeamRole | None = None
) -> TeamRole:
    """Create a role, or change `role`: its name and the modules it grants. A change applies at
    once to everyone holding it (permissions are read from the role on every request)."""
    _require_main(by)
    unknown = modules - {module.value for module in MODULES}
    if unknown:
        raise ValueError(f"Unknown modules: {sorted(unknown)}")
    if role is not None and role.partner_id != by.partner_id:
        raise PermissionDenied("You can change only your agency's roles.")
    role = role or TeamRole(partner=by.partner)
    role.name = name
    for module in MODULES:
        setattr(role, module.value, module.value in modules)
    role.full_clean()
    role.save()
    return role


class RoleInUse(Exception):
    pass


def team_role_delete(*, by: Membership, role: TeamRole) -> None:
    _require_main(by)
    if role.partner_id != by.partner_id:
        raise PermissionDenied("You can change only your agency's roles.")
    with transaction.atomic():
        if Membership.objects.filter(team_role=role).exists():
            raise RoleInUse("Members hold this role: give them another one first.")
        role.delete()


# --- Members ----------------------------------------------------------------------------------


def team_member_invite(
    *, by: Membership, email: str, first_name: str, last_name: str, role: TeamRole
) -> Membership:
    """Add a member: an inactive user who logs in with their e-mail address, and the
    invitation e-mail (sent after the commit) to set a password. The database's unique e-mail
    constraint has the last word if two invitations race."""
    _require_main(by)
    if role.partner_id != by.partner_id:
        raise PermissionDenied("You can give only your agency's roles.")
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        user = User(
            username=email,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_active=False,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        member = Membership(user=user, partner=by.partner, team_role=role)
        _invite(member, by=by)
        return member


class NothingToResend(Exception):
    pass


def team_invitation_resend(*, by: Membership, member: Membership) -> Membership:
    """A new invitation e-mail, valid for TEAM_INVITATION_MAX_AGE from now; the link of the
    last one stops working. Raises `NothingToResend` for a member who is not invited."""
    with transaction.atomic():
        member = _own_member(by, member)
        if member.status == Membership.Status.ACTIVE:
            raise NothingToResend(f"{member.user} has already joined; there is nothing to resend.")
        if member.status == Membership.Status.DEACTIVATED:
            raise NothingToResend(
                f"{member.user} is deactivated: reactivate them to send the invitation again."
            )
        _invite(member, by=by)
        return member


def _invite(member: Membership, *, by: Membership) -> None:
    member.invited_by = by.user
    member.invited_at = timezone.now()
    member.invitation_nonce = secrets.token_hex(16)
    member.save()
    enqueue_on_commit(
        tasks.email_team_invitation, member_id=member.pk, nonce=member.invitation_nonce
    )


def team_member_set_role(*, by: Membership, member: Membership, role: TeamRole) -> Membership:
    with transaction.atomic():
        member = _own_member(by, member)
        if role.partner_id != by.partner_id:
            raise PermissionDenied("You can give only your agency's roles.")
        member.team_role = role
        member.save(update_fields=["team_role"])
        return member


def team_member_deactivate(*, by: Membership, member: Membership) -> Membership:
    """The member can no longer log in, and any session of theirs ends at its next request.
    An invitation not yet accepted stops working too."""
    with transaction.atomic():
        member = _own_member(by, member)
        if member.deactivated_at is None:
            member.deactivated_at = timezone.now()
            member.save(update_fields=["deactivated_at"])
            User.objects.filter(pk=member.user_id).update(is_active=False)
        return member


def team_member_reactivate(*, by: Membership, member: Membership) -> Membership:
    """Back as they were: able to log in again if they had joined, still invited if not."""
    with transaction.atomic():
        member = _own_member(by, member)
        if member.deactivated_at is not None:
            member.deactivated_at = None
            member.save(update_fields=["deactivated_at"])
            joined = member.activated_at is not None
            User.objects.filter(pk=member.user_id).update(is_active=joined)
        return member


# --- The invitation ---------------------------------------------------------------------------


def invitation_token(member: Membership) -> str:
    return signing.dumps(
        {"member": str(member.code), "nonce": member.invitation_nonce}, salt=INVITATION_SALT
    )


def invitation_expires_at(member: Membership) -> datetime | None:
    if member.invited_at is None:
        return None
    return member.invited_at + settings.TEAM_INVITATION_MAX_AGE


def invitation_member(token: str) -> Membership:
    """The member a link of an invitation e-mail invites, if it is still theirs to accept."""
    try:
        payload = signing.loads(
            token, salt=INVITATION_SALT, max_age=settings.TEAM_INVITATION_MAX_AGE
        )
    except signing.SignatureExpired:
        payload = signing.loads(token, salt=INVITATION_SALT)
        member = _pending(payload)
        raise InvitationExpired(member) from None
    except signing.BadSignature:
        raise InvitationInvalid from None
    return _pending(payload)


def _invitations_pending():
    """Members invited who have neither joined nor been withdrawn, with what the join page and
    the e-mail show."""
    return Membership.objects.select_related("user", "partner", "team_role", "invited_by").filter(
        activated_at__isnull=True, deactivated_at__isnull=True
    )


def _pending(payload: object) -> Membership:
    if not isinstance(payload, dict):
        raise InvitationInvalid
    member = _invitations_pending().filter(code=payload.get("member")).first()
    if member is None or not secrets.compare_digest(
        member.invitation_nonce, str(payload.get("nonce", ""))
    ):
        raise InvitationInvalid
    return member


def team_invitation_accept(*, token: str, password: str) -> User:
    """Set the new member's password (already checked by the form's validators) and make them
    active: the link then stops working."""
    with transaction.atomic():
        member = invitation_member(token)
        member = Membership.objects.select_for_update().select_related("user").get(pk=member.pk)
        if member.activated_at is not None:
            raise InvitationInvalid
        member.activated_at = timezone.now()
        member.invitation_nonce = ""
        member.save(update_fields=["activated_at", "invitation_nonce"])
        user = member.user
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
        return user


def team_invitation_email_send(*, member_id: int, nonce: str) -> bool:
    """Send the invitation e-mail queued by `_invite`, unless it was replaced by a newer one,
    accepted or withdrawn meanwhile (then there is nothing to send)."""
    member = _invitations_pending().filter(pk=member_id, invitation_nonce=nonce).first()
    if member is None:
        return False
    mailers.default.send_messages([invitation_email(member)])
    return True


def invitation_email(member: Membership) -> EmailMessage:
    agency = member.partner
    inviter = member.invited_by or "Your agency's main account"
    url = settings.SITE_URL + reverse("accounts:team_join", args=[invitation_token(member)])
    hours = int(settings.TEAM_INVITATION_MAX_AGE.total_seconds() // 3600)
    body = "\n".join(
        [
            f"Hi {member.user.get_short_name() or member.user.email},",
            "",
            f"{inviter} has added you to {agency}'s team on TikTok Shop Partner Center, with "
            f"the role {member.team_role}.",
            "",
            f"Set your password here within {hours} hours to join:",
            url,
            "",
            f"You will log in with this e-mail address, {member.user.email}.",
            "If you were not expecting this, you can ignore this e-mail.",
        ]
    )
    subject = header_safe(f"Join {agency} on Partner Center")
    return EmailMessage(subject, body, None, [member.user.email])
