"""Writes about users: roles and memberships."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import Membership
from accounts.roles import Role, roles_setup

STAFF_ROLES = {
    Role.COUNTY_LEADER,
    Role.COUNTY_ADMIN,
    Role.TOWNSHIP_CADRE,
    Role.INSPECTOR,
}


@transaction.atomic
def role_grant(*, user, role: str, township=None, inspection_group=None) -> None:
    """Give `user` a role; a cadre needs a township, a group member an inspection group.

    Roles that work in the admin make the user staff (the admin still shows only what
    the role's permissions and township allow).
    """
    role = Role(role)
    membership = Membership.objects.filter(user=user).first() or Membership(user=user)
    membership.township = township or membership.township
    membership.inspection_group = inspection_group or membership.inspection_group
    if role == Role.TOWNSHIP_CADRE and membership.township is None:
        raise ValidationError({"township": _("A township cadre needs a township.")})
    if role == Role.INSPECTOR and membership.inspection_group is None:
        raise ValidationError(
            {"inspection_group": _("An inspection group member needs a group.")}
        )
    group = Group.objects.filter(name=role).first()
    if group is None:
        roles_setup()
        group = Group.objects.get(name=role)
    user.groups.add(group)
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if membership.township or membership.inspection_group:
        membership.save()
    policy.forget(user)


@transaction.atomic
def role_revoke(*, user, role: str) -> None:
    """Take a role away from `user`."""
    user.groups.remove(*Group.objects.filter(name=Role(role)))
    policy.forget(user)
