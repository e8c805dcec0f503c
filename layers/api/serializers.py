"""drf-gis serializers: single features to read, and validated writes.

Lists never come through here: PostGIS builds them (`layers/geojson.py`).
"""

from django.contrib.gis.geos import GEOSGeometry, MultiPolygon
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from layers import rules
from layers.catalog.definitions import VILLAGE_OWN_COLUMNS
from layers.models import (
    STAR_FIELDS,
    ClearedSite,
    EODProject,
    EODSite,
    ServiceCentre,
    StarRating,
    Township,
    Village,
)


def inside_county(
    geometry: GEOSGeometry, types: tuple[str, ...] | None = None
) -> GEOSGeometry:
    """Refuse a geometry of the wrong type, an invalid one or one outside the county."""
    if types is not None and geometry.geom_type not in types:
        raise serializers.ValidationError(
            _("Send a %(types)s, not a %(type)s.")
            % {"types": " / ".join(types), "type": geometry.geom_type}
        )
    if geometry.srid not in (None, 4326, 4490):
        geometry = geometry.transform(4326, clone=True)
    if not geometry.valid:
        raise serializers.ValidationError(
            _("The geometry is not valid: %(reason)s")
            % {"reason": geometry.valid_reason}
        )
    if geometry.empty:
        raise serializers.ValidationError(_("The geometry is empty."))
    geometry.srid = 4326
    outline = rules.county_outline()
    if outline is None:
        raise serializers.ValidationError(
            _("No county outline is loaded to check against.")
        )
    if not rules.in_county(geometry, outline):
        raise serializers.ValidationError(_("The geometry lies outside the county."))
    return geometry


class FeatureSerializer(GeoFeatureModelSerializer):
    """A drf-gis serializer that refuses malformed Features with 400 instead of failing."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Send a GeoJSON Feature.")]}
            )
        if "properties" in data and not isinstance(data["properties"], dict):
            raise serializers.ValidationError(
                {"properties": [_("Properties must be an object.")]}
            )
        data = {key: value for key, value in data.items() if key != "bbox"}
        if "properties" in data:
            data = {**data, "properties": dict(data["properties"])}
        return super().to_internal_value(data)


class VillageSerializer(FeatureSerializer):
    township = serializers.SlugRelatedField(
        slug_field="code", queryset=Township.objects.all()
    )
    label_point = serializers.SerializerMethodField()

    class Meta:
        model = Village
        geo_field = "boundary"
        id_field = "code"
        fields = [
            "code",
            "name",
            "short_name",
            "committee_type",
            "township",
            "is_schematic",
            "label_point",
        ]

    def validate_boundary(self, value):
        if value.geom_type == "Polygon":
            value = MultiPolygon(value, srid=value.srid)
        return inside_county(value, ("MultiPolygon",))

    @extend_schema_field(
        {"type": "array", "items": {"type": "number"}, "nullable": True}
    )
    def get_label_point(self, village) -> list | None:
        return list(village.label_point.coords) if village.label_point else None

    def validate(self, attrs):
        township = attrs.get("township") or getattr(self.instance, "township", None)
        code = attrs.get("code") or getattr(self.instance, "code", "")
        if township and code and not code.startswith(township.code):
            raise serializers.ValidationError(
                {"code": _("A village code starts with its township's code.")}
            )
        return attrs

    def derived(self) -> dict:
        """Return the fields computed from the input: the label point inside the boundary."""
        boundary = self.validated_data.get("boundary")
        return (
            {"label_point": boundary.point_on_surface} if boundary is not None else {}
        )


class RatingSerializer(serializers.ModelSerializer):
    village = serializers.SlugRelatedField(
        slug_field="code", queryset=Village.objects.all()
    )
    level = serializers.IntegerField(read_only=True)

    class Meta:
        model = StarRating
        extra_kwargs = {
            "collective_income": {"min_value": 0},
            "transferred_land_mu": {"min_value": 0},
        }
        fields = [
            "id",
            "village",
            "year",
            *STAR_FIELDS,
            "level",
            "is_quasi_five_star",
            "is_weak_branch",
            "collective_income",
            "transferred_land_mu",
            "note",
        ]

    def validate(self, attrs):
        stars = [
            attrs.get(star, getattr(self.instance, star, False)) for star in STAR_FIELDS
        ]
        quasi = attrs.get(
            "is_quasi_five_star", getattr(self.instance, "is_quasi_five_star", False)
        )
        if quasi and all(stars):
            raise serializers.ValidationError(
                {
                    "is_quasi_five_star": _(
                        "A five-star village is not a quasi-five-star one."
                    )
                }
            )
        return attrs


class PointInCountyMixin:
    def validate_location(self, value):
        return inside_county(value, ("Point",))


class ClearedSiteSerializer(PointInCountyMixin, FeatureSerializer):
    village = serializers.SlugRelatedField(
        slug_field="code", queryset=Village.objects.all()
    )

    class Meta:
        model = ClearedSite
        geo_field = "location"
        id_field = "code"
        fields = [
            "code",
            "kind",
            "status",
            "reuse",
            "reported_on",
            "cleared_on",
            "verified_on",
            "village",
            "area_m2",
            "note",
        ]

    def validate(self, attrs):
        def value(name):
            return attrs.get(name, getattr(self.instance, name, None))

        errors = rules.cleared_site_date_problems(
            status=value("status"),
            reported_on=value("reported_on"),
            cleared_on=value("cleared_on"),
            verified_on=value("verified_on"),
        )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class EODSiteSerializer(FeatureSerializer):
    project = serializers.SlugRelatedField(
        slug_field="code", queryset=EODProject.objects.all()
    )
    village = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Village.objects.all(),
        allow_null=True,
        required=False,
    )

    class Meta:
        model = EODSite
        geo_field = "geom"
        id_field = "code"
        fields = ["code", "name", "project", "village", "investment", "status"]

    def validate_geom(self, value):
        if value.geom_type not in ("Point", "Polygon", "MultiPolygon"):
            raise serializers.ValidationError(_("An EOD site is a point or an area."))
        return inside_county(value)


class ServiceCentreSerializer(PointInCountyMixin, FeatureSerializer):
    village = serializers.SlugRelatedField(
        slug_field="code", queryset=Village.objects.all()
    )

    class Meta:
        model = ServiceCentre
        geo_field = "location"
        fields = ["id", "name", "village", "built_year", "floor_area_m2"]


class VillageDetailSerializer(GeoFeatureModelSerializer):
    """One village as a Feature, with the year's rating and what lies around it."""

    township_code = serializers.CharField(source="township.code")
    township_name = serializers.CharField(source="township.name")
    facts = serializers.SerializerMethodField()

    class Meta:
        model = Village
        geo_field = "boundary"
        id_field = "code"
        fields = [*VILLAGE_OWN_COLUMNS, "committee_type", "facts"]

    def get_facts(self, village) -> dict:
        return self.context["facts"]

    def to_representation(self, instance):
        feature = super().to_representation(instance)
        properties = feature["properties"]
        properties.update(properties.pop("facts"))
        return feature
