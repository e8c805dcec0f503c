"""The demo checklist: tasks per star derived from the work the county's 2022 report names.

The county's own 29 tasks and 140 rules are not public. Every threshold below is an
assumption stated on the task, except 清五跃十 (50,000 and 100,000 yuan), which the
report gives. A county replaces this list in the admin (evidence → checklist tasks).
"""

from decimal import Decimal

ASSUMED = "示意：阈值为演示假设，非县里公布的细则；请在后台按实际细则修改。"
REPORTED = "阈值出自县委组织部2022年报告（清五跃十：5万元、10万元）。"
RECORDED = "只记录，不参与评星；汇总为县级数字。"

# (code, star, name, measure, unit, rule, threshold, target_name, source, assumption)
# One task per line reads as the table it is.
# fmt: off
DEMO_TASKS = [
    ("branch_training", "branch", "书记参加县级轮训", "count", "轮", "at_least", 4, "4轮轮训", "value", ASSUMED),
    ("branch_org_life", "branch", "党建e家平台开展三会一课、主题党日", "yes_no", "", "yes", None, "", "value", ASSUMED),
    ("branch_stationed_cadre", "branch", "驻村干部在岗", "yes_no", "", "record", None, "", "value", RECORDED),
    ("branch_secretary_replaced", "branch", "本年调整村党支部书记", "yes_no", "", "record", None, "", "value", RECORDED),
    ("branch_rectification_staff", "branch", "软弱涣散整顿派驻力量", "count", "人", "record", None, "", "value", RECORDED),
    ("industry_clear_five", "industry", "集体经济收入（清五）", "number", "元", "at_least", 50000, "清五目标", "collective_income", REPORTED),
    ("industry_leap_ten", "industry", "集体经济收入（跃十）", "number", "元", "at_least", 100000, "跃十目标", "collective_income", REPORTED),
    ("industry_cooperative", "industry", "合作社“双绑”带动农户", "yes_no", "", "yes", None, "", "value", ASSUMED),
    ("industry_land", "industry", "土地流转面积", "number", "亩", "record", None, "", "transferred_land_mu", RECORDED),
    ("industry_previous_income", "industry", "上年集体经济收入", "number", "元", "record", None, "", "value", RECORDED),
    ("ecology_clean", "ecology", "六乱六清整治达标", "yes_no", "", "yes", None, "", "value", ASSUMED),
    ("ecology_mobilised", "ecology", "参与人居环境整治群众", "count", "人", "record", None, "", "value", RECORDED),
    ("ecology_alleys", "ecology", "硬化街巷", "number", "平方米", "record", None, "", "value", RECORDED),
    ("ecology_ruins_removed", "ecology", "拆除残垣断壁、闲置宅院", "count", "处", "record", None, "", "value", RECORDED),
    ("ecology_small_parks", "ecology", "建成小游园", "count", "个", "record", None, "", "value", RECORDED),
    ("safety_three_zeros", "safety", "“三零”创建达标", "yes_no", "", "yes", None, "", "value", ASSUMED),
    ("safety_patrol", "safety", "红袖标巡逻队员", "count", "人", "at_least", 5, "巡逻队5人", "value", ASSUMED),
    ("safety_fraud_stopped", "safety", "止付涉诈资金", "number", "元", "record", None, "", "value", RECORDED),
    ("safety_harmonious", "safety", "平安和睦家庭", "count", "户", "record", None, "", "value", RECORDED),
    ("civility_village_rules", "civility", "一约五会建立并运行", "yes_no", "", "yes", None, "", "value", ASSUMED),
    ("civility_party_links", "civility", "党员联户", "count", "人", "record", None, "", "value", RECORDED),
    ("civility_centre_investment", "civility", "党群服务中心建设投入", "number", "元", "record", None, "", "value", RECORDED),
    ("civility_volunteer_teams", "civility", "志愿服务队", "count", "支", "record", None, "", "value", RECORDED),
    ("civility_volunteers", "civility", "志愿者", "count", "人", "record", None, "", "value", RECORDED),
    ("civility_star_households", "civility", "九星、十星级文明户", "count", "户", "record", None, "", "value", RECORDED),
    ("civility_good_neighbours", "civility", "好公婆、好邻居", "count", "人", "record", None, "", "value", RECORDED),
]
# fmt: on


def demo_task_rows() -> list[dict]:
    """Return the demo tasks as field dicts, in order."""
    rows = []
    for order, item in enumerate(DEMO_TASKS):
        code, star, name, measure, unit, rule, threshold, target, source, note = item
        rows.append(
            {
                "code": code,
                "star": star,
                "name": name,
                "measure": measure,
                "unit": unit,
                "rule": rule,
                "threshold": None if threshold is None else Decimal(threshold),
                "target_name": target,
                "decides_star": rule != "record" and code != "industry_leap_ten",
                "source": source,
                "order": order,
                "is_demo": True,
                "assumption": note,
            }
        )
    return rows
