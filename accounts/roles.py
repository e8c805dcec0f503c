"""The five roles: Django groups named by `Role`, each with the permissions listed here.

The grants below are the one statement of who may do what to which model; the groups are
rebuilt from them by the data migration, by every `migrate` (post_migrate) and by
`manage.py setup_roles`, so editing a role's permissions in the admin does not last.
Where a role may write is narrowed further by accounts.policy (its township or group).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COUNTY_LEADER = "county_leader", _("county leader")
    COUNTY_ADMIN = "county_admin", _("county administrator")
    TOWNSHIP_CADRE = "township_cadre", _("township cadre")
    INSPECTOR = "inspection_member", _("inspection group member")
    GIS_READER = "gis_reader", _("GIS reader")


VIEW, ADD, CHANGE, DELETE = "view", "add", "change", "delete"
EVERY_ACTION = (VIEW, ADD, CHANGE, DELETE)

LAYER_MODELS = [
    "layers.county",
    "layers.township",
    "layers.village",
    "layers.starrating",
    "layers.creationtarget",
    "layers.eodproject",
    "layers.eodsite",
    "layers.clearedsite",
    "layers.servicecentre",
    "layers.pairing",
    # evidence (issue 14): the checklist and the work behind each star
    "evidence.task",
    "evidence.taskvalue",
    "evidence.gridcell",
    "evidence.threechangespilot",
    "evidence.federation",
    "evidence.mediationcentre",
]
INSPECTION_MODELS = [
    "inspections.inspectiongroup",
    "inspections.visit",
    "inspections.rectificationnotice",
    "inspections.problem",
    "inspections.photo",  # engineer E2: photos of problems, visits, cleared sites
]
PLAN_MODELS = [
    "routing.plan",
    "routing.planroute",
    "routing.planstop",
    "routing.unplannedstop",
]
ROAD_MODELS = ["routing.roadvertex", "routing.roadedge"]
ACCOUNT_MODELS = ["accounts.membership", "accounts.apitoken", "auth.user", "auth.group"]
HISTORY_MODELS = ["history.change"]

# What a township cadre may change inside the own township.
CADRE_WRITES = {
    "layers.village": (CHANGE,),
    **{
        model: (ADD, CHANGE, DELETE)
        for model in [
            "layers.starrating",
            "layers.creationtarget",
            "layers.eodsite",
            "layers.clearedsite",
            "layers.servicecentre",
            "layers.pairing",
            "evidence.taskvalue",
            "evidence.gridcell",
            "evidence.threechangespilot",
            "evidence.federation",
            "evidence.mediationcentre",
        ]
    },
    "inspections.problem": (CHANGE,),
    "inspections.photo": (ADD,),  # engineer E2: photos of the rectification
}
# What an inspection group member may change for the own group.
INSPECTOR_WRITES = {
    "inspections.visit": (ADD, CHANGE, DELETE),
    "inspections.rectificationnotice": (ADD, CHANGE),
    "inspections.problem": (ADD, CHANGE),
    "inspections.photo": (ADD,),  # engineer E2
    "routing.plan": (ADD,),
}


def grants(models_: list[str], actions=(VIEW,)) -> dict[str, tuple[str, ...]]:
    return {model: tuple(actions) for model in models_}


def merged(*parts: dict) -> dict[str, tuple[str, ...]]:
    """Merge grant tables, uniting the actions given to one model."""
    result: dict[str, set[str]] = {}
    for part in parts:
        for model, actions in part.items():
            result.setdefault(model, set()).update(actions)
    return {model: tuple(sorted(actions)) for model, actions in result.items()}


ROLE_GRANTS: dict[str, dict[str, tuple[str, ...]]] = {
    Role.COUNTY_LEADER: grants(
        LAYER_MODELS + INSPECTION_MODELS + PLAN_MODELS + HISTORY_MODELS
    ),
    Role.COUNTY_ADMIN: merged(
        grants(
            LAYER_MODELS
            + INSPECTION_MODELS
            + PLAN_MODELS
            + ROAD_MODELS
            + ACCOUNT_MODELS,
            EVERY_ACTION,
        ),
        grants(HISTORY_MODELS),
    ),
    Role.TOWNSHIP_CADRE: merged(
        grants(LAYER_MODELS + INSPECTION_MODELS + HISTORY_MODELS), CADRE_WRITES
    ),
    Role.INSPECTOR: merged(
        grants(LAYER_MODELS + INSPECTION_MODELS + PLAN_MODELS), INSPECTOR_WRITES
    ),
    Role.GIS_READER: grants(LAYER_MODELS),
}


def role_allows(role: str, model_label: str, action: str) -> bool:
    """Say whether `role` grants `action` on `model_label` ("app.model")."""
    return action in ROLE_GRANTS.get(role, {}).get(model_label, ())


def roles_setup(*, group_model=None, permission_model=None) -> dict[str, int]:
    """Create or update one group per role with exactly its permissions; return counts.

    The model classes can be a migration's historical models; by default the live ones.
    """
    if group_model is None:
        from django.contrib.auth.models import Group, Permission

        group_model, permission_model = Group, Permission
    counts = {}
    for role, table in ROLE_GRANTS.items():
        group, _created = group_model.objects.get_or_create(name=role)
        wanted = {
            (model.split(".")[0], f"{action}_{model.split('.')[1]}")
            for model, actions in table.items()
            for action in actions
        }
        permissions = [
            permission
            for permission in permission_model.objects.select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.set(permissions)
        counts[str(role)] = len(permissions)
    return counts


def permissions_create(apps=None) -> None:
    """Create the permissions of every installed model (Django does so only after migrate)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    for app_config in apps.get_app_configs():
        # create_permissions skips app configs without models_module, which a
        # migration's stub app configs lack.
        had = getattr(app_config, "models_module", None)
        app_config.models_module = had or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = had


def roles_setup_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver: bring the role groups up to date."""
    permissions_create()
    roles_setup()
