"""REST views: each parses its parameters, calls a selector, renders."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.concurrency import guarded, with_row_tag
from accounts.drf import RolePermission
from accounts.policy import can_read, readable
from history.context import acting
from layers import selectors, services
from layers.api import schema, serializers
from layers.api.conditional import conditional
from layers.api.feeds import FEEDS, latest_year
from layers.api.filters import specs
from layers.api.filters.params import Params
from layers.api.listing import common_specs, feed_response
from layers.geojson import json_rows
from layers.models import (
    ClearedSite,
    EODProject,
    EODSite,
    Pairing,
    ServiceCentre,
    StarRating,
    Township,
    Village,
)

# The model whose rows each feed lists (what the roles policy scopes).
FEED_MODELS = {
    "townships": Township,
    "villages": Village,
    "cleared-sites": ClearedSite,
    "eod-sites": EODSite,
    "service-centres": ServiceCentre,
    "pairings": Pairing,
}


class LayerView(APIView):
    """Shared settings: JSON answers (errors included), the roles policy
    (accounts.drf.RolePermission; writes are checked row by row in feature_save)."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = schema.JSONOnly
    permission_classes = [RolePermission]
    write_serializer = None

    def create(self, request):
        serializer = self.write_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        extra = serializer.derived() if hasattr(serializer, "derived") else {}
        instance = services.feature_save(
            serializer=serializer, user=request.user, extra=extra
        )
        return Response(self.write_serializer(instance).data, status=201)

    @guarded  # the row locked and read fresh, If-Match checked, ETag sent
    def change(self, request, instance, partial):
        serializer = self.write_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        extra = serializer.derived() if hasattr(serializer, "derived") else {}
        instance = services.feature_save(
            serializer=serializer, user=request.user, extra=extra
        )
        return Response(self.write_serializer(instance).data)


def feed_list_view(name: str, write_serializer=None):
    """Return the list view of feed `name`: GeoJSON from PostGIS; POST creates when allowed."""
    feed = FEEDS[name]
    described = extend_schema(
        operation_id=f"{feed.name.replace('-', '_')}_list",
        summary=feed.title,
        description=f"{feed.title}: a GeoJSON FeatureCollection built by PostGIS, paged; "
        "?format= downloads the filtered layer instead.",
        parameters=schema.parameters(feed.filters + common_specs(feed)),
        responses=schema.geojson_responses(),
    )

    class FeedList(LayerView):
        """List a feed."""

        policy_model = FEED_MODELS[name]

        @described
        def get(self, request):
            return feed_response(request, feed)

    FeedList.__name__ = FeedList.__qualname__ = (
        feed.title.title().replace(" ", "") + "List"
    )
    if write_serializer is not None:
        FeedList.write_serializer = FeedList.serializer_class = write_serializer
        FeedList.post = extend_schema(
            request=write_serializer, responses={201: write_serializer}
        )(lambda self, request: self.create(request))
    return FeedList.as_view()


def feature_detail_view(model, serializer, lookup: str, tables: list[str]):
    """Return a view reading one feature through a drf-gis serializer and changing it."""

    class FeatureDetail(LayerView):
        """Read, replace or change one feature."""

        write_serializer = serializer_class = serializer
        policy_model = model
        etag_tables = tables  # If-Match takes the ETag a GET sent

        def instance(self, key):
            rows = readable(self.request.user, model.objects.all())
            instance = rows.filter(**{lookup: key}).first()
            if instance is None:
                raise Http404
            return instance

        @extend_schema(responses={200: serializer, 404: schema.NOT_FOUND})
        def get(self, request, key):
            Params(request.GET, set()).done()
            return conditional(
                request,
                tables,
                model=model,
                content_type="application/geo+json",
                build=lambda: geo_response(serializer(self.instance(key)).data),
            )

        def put(self, request, key):
            return self.change(request, self.instance(key), partial=False)

        def patch(self, request, key):
            return self.change(request, self.instance(key), partial=True)

    FeatureDetail.__name__ = FeatureDetail.__qualname__ = model.__name__ + "Detail"
    return FeatureDetail.as_view()


def geo_response(data) -> HttpResponse:
    return HttpResponse(
        JSONRenderer().render(data), content_type="application/geo+json"
    )


class VillageDetail(LayerView):
    """One village as a Feature with the year's rating, sites, centre and pairings."""

    write_serializer = serializer_class = serializers.VillageSerializer
    tables = [
        *FEEDS["villages"].tables,
        "layers_clearedsite",
        "layers_eodsite",
        "layers_servicecentre",
        "layers_pairing",
    ]

    policy_model = Village

    def instance(self, code):
        village = selectors.village_detail(code=code)
        if village is None or not can_read(self.request.user, village):
            raise Http404
        return village

    @extend_schema(
        parameters=schema.parameters([specs.YEAR]),
        responses={
            200: serializers.VillageDetailSerializer,
            404: schema.NOT_FOUND,
            400: schema.BAD_REQUEST,
        },
    )
    def get(self, request, code):
        p = Params(request.GET, {"year"})
        year = p.integer("year", low=2000, high=2100)
        p.done()
        return conditional(
            request,
            self.tables,
            model=Village,
            content_type="application/geo+json",
            build=lambda: self.feature(code, year or latest_year()),
        )

    def feature(self, code, year):
        village = self.instance(code)
        facts = selectors.village_facts(village=village, year=year)
        data = serializers.VillageDetailSerializer(
            village, context={"facts": facts}
        ).data
        return geo_response(data)

    @extend_schema(
        request=serializers.VillageSerializer,
        responses={200: serializers.VillageSerializer},
    )
    def put(self, request, code):
        return self.change(request, self.instance(code), partial=False)

    @extend_schema(
        request=serializers.VillageSerializer,
        responses={200: serializers.VillageSerializer},
    )
    def patch(self, request, code):
        return self.change(request, self.instance(code), partial=True)


