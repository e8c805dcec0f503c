"""manage.py revoke_token (TOKEN | --id N | --user USER): revoke API tokens."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import ApiToken
from accounts.tokens import digest, token_revoke


class Command(BaseCommand):
    help = "Revoke one token (its text or --id) or every token of --user."

    def add_arguments(self, parser):
        parser.add_argument("token", nargs="?", help="the token text")
        parser.add_argument("--id", type=int, help="the token's number")
        parser.add_argument("--user", help="revoke all of this user's tokens")

    def handle(self, *args, token, id, user, **options):
        if sum(x is not None for x in (token, id, user)) != 1:
            raise CommandError("give exactly one of TOKEN, --id, --user")
        tokens = ApiToken.objects.filter(revoked_at__isnull=True)
        if token is not None:
            tokens = tokens.filter(digest=digest(token))
        elif id is not None:
            tokens = tokens.filter(pk=id)
        else:
            tokens = tokens.filter(user__username=user)
        revoked = [token_revoke(token=found).pk for found in tokens]
        if not revoked:
            raise CommandError("no such active token")
        self.stdout.write(f"revoked {len(revoked)} token(s): {revoked}")
