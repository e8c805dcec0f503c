"""What each KIND of file holds: columns, geometry, natural key, references and rules.

Every kind maps file columns (English keys, which the demo fixtures use, plus the
Chinese headers officials write; see vocabulary.py for the Chinese choice labels) onto
one model.
"""

from django.utils.translation import gettext as _

from layers import models as m
from layers.importers import fields as f
from layers.importers import vocabulary as v
from layers.importers.errors import ImportFailed
from layers.importers.rules import (
    cleared_site_rules,
    rating_rules,
    township_rules,
    village_rules,
)
from layers.importers.spec import Kind, PointColumns, Reference
from layers.importers.wording import listing

POLYGONAL = ("MultiPolygon",)
POINT = ("Point",)


def column(key: str, parse, *aliases: str, required=False, default=None) -> f.Column:
    return f.Column(key, parse, aliases, required=required, default=default)


def code(digits: int, key: str, *aliases: str, required: bool = True) -> f.Column:
    return column(key, f.digits(digits), *aliases, required=required)


def flag(key: str, *aliases: str) -> f.Column:
    return column(key, f.boolean, *aliases, default=False)


def choice(
    key: str, model_choices, chinese: dict, *aliases: str, **options
) -> f.Column:
    return column(key, f.choice(model_choices, chinese), *aliases, **options)


def lon_lat(prefix: str, chinese: str) -> tuple[f.Column, f.Column]:
    return (
        column(f"{prefix}_lon", f.number, f"{chinese}经度", f"{prefix}_x"),
        column(f"{prefix}_lat", f.number, f"{chinese}纬度", f"{prefix}_y"),
    )


NAME = column("name", f.text(), "名称", "名字", "mc", required=True)
# Land-survey (三调/变更调查) codes and names of the unit a parcel sits in (坐落单位),
# is owned by (权属单位) or the division (行政区); ZLDWDM/QSDWDM are 19 digits (the
# 12-digit code padded with zeros; fields.digits cuts the padding).
SURVEY_CODES = ("xzqdm", "zldwdm", "qsdwdm")
SURVEY_NAMES = ("xzqmc", "zldwmc", "qsdwmc")
VILLAGE_CODES = (
    *("村代码", "行政村代码", "村庄代码", "村级代码", "村编码", "行政村编码"),
    *SURVEY_CODES,
    *("cdm", "cundm", "cun_dm", "villagecode", "village_id", "vcode"),
)
SCHEMATIC = flag("is_schematic", "示意", "是否示意")
VILLAGE_CODE = code(12, "village_code", *VILLAGE_CODES)
OPTIONAL_VILLAGE_CODE = code(12, "village_code", *VILLAGE_CODES, required=False)
TOWNSHIP_CODE = code(
    9,
    "township_code",
    *("乡镇代码", "乡镇编码", "所属乡镇代码", "xzdm", "xzqdm_xz", "xiang_dm"),
    *("townshipcode", "town_code"),
    required=False,
)
YEAR = column("year", f.year, "年度", "年份", "年", "nd", "nf", "niandu", required=True)
NOTE = column("note", f.text(), "备注", "说明", default="")
FREE_CODE = column("code", f.text(30), "代码", "编号", "编码", required=True)
# Sites from phone apps and KML carry no code: one is generated (validate.codes).
SITE_CODE = column(
    "code", f.text(30), "代码", "编号", "编码", "地块编号", "图斑编号", "bh", "dkbh"
)
EOD_STATUS = choice(
    "status", m.EODProject.Status, v.EOD_STATUS, "状态", "进度", required=True
)
TO_VILLAGE = Reference("village_code", "village", m.Village)
TO_SOME_VILLAGE = Reference("village_code", "village", m.Village, required=False)

