"""Who may read and write what: the one module every surface asks.

Reading: county leaders, administrators, inspection group members and GIS readers read
every township; a township cadre reads the own township only, or everything when
GEOPORTAL_CADRE_READS_ALL is on; anyone else reads the layers when GEOPORTAL_PUBLIC_READ is
on, and nothing otherwise. Writing needs the model permission the role grants
(accounts.roles) and, for a cadre, a row inside the own township, for an inspection group
member, a row of the own group; a read-only API token never writes.

Scoping works on querysets (`readable`, `writable`), on single rows (`can_read`,
`can_write`) and, for SQL written by hand, on township ids (`readable_township_ids`).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from accounts import scope as where
from accounts.roles import CHANGE, VIEW, Role, role_allows

COUNTY_READERS = {
    Role.COUNTY_LEADER,
    Role.COUNTY_ADMIN,
    Role.INSPECTOR,
    Role.GIS_READER,
}
PAGE_ROLES = {
    Role.COUNTY_LEADER,
    Role.COUNTY_ADMIN,
    Role.TOWNSHIP_CADRE,
    Role.INSPECTOR,
}
PUBLIC_APPS = {"layers"}  # what GEOPORTAL_PUBLIC_READ opens: the layers, not the ledger
NULLABLE_PATHS = {"layers.creationtarget", "layers.eodsite", "history.change"}


@dataclass(frozen=True)
class Scope:
    """The townships a user reaches: every one (None), none, or a set of ids."""

    townships: frozenset[int] | None

    @property
    def everything(self) -> bool:
        return self.townships is None

    @property
    def nothing(self) -> bool:
        return self.townships == frozenset()

    def reaches(self, township_id: int | None) -> bool:
        """Say whether a row of `township_id` (None: county-level) is inside the scope."""
        return self.everything or township_id is None or township_id in self.townships


EVERYTHING, NOTHING = Scope(None), Scope(frozenset())


@dataclass(frozen=True)
class Actor:
    """What the policy needs to know about a user, read once per user object."""

    authenticated: bool
    superuser: bool
    roles: frozenset[str]
    township_id: int | None
    group_id: int | None
    token_writes: bool


def actor(user) -> Actor:
    """Return (and cache on the user object) the user's roles, township and group."""
    cached = getattr(user, "_geoportal_actor", None)
    if cached is not None:
        return cached
    if user is None or not user.is_authenticated or not user.is_active:
        found = Actor(False, False, frozenset(), None, None, False)
    else:
        from accounts.models import Membership

        names = set(user.groups.values_list("name", flat=True))
        membership = (
            Membership.objects.filter(user=user)
            .values_list("township_id", "inspection_group_id")
            .first()
        ) or (None, None)
        token = getattr(user, "api_token", None)
        found = Actor(
            True,
            user.is_superuser,
            frozenset(names & set(Role.values)),
            *membership,
            token_writes=token is None or token.can_write,
        )
    if user is not None:
        user._geoportal_actor = found
    return found


def forget(user) -> None:
    """Drop the cached roles of `user` (after its roles or membership change)."""
    user.__dict__.pop("_geoportal_actor", None)


