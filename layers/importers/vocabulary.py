"""The Chinese words officials write for the models' choices, one glossary for all.

Each maps a label to the model's stored value; the English values and labels are
accepted as well (see fields.choice). Terms follow the county's own documents.
"""

TOWNSHIP_KIND = {"街道": "subdistrict", "镇": "town", "乡": "township"}
COMMITTEE_TYPE = {
    "村委会": "village_committee",
    "村民委员会": "village_committee",
    "社区居委会": "residents_committee",
    "居委会": "residents_committee",
}
EOD_SUB_PROJECT = {
    "农村生活污水治理": "village_sewage",
    "农村污水治理": "village_sewage",
    "污水处理厂扩建": "sewage_plant",
    "工业集中清洁供气": "clean_gas",
    "集中供气": "clean_gas",
    "盐碱地改良": "saline_land",
    "污泥资源化利用": "sludge_reuse",
    "农村产业融合发展示范园": "industry_park",
    "产业融合园": "industry_park",
}
EOD_STATUS = {
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
    "已完工": "operating",
    "已投运": "operating",
    "未开工": "planned",
    "正在建设": "building",
}
CLEARED_SITE_KIND = {
    "坑塘": "pond",
    "垃圾堆": "garbage",
    "残垣断壁": "ruined_wall",
    "空心院": "hollow_yard",
    "闲置宅院": "hollow_yard",
    "其他": "other",
}
CLEARED_SITE_STATUS = {
    "已上报": "reported",
    "上报": "reported",
    "已清理": "cleared",
    "清理": "cleared",
    "已核查": "verified",
    "核查": "verified",
    "已验收": "verified",
    "验收": "verified",
    "已完成": "cleared",
    "已整治": "cleared",
    "待清理": "reported",
    "未清理": "reported",
    "已登记": "reported",
}
REUSE = {
    "无": "",
    "未利用": "",
    "小游园": "park",
    "小花园": "garden",
    "小菜园": "vegetable_plot",
    "停车场": "car_park",
    "其他": "other",
}
PARTNER_KIND = {
    "县级领导": "leader",
    "县领导": "leader",
    "领导": "leader",
    "县直部门": "department",
    "县直单位": "department",
    "部门": "department",
    "单位": "department",
}
