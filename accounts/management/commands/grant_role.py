"""manage.py grant_role USER ROLE [--township CODE] [--group NAME] [--revoke]."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import Role
from accounts.services import role_grant, role_revoke
from inspections.models import InspectionGroup
from layers.models import Township


def found(model, **lookup):
    try:
        return model.objects.get(**lookup)
    except model.DoesNotExist as error:
        raise CommandError(f"no {model._meta.verbose_name} with {lookup}") from error


class Command(BaseCommand):
    help = "Give a user a role (a cadre needs --township, a group member --group)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--township", help="9-digit township code (cadres)")
        parser.add_argument("--group", help="inspection group name (group members)")
        parser.add_argument("--revoke", action="store_true", help="take the role away")

    def handle(self, *args, username, role, township, group, revoke, **options):
        user = found(get_user_model(), username=username)
        if revoke:
            role_revoke(user=user, role=role)
            self.stdout.write(f"{username}: no longer {role}")
            return
        try:
            role_grant(
                user=user,
                role=role,
                township=found(Township, code=township) if township else None,
                inspection_group=found(InspectionGroup, name=group) if group else None,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(f"{username}: {role}")
