from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts, roles and tokens")

    def ready(self):
        from accounts import lockout, roles, schema  # noqa: F401 (registers the scheme)

        lockout.connect()
        # Models added by later migrations get their permissions only after migrate;
        # setting the roles up again then keeps every role's permissions complete.
        post_migrate.connect(roles.roles_setup_after_migrate, sender=self)