RATING_COLUMNS = [
    "id",
    "village_code",
    "village_name",
    "year",
    "level",
    *specs.STAR_FIELDS,
    "is_quasi_five_star",
    "is_weak_branch",
    "collective_income",
    "transferred_land_mu",
    "note",
]
RATING_SPECS = [
    specs.Spec("year", "integer", "Rating year.", minimum=2000, maximum=2100),
    specs.TOWNSHIP,
    specs.VILLAGE,
    specs.Spec("level", "integer", "Exact level.", minimum=0, maximum=5),
]


class RatingList(LayerView):
    """Star ratings by year (JSON); staff create them."""

    write_serializer = serializer_class = serializers.RatingSerializer
    policy_model = StarRating

    @extend_schema(
        parameters=schema.parameters(RATING_SPECS),
        responses={
            200: serializers.RatingSerializer(many=True),
            400: schema.BAD_REQUEST,
        },
    )
    def get(self, request):
        p = Params(request.GET, {spec.name for spec in RATING_SPECS})
        filters = {
            "year": p.integer("year", low=2000, high=2100),
            "township": p.code("township", 9),
            "village": p.code("village", 12),
            "level": p.integer("level", low=0, high=5),
        }
        p.done()
        queryset = readable(request.user, selectors.rating_list(**filters)).order_by(
            "village_code", "year"
        )
        return conditional(
            request,
            ["layers_starrating", "layers_village", "layers_township"],
            model=StarRating,
            content_type="application/json",
            build=lambda: json_rows(queryset, RATING_COLUMNS),
        )

    def post(self, request):
        return self.create(request)


class RatingDetail(LayerView):
    """Read or change one rating."""

    write_serializer = serializer_class = serializers.RatingSerializer
    policy_model = StarRating

    def instance(self, pk):
        rows = readable(self.request.user, StarRating.objects.all())
        rating = rows.filter(pk=pk).first()
        if rating is None:
            raise Http404
        return rating

    def get(self, request, pk):
        Params(request.GET, set()).done()
        rating = self.instance(pk)
        return with_row_tag(Response(self.write_serializer(rating).data), rating)

    def patch(self, request, pk):
        return self.change(request, self.instance(pk), partial=True)

    def put(self, request, pk):
        return self.change(request, self.instance(pk), partial=False)

    def change(self, request, instance, partial):
        """Change a rating; a `reason` in the body is recorded (a past year needs one)."""
        reason = request.data.get("reason") if hasattr(request.data, "get") else None
        if reason is not None and not isinstance(reason, str):
            return Response({"errors": {"reason": _("The reason is text.")}}, status=400)
        with acting(reason=reason):
            return super().change(request, instance, partial)


EOD_PROJECT_COLUMNS = [
    "code",
    "name",
    "sub_project",
    "planned_investment",
    "status",
    "description",
    "site_count",
    "site_investment",
]


class EODProjectList(LayerView):
    """The EOD pilot's sub-projects with their sites' count and investment (JSON)."""

    spec = specs.listing("status", specs.EOD_STATUSES, "Statuses.")
    policy_model = EODProject

    @extend_schema(
        parameters=schema.parameters([spec]),
        responses={
            200: {"type": "array", "items": {"type": "object"}},
            400: schema.BAD_REQUEST,
        },
    )
    def get(self, request):
        p = Params(request.GET, {"status"})
        statuses = p.choices("status", set(specs.EOD_STATUSES))
        p.done()
        queryset = readable(
            request.user, selectors.eod_project_list(statuses=statuses)
        ).order_by("code")
        return conditional(
            request,
            ["layers_eodproject", "layers_eodsite"],
            model=EODProject,
            content_type="application/json",
            build=lambda: json_rows(queryset, EOD_PROJECT_COLUMNS),
        )


townships = feed_list_view("townships")
villages = feed_list_view("villages", serializers.VillageSerializer)
cleared_sites = feed_list_view("cleared-sites", serializers.ClearedSiteSerializer)
eod_sites = feed_list_view("eod-sites", serializers.EODSiteSerializer)
service_centres = feed_list_view("service-centres", serializers.ServiceCentreSerializer)
pairings = feed_list_view("pairings")
cleared_site = feature_detail_view(
    ClearedSite,
    serializers.ClearedSiteSerializer,
    "code",
    FEEDS["cleared-sites"].tables,
)
eod_site = feature_detail_view(
    EODSite, serializers.EODSiteSerializer, "code", FEEDS["eod-sites"].tables
)
service_centre = feature_detail_view(
    ServiceCentre,
    serializers.ServiceCentreSerializer,
    "pk",
    FEEDS["service-centres"].tables,
)
village = VillageDetail.as_view()
