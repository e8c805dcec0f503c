"""manage.py issue_token USER [--write] [--name NAME] [--days N]: print a new API token."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.tokens import token_issue


class Command(BaseCommand):
    help = (
        "Issue an API token for USER (read-only unless --write); it is shown only once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--write", action="store_true", help="the token may write")
        parser.add_argument("--name", default="", help="what the token is for")
        parser.add_argument("--days", type=int, help="expire after N days")
        parser.add_argument(
            "--quiet", action="store_true", help="print the token alone"
        )

    def handle(self, *args, username, write, name, days, quiet, **options):
        user = (
            get_user_model().objects.filter(username=username, is_active=True).first()
        )
        if user is None:
            raise CommandError(f"no active user {username!r}")
        expires = timezone.now() + timedelta(days=days) if days else None
        token, raw = token_issue(user=user, write=write, name=name, expires_at=expires)
        if quiet:
            self.stdout.write(raw)
            return
        mode = "read-write" if write else "read-only"
        self.stdout.write(
            f"Token {token.pk} for {username} ({mode}), shown only once:\n{raw}"
        )
