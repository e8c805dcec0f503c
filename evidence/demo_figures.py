"""The county figures the demo data reproduces: 2022 from the county's report, 2023 invented.

Each total is spread over villages by evidence.demo; tests/evidence reads them back from
the database. "10,000+" style figures are fixed to one number above the stated floor.
"""

REPORT_2022 = {
    "branch_secretary_replaced": 28,  # villages whose secretary was replaced
    "branch_rectification_staff": 45,  # staff sent into the 25 weak branches
    "ecology_mobilised": 10_618,  # "10,000+ people mobilised"
    "safety_fraud_stopped": 4_980_000,  # yuan
    "safety_harmonious": 1_017,
    "civility_party_links": 20_416,  # "20,000+ party members linked to households"
    "civility_centre_investment": 73_000_000,  # yuan, over the 342 service centres
    "civility_volunteer_teams": 153,
    "civility_volunteers": 28_000,
    "civility_star_households": 1_018,
    "civility_good_neighbours": 356,  # "350+"
}
# 2023 is not in the report: invented, marked demo like everything here.
DEMO_2023 = {
    "branch_secretary_replaced": 12,
    "branch_rectification_staff": 14,
    "ecology_mobilised": 11_902,
    "safety_fraud_stopped": 5_310_000,
    "safety_harmonious": 1_240,
    "civility_party_links": 21_035,
    "civility_centre_investment": 0,
    "civility_volunteer_teams": 171,
    "civility_volunteers": 30_480,
    "civility_star_households": 1_206,
    "civility_good_neighbours": 402,
}
FIGURES = {2022: REPORT_2022, 2023: DEMO_2023}
THREE_CHANGES_PILOTS = {2022: 25, 2023: 38}
FEDERATIONS = {2022: 4, 2023: 6}
TRAINING_ROUNDS = 4  # every secretary trained in four rounds

FENGZHUANG, XIGOU, DONGCHANGGU = "410527103219", "410527207203", "410527001238"
DONGCHANGGU_WORKS = (
    "低压线路入地3300米；硬化街巷1.7万平方米；铺设排水管道5000余米；"
    "拆除残垣断壁、闲置宅院33处；建成小游园4个、停车场3个、书影馆1个"
)
# (task, village, year) → (value, evidence): the report's facts on the named villages.
SHOWCASE = {
    ("industry_previous_income", XIGOU, 2022): (
        30_000,
        "村集体收入一年由3万元增至30万元",
    ),
    ("ecology_alleys", DONGCHANGGU, 2022): (17_000, DONGCHANGGU_WORKS),
    ("ecology_ruins_removed", DONGCHANGGU, 2022): (33, DONGCHANGGU_WORKS),
    ("ecology_small_parks", DONGCHANGGU, 2022): (4, DONGCHANGGU_WORKS),
}
SHOWCASE_PILOTS = {
    XIGOU: ("land_trusteeship", "“股份合作社+农业服务+保险”土地托管500亩"),
    FENGZHUANG: ("joint_enterprise", "全村1400亩土地流转至合作社；剁辣椒加工厂"),
}
