"""What each KIND of file holds: columns, geometry, natural key, references and rules.

Every kind maps file columns (English keys, which the demo fixtures use, plus the Chinese
headers officials write) onto one model. Rules that need several values of a row, or
derive one from another, sit next to the kind they belong to.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.gis.geos import GEOSGeometry
from django.db import models
from django.utils.translation import gettext as _

from layers import models as m
from layers.importers import fields as f
from layers.importers.errors import ImportFailed
from layers.importers.rules import (
    cleared_site_rules,
    rating_rules,
    township_rules,
    village_rules,
)

POLYGONAL = ("MultiPolygon",)
POINT = ("Point",)


@dataclass(frozen=True)
class Reference:
    """A column holding the code of a row in another table, stored as a foreign key."""

    column: str
    attr: str
    model: type[models.Model]
    required: bool = True
    load: tuple[
        str, ...
    ] = ()  # further fields the checks need from the referenced rows


@dataclass(frozen=True)
class PointColumns:
    """Two columns of degrees that make a point attribute; blank → a point on the surface.

    The degrees are WGS 84/CGCS2000, or GCJ-02 when the file is (`--srs gcj02`).
    """

    attr: str
    lon: str
    lat: str


@dataclass
class Row:
    """One data row on its way from the file to the database."""

    number: int
    values: dict
    geometry: GEOSGeometry | None = None
    points: dict = field(default_factory=dict)
    related: dict = field(default_factory=dict)
    failed: bool = False


@dataclass(frozen=True)
class Kind:
    """How one KIND of file becomes rows of one model."""

    name: str
    model: type[models.Model]
    columns: tuple[f.Column, ...]
    key: tuple[str, ...]
    geometry_field: str | None = None
    geometry_types: tuple[str, ...] = ()
    references: tuple[Reference, ...] = ()
    points: tuple[PointColumns, ...] = ()
    unique: tuple[str, ...] = ()
    rules: Callable[[dict], list[tuple[str, str]]] | None = None

    def attributes(self, row: Row) -> dict:
        """Return the model attributes of a checked row."""
        names = {model_field.name for model_field in self.model._meta.concrete_fields}
        attrs = {key: value for key, value in row.values.items() if key in names}
        for reference in self.references:
            related = row.related.get(reference.attr)
            attrs[f"{reference.attr}_id"] = related.pk if related else None
        if self.geometry_field:
            attrs[self.geometry_field] = row.geometry
        for point in self.points:
            attrs[point.attr] = (
                row.points.get(point.attr) or row.geometry.point_on_surface
            )
        return attrs


def code(
    digits: int, *aliases: str, key: str = "code", required: bool | None = None
) -> f.Column:
    required = key == "code" if required is None else required
    return f.Column(key, f.digits(digits), aliases, required=required)


def flag(key: str, *aliases: str) -> f.Column:
    return f.Column(key, f.boolean, aliases, default=False)


def lon_lat(prefix: str, chinese: str) -> tuple[f.Column, f.Column]:
    return (
        f.Column(f"{prefix}_lon", f.number, (f"{chinese}经度", f"{prefix}_x")),
        f.Column(f"{prefix}_lat", f.number, (f"{chinese}纬度", f"{prefix}_y")),
    )


NAME = f.Column("name", f.text(), ("名称", "名字"), required=True)
SCHEMATIC = flag("is_schematic", "示意", "是否示意")
VILLAGE_CODE = code(
    12, "村代码", "行政村代码", "村庄代码", key="village_code", required=True
)
TOWNSHIP_CODE = code(9, "乡镇代码", "乡镇编码", "乡镇街道代码", key="township_code")
YEAR = f.Column("year", f.year, ("年度", "年份", "年"), required=True)
NOTE = f.Column("note", f.text(), ("备注", "说明"), default="")
STATUS_CHINESE = {
    "规划": "planned",
    "计划": "planned",
    "前期": "planned",
    "在建": "building",
    "建设中": "building",
    "施工": "building",
    "运营": "operating",
    "运行": "operating",
    "已建成": "operating",
    "建成": "operating",
}


def _kinds() -> dict[str, Kind]:
    eod_status = f.choice(m.EODProject.Status, STATUS_CHINESE)
    return {
        kind.name: kind
        for kind in [
            Kind(
                "county",
                m.County,
                (
                    code(6, "代码", "区划代码", "adcode"),
                    NAME,
                    f.Column("source", f.text(), ("来源", "数据来源"), default=""),
                ),
                key=("code",),
                geometry_field="boundary",
                geometry_types=POLYGONAL,
            ),
            Kind(
                "township",
                m.Township,
                (
                    code(9, "代码", "乡镇代码", "区划代码"),
                    NAME,
                    f.Column(
                        "kind",
                        f.choice(
                            m.Township.Kind,
                            {"街道": "subdistrict", "镇": "town", "乡": "township"},
                        ),
                        ("类型", "类别"),
                    ),
                    *lon_lat("seat", "驻地"),
                    SCHEMATIC,
                ),
                key=("code",),
                geometry_field="boundary",
                geometry_types=POLYGONAL,
                points=(PointColumns("seat", "seat_lon", "seat_lat"),),
                rules=township_rules,
            ),
            Kind(
                "village",
                m.Village,
                (
                    code(12, "代码", "村代码", "区划代码"),
                    NAME,
                    f.Column("short_name", f.text(), ("简称", "村名")),
                    f.Column(
                        "committee_type",
                        f.choice(
                            m.Village.CommitteeType,
                            {
                                "村委会": "village_committee",
                                "村民委员会": "village_committee",
                                "社区居委会": "residents_committee",
                                "居委会": "residents_committee",
                            },
                        ),
                        ("委员会类型", "类型"),
                    ),
                    TOWNSHIP_CODE,
                    *lon_lat("label", "标注"),
                    SCHEMATIC,
                ),
                key=("code",),
                geometry_field="boundary",
                geometry_types=POLYGONAL,
                references=(
                    Reference(
                        "township_code",
                        "township",
                        m.Township,
                        load=("boundary", "is_schematic", "name"),
                    ),
                ),
                points=(PointColumns("label_point", "label_lon", "label_lat"),),
                rules=village_rules,
            ),
            Kind(
                "rating",
                m.StarRating,
                (
                    VILLAGE_CODE,
                    YEAR,
                    flag("branch", "支部过硬星", "支部过硬"),
                    flag("industry", "产业兴旺星", "产业兴旺"),
                    flag("ecology", "生态宜居星", "生态宜居"),
                    flag("safety", "平安法治星", "平安法治"),
                    flag("civility", "文明幸福星", "文明幸福"),
                    flag("is_quasi_five_star", "准五星", "准五星村"),
                    flag("is_weak_branch", "软弱涣散", "软弱涣散党组织"),
                    f.Column(
                        "collective_income",
                        f.decimal(),
                        ("集体经济收入", "村集体经济收入", "集体收入"),
                    ),
                    f.Column(
                        "transferred_land_mu",
                        f.decimal(),
                        ("流转土地(亩)", "土地流转(亩)", "流转土地", "土地流转面积"),
                    ),
                    NOTE,
                ),
                key=("village_id", "year"),
                references=(Reference("village_code", "village", m.Village),),
                rules=rating_rules,
            ),
            Kind(
                "target",
                m.CreationTarget,
                (
                    TOWNSHIP_CODE,
                    YEAR,
                    f.Column("level", f.integer(1, 5), ("星级", "等级"), True),
                    f.Column("count", f.integer(0), ("数量", "村数", "目标数"), True),
                ),
                key=("township_id", "year", "level"),
                references=(
                    Reference("township_code", "township", m.Township, required=False),
                ),
            ),
            Kind(
                "eod_project",
                m.EODProject,
                (
                    f.Column("code", f.text(30), ("代码", "项目代码", "编号"), True),
                    NAME,
                    f.Column(
                        "sub_project",
                        f.choice(
                            m.EODProject.SubProject,
                            {
                                "农村生活污水治理": "village_sewage",
                                "农村污水治理": "village_sewage",
                                "污水处理厂扩建": "sewage_plant",
                                "工业集中清洁供气": "clean_gas",
                                "集中供气": "clean_gas",
                                "盐碱地改良": "saline_land",
                                "污泥资源化利用": "sludge_reuse",
                                "农村产业融合发展示范园": "industry_park",
                                "产业融合园": "industry_park",
                            },
                        ),
                        ("子项目", "子项目类型"),
                        True,
                    ),
                    f.Column(
                        "planned_investment",
                        f.decimal(),
                        ("计划投资", "计划投资(元)"),
                        True,
                    ),
                    f.Column("status", eod_status, ("状态", "进度"), True),
                    f.Column(
                        "description", f.text(), ("说明", "描述", "简介"), default=""
                    ),
                ),
                key=("code",),
                unique=("sub_project",),
            ),
            Kind(
                "eod_site",
                m.EODSite,
                (
                    f.Column("code", f.text(30), ("代码", "点位代码", "编号"), True),
                    NAME,
                    f.Column(
                        "project_code", f.text(30), ("项目代码", "项目编号"), True
                    ),
                    code(12, "村代码", "行政村代码", key="village_code"),
                    f.Column(
                        "investment",
                        f.decimal(),
                        ("投资", "投资额", "投资(元)"),
                        default=0,
                    ),
                    f.Column("status", eod_status, ("状态", "进度"), True),
                ),
                key=("code",),
                geometry_field="geom",
                geometry_types=("Point", "MultiPolygon"),
                references=(
                    Reference("project_code", "project", m.EODProject),
                    Reference("village_code", "village", m.Village, required=False),
                ),
            ),
            Kind(
                "cleared_site",
                m.ClearedSite,
                (
                    f.Column("code", f.text(30), ("代码", "编号"), True),
                    f.Column(
                        "kind",
                        f.choice(
                            m.ClearedSite.Kind,
                            {
                                "坑塘": "pond",
                                "垃圾堆": "garbage",
                                "残垣断壁": "ruined_wall",
                                "空心院": "hollow_yard",
                                "闲置宅院": "hollow_yard",
                                "其他": "other",
                            },
                        ),
                        ("类型", "类别"),
                        True,
                    ),
                    f.Column(
                        "status",
                        f.choice(
                            m.ClearedSite.Status,
                            {
                                "已上报": "reported",
                                "上报": "reported",
                                "已清理": "cleared",
                                "清理": "cleared",
                                "已核查": "verified",
                                "核查": "verified",
                                "已验收": "verified",
                            },
                        ),
                        ("状态",),
                        True,
                    ),
                    f.Column("reported_on", f.date, ("上报日期", "上报时间"), True),
                    f.Column("cleared_on", f.date, ("清理日期", "清理时间")),
                    f.Column(
                        "verified_on", f.date, ("核查日期", "核查时间", "验收日期")
                    ),
                    f.Column(
                        "reuse",
                        f.choice(
                            m.ClearedSite.Reuse,
                            {
                                "无": "",
                                "未利用": "",
                                "小游园": "park",
                                "小花园": "garden",
                                "小菜园": "vegetable_plot",
                                "停车场": "car_park",
                                "其他": "other",
                            },
                        ),
                        ("利用", "再利用", "利用方式"),
                        default="",
                    ),
                    code(12, "村代码", "行政村代码", key="village_code"),
                    f.Column(
                        "area_m2", f.integer(0), ("面积", "面积(平方米)", "面积(㎡)")
                    ),
                    f.Column("note", f.text(200), ("备注", "说明"), default=""),
                ),
                key=("code",),
                geometry_field="location",
                geometry_types=POINT,
                references=(
                    Reference("village_code", "village", m.Village, required=False),
                ),
                rules=cleared_site_rules,
            ),
            Kind(
                "service_centre",
                m.ServiceCentre,
                (
                    VILLAGE_CODE,
                    NAME,
                    f.Column(
                        "built_year", f.year, ("建成年份", "建设年份", "建成年度"), True
                    ),
                    f.Column(
                        "floor_area_m2",
                        f.integer(0),
                        ("建筑面积", "面积", "建筑面积(平方米)"),
                    ),
                ),
                key=("village_id",),
                geometry_field="location",
                geometry_types=POINT,
                references=(Reference("village_code", "village", m.Village),),
            ),
            Kind(
                "pairing",
                m.Pairing,
                (
                    VILLAGE_CODE,
                    YEAR,
                    f.Column(
                        "partner_kind",
                        f.choice(
                            m.Pairing.PartnerKind,
                            {
                                "县级领导": "leader",
                                "县领导": "leader",
                                "领导": "leader",
                                "县直部门": "department",
                                "县直单位": "department",
                                "部门": "department",
                                "单位": "department",
                            },
                        ),
                        ("包联类型", "类型"),
                        True,
                    ),
                    f.Column(
                        "partner",
                        f.text(),
                        ("包联领导或单位", "包联单位", "包联领导", "包联人"),
                        True,
                    ),
                ),
                key=("village_id", "year", "partner"),
                references=(Reference("village_code", "village", m.Village),),
            ),
        ]
    }


KINDS = _kinds()


def get(name: str) -> Kind:
    """Return the kind called `name`, or refuse it naming the kinds there are."""
    try:
        return KINDS[name]
    except KeyError:
        raise ImportFailed(
            _("Unknown kind %(kind)r. Kinds: %(kinds)s.")
            % {"kind": name, "kinds": ", ".join(KINDS)}
        ) from None
