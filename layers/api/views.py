"""REST views: each parses its parameters, calls a selector, renders."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.concurrency import guarded, with_row_tag
from accounts.drf import RolePermission
from accounts.policy import can_read, readable
from history.context import acting
from layers import catalog, selectors, services
from layers.api import schema, serializers
from layers.api.conditional import conditional
from layers.api.filters import specs
from layers.api.filters.params import MAX_LIMIT, Params
from layers.api.listing import common_specs, feed_response
from layers.catalog import definitions as layers_defined
from layers.geojson import json_rows
from layers.models import ClearedSite, EODSite, ServiceCentre, StarRating, Village


class _FeedModels(dict):
    """{layer name: model} for any registered layer (what the roles policy scopes)."""

    def __missing__(self, name):
        return catalog.get(name).model


FEED_MODELS = _FeedModels()


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
    feed = catalog.get(name)
    described = extend_schema(
        operation_id=f"{feed.name.replace('-', '_')}_list",
        summary=feed.title,
        description=f"{feed.title}: a GeoJSON FeatureCollection built by PostGIS, paged; "
        "?format= downloads the filtered layer instead.",
        parameters=schema.parameters([*feed.filters, *common_specs(feed)]),
        responses=schema.feed_responses(feed),
    )

    class FeedList(LayerView):
        """List a feed."""

        policy_model = feed.model

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

        @extend_schema(
            responses={
                (200, "application/geo+json"): serializer,
                (304, "application/geo+json"): OpenApiResponse(
                    description="Not modified."
                ),
                (404, "application/json"): schema.NOT_FOUND,
            }
        )
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
    tables = sorted(
        {
            *layers_defined.VILLAGES.tables,
            *(
                layer.model._meta.db_table
                for layer in (
                    layers_defined.CLEARED_SITES,
                    layers_defined.EOD_SITES,
                    layers_defined.SERVICE_CENTRES,
                    layers_defined.PAIRINGS,
                )
            ),
        }
    )
    year_filter = layers_defined.VILLAGES.filters[0]

    policy_model = Village

    def instance(self, code):
        village = selectors.village_detail(code=code)
        if village is None or not can_read(self.request.user, village):
            raise Http404
        return village

    @extend_schema(
        parameters=schema.parameters([year_filter]),
        responses={
            (200, "application/geo+json"): serializers.VillageDetailSerializer,
            404: schema.NOT_FOUND,
            400: schema.BAD_REQUEST,
        },
    )
    def get(self, request, code):
        p = Params(request.GET, {"year"})
        year = self.year_filter.parse(p)
        p.done()
        return conditional(
            request,
            self.tables,
            model=Village,
            content_type="application/geo+json",
            build=lambda: self.feature(code, year),
            small=True,  # kept in memory until a write to one of its tables
        )

    def feature(self, code, year):
        """Return the Feature built by PostgreSQL in one statement (404 if unreadable)."""
        villages = readable(self.request.user, Village.objects.filter(code=code))
        text = selectors.village_feature_text(villages, year=year)
        if text is None:
            raise Http404
        return HttpResponse(text, content_type="application/geo+json")

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


RATINGS = layers_defined.RATINGS


class RatingList(LayerView):
    """Star ratings by year (JSON); staff create them."""

    write_serializer = serializer_class = serializers.RatingSerializer
    policy_model = StarRating

    @extend_schema(
        operation_id="api_ratings_list",
        parameters=schema.parameters([*RATINGS.filters, specs.LIMIT, specs.OFFSET]),
        responses={
            (200, "application/json"): OpenApiResponse(schema.layer_rows(RATINGS)),
            (304, "application/json"): OpenApiResponse(description="Not modified."),
            (400, "application/json"): schema.BAD_REQUEST,
        },
    )
    def get(self, request):
        p = Params(request.GET, RATINGS.accepted() | {"limit", "offset"})
        filters = RATINGS.parse(p)
        limit, offset = p.page(default_limit=MAX_LIMIT)
        p.done()
        queryset = readable(request.user, RATINGS.selector(**filters)).order_by(
            *RATINGS.default_order
        )[offset : offset + limit]
        return conditional(
            request,
            RATINGS.tables,
            model=StarRating,
            content_type="application/json",
            build=lambda: json_rows(queryset, RATINGS.properties),
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
            return Response(
                {"errors": {"reason": _("The reason is text.")}}, status=400
            )
        with acting(reason=reason):
            return super().change(request, instance, partial)


EOD_PROJECTS = layers_defined.EOD_PROJECTS


class EODProjectList(LayerView):
    """The EOD pilot's sub-projects with their sites' count and investment (JSON)."""

    policy_model = EOD_PROJECTS.model

    @extend_schema(
        parameters=schema.parameters(list(EOD_PROJECTS.filters)),
        responses={
            (200, "application/json"): OpenApiResponse(schema.layer_rows(EOD_PROJECTS)),
            (304, "application/json"): OpenApiResponse(description="Not modified."),
            (400, "application/json"): schema.BAD_REQUEST,
        },
    )
    def get(self, request):
        p = Params(request.GET, EOD_PROJECTS.accepted())
        filters = EOD_PROJECTS.parse(p)
        p.done()
        queryset = readable(request.user, EOD_PROJECTS.selector(**filters)).order_by(
            *EOD_PROJECTS.default_order
        )
        return conditional(
            request,
            EOD_PROJECTS.tables,
            model=EOD_PROJECTS.model,
            content_type="application/json",
            build=lambda: json_rows(queryset, EOD_PROJECTS.properties),
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
    layers_defined.CLEARED_SITES.tables,
)
eod_site = feature_detail_view(
    EODSite, serializers.EODSiteSerializer, "code", layers_defined.EOD_SITES.tables
)
service_centre = feature_detail_view(
    ServiceCentre,
    serializers.ServiceCentreSerializer,
    "pk",
    layers_defined.SERVICE_CENTRES.tables,
)
village = VillageDetail.as_view()