def permission(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


# Reading -------------------------------------------------------------------------------


def read_scope(user, model=None) -> Scope:
    """Return the townships whose rows of `model` (any model if None) `user` may read."""
    who = actor(user)
    if who.superuser:
        return EVERYTHING
    if who.roles and (model is None or user.has_perm(permission(model, VIEW))):
        if who.roles & COUNTY_READERS:
            return EVERYTHING
        if Role.TOWNSHIP_CADRE in who.roles:
            if settings.GEOPORTAL_CADRE_READS_ALL:
                return EVERYTHING
            return Scope(frozenset({who.township_id})) if who.township_id else NOTHING
    public = model is None or model._meta.app_label in PUBLIC_APPS
    return EVERYTHING if settings.GEOPORTAL_PUBLIC_READ and public else NOTHING


def scoped(queryset: QuerySet, scope: Scope) -> QuerySet:
    """Narrow `queryset` to the rows inside `scope` (compiles to SQL even when empty)."""
    if scope.everything:
        return queryset
    if scope.nothing:
        # `pk IS NULL` rather than .none(): the SQL feeds compile the queryset to text.
        return queryset.filter(pk__isnull=True)
    path = where.township_path(queryset.model)
    if path is None:
        return queryset
    condition = Q(**{f"{path}__in": sorted(scope.townships)})
    if where.label(queryset.model) in NULLABLE_PATHS:
        condition |= Q(**{f"{path}__isnull": True})
    return queryset.filter(condition)


def readable(user, queryset: QuerySet) -> QuerySet:
    """Return the rows of `queryset` `user` may read (values() querysets too)."""
    return scoped(queryset, read_scope(user, queryset.model))


def readable_villages(user) -> QuerySet:
    from layers.models import Village

    return readable(user, Village.objects.all())


def readable_township_ids(user, model=None) -> list[int] | None:
    """Return the township ids `user` reads for SQL by hand: None for all, [] for none."""
    found = read_scope(user, model)
    return None if found.everything else sorted(found.townships)


def scope_key(user, model=None) -> str:
    """Return a short text naming what `user` reads: part of an ETag or a cache key, so
    users who read different rows never share a cached answer."""
    found = read_scope(user, model)
    if found.everything:
        return "all"
    return (
        "t" + "-".join(str(t) for t in sorted(found.townships))
        if found.townships
        else "none"
    )


def can_read(user, obj) -> bool:
    """Say whether `user` may read the row `obj`."""
    found = read_scope(user, type(obj))
    return not found.nothing and found.reaches(where.township_of(obj))


def can_read_pages(user) -> bool:
    """Say whether `user` may open the map pages (GIS readers use the feeds only)."""
    who = actor(user)
    return (
        who.superuser or bool(who.roles & PAGE_ROLES) or settings.GEOPORTAL_PUBLIC_READ
    )


def can_read_feeds(user) -> bool:
    """Say whether `user` may read any feed at all."""
    return not read_scope(user).nothing


def is_gis_reader(user) -> bool:
    """Say whether `user` is a GIS reader and nothing more (feeds only, by token)."""
    who = actor(user)
    return (
        Role.GIS_READER in who.roles
        and not who.roles & PAGE_ROLES
        and not who.superuser
    )


# Writing -------------------------------------------------------------------------------


def token_allows_write(user) -> bool:
    """Say whether the request's API token (if any) may write."""
    token = getattr(user, "api_token", None)
    return token is None or token.can_write


def may_write_model(user, model, action: str = CHANGE) -> bool:
    """Say whether `user` may `action` some rows of `model` (before a row is known)."""
    who = actor(user)
    return (
        who.authenticated
        and who.token_writes
        and user.has_perm(permission(model, action))
    )


def can_write(user, obj, action: str = CHANGE) -> bool:
    """Say whether `user` may `action` ("add", "change", "delete") the row `obj`.

    For a change that moves a row (another village, another township), ask for the stored
    row and for the changed one.
    """
    if not may_write_model(user, type(obj), action):
        return False
    who = actor(user)
    if who.superuser or Role.COUNTY_ADMIN in who.roles:
        return True
    key = where.label(obj)
    if (
        role_allows(Role.TOWNSHIP_CADRE, key, action)
        and Role.TOWNSHIP_CADRE in who.roles
    ):
        township = where.township_of(obj)
        if who.township_id is not None and township == who.township_id:
            return True
    if role_allows(Role.INSPECTOR, key, action) and Role.INSPECTOR in who.roles:
        if key not in where.GROUP_PATHS:
            return True
        return who.group_id is not None and where.group_of(obj) == who.group_id
    return False


def write_scope(user) -> Scope:
    """Return the townships inside which `user` may record anything."""
    who = actor(user)
    if not who.authenticated or not who.token_writes:
        return NOTHING
    if who.superuser or who.roles & {Role.COUNTY_ADMIN, Role.INSPECTOR}:
        return EVERYTHING
    if Role.TOWNSHIP_CADRE in who.roles and who.township_id:
        return Scope(frozenset({who.township_id}))
    return NOTHING


def can_write_in(user, township) -> bool:
    """Say whether `user` may record things inside `township` (a Township or its id)."""
    township_id = getattr(township, "pk", township)
    found = write_scope(user)
    return found.everything or township_id in (found.townships or ())


def writable(user, queryset: QuerySet, action: str = CHANGE) -> QuerySet:
    """Return the rows of `queryset` `user` may `action` (admin lists, choices, bulk)."""
    model = queryset.model
    if not may_write_model(user, model, action):
        return scoped(queryset, NOTHING)
    who = actor(user)
    if who.superuser or Role.COUNTY_ADMIN in who.roles:
        return queryset
    key = where.label(model)
    condition = Q(pk__isnull=True)
    if Role.TOWNSHIP_CADRE in who.roles and role_allows(
        Role.TOWNSHIP_CADRE, key, action
    ):
        path = where.township_path(model)
        if path and who.township_id:
            condition |= Q(**{path: who.township_id})
    if Role.INSPECTOR in who.roles and role_allows(Role.INSPECTOR, key, action):
        path = where.GROUP_PATHS.get(key)
        if path is None:
            return queryset
        if who.group_id:
            condition |= Q(**{"pk" if path == "pk" else f"{path}_id": who.group_id})
    return queryset.filter(condition)


def choices(user, queryset: QuerySet) -> QuerySet:
    """Return the villages or townships `user` may pick when recording something."""
    return scoped(queryset, write_scope(user))


# Route plans ---------------------------------------------------------------------------

PLAN_COUNTY_ROLES = {Role.COUNTY_LEADER, Role.COUNTY_ADMIN}


def plans_readable(user, queryset: QuerySet) -> QuerySet:
    """Return the route plans of `queryset` (a Plan queryset) `user` may read.

    County leaders and administrators read every plan; an inspection group member reads
    the plans written by members of the own group (and the own); a township cadre reads
    a plan only when every stop, planned or not, lies inside the townships the cadre
    reads; anyone else reads the plans they wrote, and nothing more.
    """
    who = actor(user)
    if who.superuser or who.roles & PLAN_COUNTY_ROLES:
        return queryset
    if not who.authenticated:
        return scoped(queryset, NOTHING)
    condition = Q(created_by=user.pk)
    if Role.INSPECTOR in who.roles and who.group_id:
        condition |= Q(created_by__membership__inspection_group=who.group_id)
    if Role.TOWNSHIP_CADRE in who.roles:
        condition |= plan_inside(read_scope(user, _village_model()))
    return queryset.filter(condition)


def plan_inside(scope: Scope) -> Q:
    """Return a Plan condition: no stop (planned or not) lies outside `scope`."""
    from django.db.models import Exists, OuterRef

    from layers.models import Township
    from routing.models import PlanStop, UnplannedStop

    if scope.everything:
        return Q()
    if scope.nothing:
        return Q(pk__isnull=True)
    townships = sorted(scope.townships)
    stop_inside = Q(village__township__in=townships) | Q(
        village__isnull=True, site__village__township__in=townships
    )
    outside_stop = PlanStop.objects.filter(route__plan=OuterRef("pk")).exclude(
        stop_inside
    )
    inside_land = Township.objects.filter(
        pk__in=townships, boundary__intersects=OuterRef("location")
    )
    outside_unplanned = UnplannedStop.objects.filter(plan=OuterRef("pk")).exclude(
        Exists(inside_land)
    )
    return ~Exists(outside_stop) & ~Exists(outside_unplanned)


def plan_readable_by(user, plan) -> bool:
    """Say whether `user` may read `plan` (its page, print, GPX/KML, API answer)."""
    from routing.models import Plan

    return plans_readable(user, Plan.objects.filter(pk=plan.pk)).exists()


def _village_model():
    from layers.models import Village

    return Village


# Where a drawn shape may go -------------------------------------------------------------

EDGE_TOLERANCE_M = 50  # digitising slack along a township border


def geometry_in_write_scope(user, geometry) -> bool:
    """Say whether `geometry` (a boundary or a point) lies inside the townships where
    `user` may record things, give or take EDGE_TOLERANCE_M along their borders.

    County-wide writers may draw anywhere in the county (the county rule checks that);
    a township cadre only inside the own township.
    """
    found = write_scope(user)
    if found.everything or geometry is None:
        return True
    if found.nothing:
        return False
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(ST_CoveredBy(ST_Transform(ST_GeomFromEWKB(%s), 4326), "
            "ST_Union(ST_Buffer(boundary::geography, %s)::geometry)), false) "
            "FROM layers_township WHERE id = ANY(%s)",
            [bytes(geometry.ewkb), EDGE_TOLERANCE_M, sorted(found.townships)],
        )
        return bool(cursor.fetchone()[0])
