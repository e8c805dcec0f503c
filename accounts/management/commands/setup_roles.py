"""manage.py setup_roles: create or update the five role groups and their permissions."""

from django.core.management.base import BaseCommand

from accounts.roles import permissions_create, roles_setup


class Command(BaseCommand):
    help = (
        "Create or update the role groups (county leader, administrator, cadre, ...)."
    )

    def handle(self, *args, **options):
        permissions_create()
        for role, count in roles_setup().items():
            self.stdout.write(f"{role}: {count} permissions")
