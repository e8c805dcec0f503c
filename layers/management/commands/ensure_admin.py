"""manage.py ensure_admin: create the first administrator if there is none."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an administrator (GEOPORTAL_ADMIN_USER / GEOPORTAL_ADMIN_PASSWORD) if none."

    def handle(self, *args, **options):
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("GEOPORTAL_ADMIN_USER", "admin")
        password = os.environ.get("GEOPORTAL_ADMIN_PASSWORD") or secrets.token_urlsafe(
            12
        )
        users.objects.create_superuser(username=username, email="", password=password)
        shown = (
            "(from GEOPORTAL_ADMIN_PASSWORD)"
            if "GEOPORTAL_ADMIN_PASSWORD" in os.environ
            else password
        )
        self.stdout.write(
            f"Created administrator '{username}' with password {shown}. "
            "It is shown only once: change it after logging in."
        )