COUNTY = Kind(
    "county",
    m.County,
    columns=(
        code(6, "code", "代码", "区划代码", "adcode"),
        NAME,
        column("source", f.text(), "来源", "数据来源", default=""),
    ),
    key=("code",),
    geometry_field="boundary",
    geometry_types=POLYGONAL,
)
TOWNSHIP = Kind(
    "township",
    m.Township,
    columns=(
        code(9, "code", "代码", "乡镇代码", "区划代码", *SURVEY_CODES, "xzdm"),
        column(
            "name",
            f.text(),
            *("名称", "名字", "乡镇", "乡镇名称", "乡镇名", *SURVEY_NAMES, "xzmc"),
            required=True,
        ),
        choice("kind", m.Township.Kind, v.TOWNSHIP_KIND, "类型", "类别"),
        *lon_lat("seat", "驻地"),
        SCHEMATIC,
    ),
    key=("code",),
    geometry_field="boundary",
    geometry_types=POLYGONAL,
    points=(PointColumns("seat", "seat_lon", "seat_lat"),),
    rules=township_rules,
)
VILLAGE = Kind(
    "village",
    m.Village,
    columns=(
        code(12, "code", "代码", "区划代码", *VILLAGE_CODES),
        column(
            "name",
            f.text(),
            *("名称", "名字", "村名称", "行政村", "行政村名称", "村委会名称"),
            *(*SURVEY_NAMES, "cmc", "cunmc", "village_name", "villagename"),
            required=True,
        ),
        column("short_name", f.text(), "简称", "村名", "村庄名称"),
        choice(
            "committee_type", m.Village.CommitteeType, v.COMMITTEE_TYPE, "委员会类型"
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
)
RATING = Kind(
    "rating",
    m.StarRating,
    columns=(
        VILLAGE_CODE,
        YEAR,
        flag("branch", "支部过硬星", "支部过硬", "zbgy"),
        flag("industry", "产业兴旺星", "产业兴旺", "cyxw"),
        flag("ecology", "生态宜居星", "生态宜居", "stjy"),
        flag("safety", "平安法治星", "平安法治", "pafz"),
        flag("civility", "文明幸福星", "文明幸福", "wmxf"),
        flag("is_quasi_five_star", "准五星", "准五星村"),
        flag("is_weak_branch", "软弱涣散", "软弱涣散党组织"),
        column("collective_income", f.decimal(), "集体经济收入", "村集体经济收入"),
        column("transferred_land_mu", f.decimal(), "流转土地(亩)", "土地流转面积"),
        NOTE,
    ),
    key=("village_id", "year"),
    references=(TO_VILLAGE,),
    rules=rating_rules,
)
TARGET = Kind(
    "target",
    m.CreationTarget,
    columns=(
        TOWNSHIP_CODE,
        YEAR,
        column("level", f.integer(1, 5), "星级", "等级", required=True),
        column("count", f.integer(0), "数量", "村数", "目标数", required=True),
    ),
    key=("township_id", "year", "level"),
    references=(Reference("township_code", "township", m.Township, required=False),),
)
EOD_PROJECT = Kind(
    "eod_project",
    m.EODProject,
    columns=(
        FREE_CODE,
        NAME,
        choice(
            "sub_project",
            m.EODProject.SubProject,
            v.EOD_SUB_PROJECT,
            "子项目",
            required=True,
        ),
        column(
            "planned_investment", f.decimal(), "计划投资", "计划投资(元)", required=True
        ),
        EOD_STATUS,
        column("description", f.text(), "说明", "描述", "简介", default=""),
    ),
    key=("code",),
    unique=("sub_project",),
)
EOD_SITE = Kind(
    "eod_site",
    m.EODSite,
    columns=(
        SITE_CODE,
        NAME,
        column(
            "project_code",
            f.text(30),
            *("项目代码", "项目编号", "所属项目", "项目", "xmbh", "xmdm"),
            # A KML folder or a sub-project column names the project (validate).
            *("子项目", "项目名称", "folder", "文件夹"),
            required=True,
        ),
        OPTIONAL_VILLAGE_CODE,
        column(
            "investment",
            f.decimal(),
            *("投资", "投资额", "投资(元)", "投资金额", "总投资"),
            default=0,
        ),
        EOD_STATUS,
    ),
    key=("code",),
    geometry_field="geom",
    geometry_types=("Point", "MultiPolygon"),
    references=(
        Reference(
            "project_code", "project", m.EODProject, load=("name", "sub_project")
        ),
        TO_SOME_VILLAGE,
    ),
)
CLEARED_SITE = Kind(
    "cleared_site",
    m.ClearedSite,
    columns=(
        SITE_CODE,
        choice(
            "kind",
            m.ClearedSite.Kind,
            v.CLEARED_SITE_KIND,
            *("类型", "类别", "地块类型", "问题类型", "lx"),
            required=True,
        ),
        choice(
            "status",
            m.ClearedSite.Status,
            v.CLEARED_SITE_STATUS,
            *("状态", "进度", "清理状态", "zt"),
            required=True,
        ),
        # Phone apps export no report date: the rule assumes the clearing date.
        column(
            "reported_on",
            f.date,
            "上报日期",
            "上报时间",
            "发现日期",
            "登记日期",
            "sbrq",
        ),
        column("cleared_on", f.date, "清理日期", "清理时间", "完成日期", "qlrq"),
        column(
            "verified_on",
            f.date,
            "核查日期",
            "核查时间",
            "验收日期",
            "验收时间",
            "hcrq",
        ),
        choice(
            "reuse",
            m.ClearedSite.Reuse,
            v.REUSE,
            "利用",
            "再利用",
            "利用方式",
            default="",
        ),
        OPTIONAL_VILLAGE_CODE,
        column("area_m2", f.integer(0), "面积", "面积(平方米)", "面积(㎡)"),
        column("note", f.text(200), "备注", "说明", default=""),
    ),
    key=("code",),
    geometry_field="location",
    geometry_types=POINT,
    references=(TO_SOME_VILLAGE,),
    rules=cleared_site_rules,
)
SERVICE_CENTRE = Kind(
    "service_centre",
    m.ServiceCentre,
    columns=(
        VILLAGE_CODE,
        NAME,
        column(
            "built_year",
            f.year,
            *("建成年份", "建设年份", "建成年度", "建成时间", "jcnf"),
            required=True,
        ),
        column("floor_area_m2", f.integer(0), "建筑面积", "面积", "建筑面积(平方米)"),
    ),
    key=("village_id",),
    geometry_field="location",
    geometry_types=POINT,
    references=(TO_VILLAGE,),
)
PAIRING = Kind(
    "pairing",
    m.Pairing,
    columns=(
        VILLAGE_CODE,
        YEAR,
        choice(
            "partner_kind",
            m.Pairing.PartnerKind,
            v.PARTNER_KIND,
            "包联类型",
            "类型",
            required=True,
        ),
        column(
            "partner",
            f.text(),
            "包联领导或单位",
            "包联单位",
            "包联领导",
            "包联人",
            *("包村领导", "包村干部", "帮扶单位", "包联对象", "blr", "bldw"),
            required=True,
        ),
    ),
    key=("village_id", "year", "partner"),
    references=(TO_VILLAGE,),
)
KINDS = {
    kind.name: kind
    for kind in (
        COUNTY,
        TOWNSHIP,
        VILLAGE,
        RATING,
        TARGET,
        EOD_PROJECT,
        EOD_SITE,
        CLEARED_SITE,
        SERVICE_CENTRE,
        PAIRING,
    )
}


def get(name: str) -> Kind:
    """Return the kind called `name`, or refuse it naming the kinds there are."""
    try:
        return KINDS[name]
    except KeyError:
        raise ImportFailed(
            _("Unknown kind %(kind)r. Kinds: %(kinds)s.")
            % {"kind": name, "kinds": listing(KINDS)}
        ) from None
