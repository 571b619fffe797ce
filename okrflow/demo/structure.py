"""The demo company's units, people and cycles (星云科技, after the seed guides)."""

import datetime

# (code, name, parent_code) — first-level departments from the guides: 总经办, 技术中心,
# 项目中心, 销售部, 财务部; teams below them.
UNITS = [
    ("XY", "星云科技", None),
    ("GMO", "总经办", "XY"),
    ("HR", "人力资源组", "GMO"),
    ("TECH", "技术中心", "XY"),
    ("TECH-BE", "后端组", "TECH"),
    ("TECH-FE", "前端组", "TECH"),
    ("TECH-QA", "测试组", "TECH"),
    ("PROJ", "项目中心", "XY"),
    ("PROJ-DEL", "交付组", "PROJ"),
    ("PROJ-PMO", "项目管理组", "PROJ"),
    ("SALES", "销售部", "XY"),
    ("SALES-E", "华东大区", "SALES"),
    ("SALES-S", "华南大区", "SALES"),
    ("FIN", "财务部", "XY"),
]

# (email, name, title, unit, manager_email, role, heads_unit)
PEOPLE = [
    ("ceo@xingyun.example", "陈志远", "总经理", "XY", None, "admin", "XY"),
    ("gmo.head@xingyun.example", "周敏", "总经办主任", "GMO", "ceo@xingyun.example", "manager", "GMO"),
    ("champion@xingyun.example", "林晓彤", "OKR 推进专员", "GMO", "gmo.head@xingyun.example", "champion", None),
    ("assistant@xingyun.example", "何静", "总经理助理", "GMO", "gmo.head@xingyun.example", "member", None),
    ("hr.head@xingyun.example", "郑丽", "人力资源主管", "HR", "gmo.head@xingyun.example", "hr", "HR"),
    ("hr1@xingyun.example", "吴婷", "招聘专员", "HR", "hr.head@xingyun.example", "hr", None),
    ("tech.head@xingyun.example", "王建国", "技术中心总监", "TECH", "ceo@xingyun.example", "manager", "TECH"),
    ("be.lead@xingyun.example", "李强", "后端组组长", "TECH-BE", "tech.head@xingyun.example", "manager", "TECH-BE"),
    ("dev1@xingyun.example", "张伟", "后端工程师", "TECH-BE", "be.lead@xingyun.example", "member", None),
    ("dev2@xingyun.example", "刘洋", "后端工程师", "TECH-BE", "be.lead@xingyun.example", "member", None),
    ("dev3@xingyun.example", "杨帆", "后端工程师", "TECH-BE", "be.lead@xingyun.example", "member", None),
    ("dev4@xingyun.example", "赵磊", "运维工程师", "TECH-BE", "be.lead@xingyun.example", "member", None),
    ("fe.lead@xingyun.example", "孙悦", "前端组组长", "TECH-FE", "tech.head@xingyun.example", "manager", "TECH-FE"),
    ("fe1@xingyun.example", "钱程", "前端工程师", "TECH-FE", "fe.lead@xingyun.example", "member", None),
    ("fe2@xingyun.example", "黄蕾", "UI 设计师", "TECH-FE", "fe.lead@xingyun.example", "member", None),
    ("fe3@xingyun.example", "马超", "前端工程师", "TECH-FE", "fe.lead@xingyun.example", "member", None),
    ("qa.lead@xingyun.example", "朱琳", "测试组组长", "TECH-QA", "tech.head@xingyun.example", "manager", "TECH-QA"),
    ("qa1@xingyun.example", "胡斌", "测试工程师", "TECH-QA", "qa.lead@xingyun.example", "member", None),
    ("qa2@xingyun.example", "郭佳", "测试工程师", "TECH-QA", "qa.lead@xingyun.example", "member", None),
    ("proj.head@xingyun.example", "高峰", "项目中心总监", "PROJ", "ceo@xingyun.example", "manager", "PROJ"),
    ("del.lead@xingyun.example", "罗军", "交付组组长", "PROJ-DEL", "proj.head@xingyun.example", "manager", "PROJ-DEL"),
    ("del1@xingyun.example", "梁辉", "实施工程师", "PROJ-DEL", "del.lead@xingyun.example", "member", None),
    ("del2@xingyun.example", "宋雪", "实施工程师", "PROJ-DEL", "del.lead@xingyun.example", "member", None),
    ("del3@xingyun.example", "唐亮", "实施顾问", "PROJ-DEL", "del.lead@xingyun.example", "member", None),
    ("pmo.lead@xingyun.example", "许可", "项目经理", "PROJ-PMO", "proj.head@xingyun.example", "manager", "PROJ-PMO"),
    ("pm1@xingyun.example", "韩梅", "项目经理", "PROJ-PMO", "pmo.lead@xingyun.example", "member", None),
    ("pm2@xingyun.example", "冯涛", "项目助理", "PROJ-PMO", "pmo.lead@xingyun.example", "member", None),
    ("sales.head@xingyun.example", "曹刚", "销售总监", "SALES", "ceo@xingyun.example", "manager", "SALES"),
    ("east.lead@xingyun.example", "邓超", "华东大区经理", "SALES-E", "sales.head@xingyun.example", "manager", "SALES-E"),
    ("east1@xingyun.example", "彭博", "客户经理", "SALES-E", "east.lead@xingyun.example", "member", None),
    ("east2@xingyun.example", "曾琪", "客户经理", "SALES-E", "east.lead@xingyun.example", "member", None),
    ("east3@xingyun.example", "蒋南", "售前顾问", "SALES-E", "east.lead@xingyun.example", "member", None),
    ("south.lead@xingyun.example", "谢楠", "华南大区经理", "SALES-S", "sales.head@xingyun.example", "manager", "SALES-S"),
    ("south1@xingyun.example", "韦宁", "客户经理", "SALES-S", "south.lead@xingyun.example", "member", None),
    ("south2@xingyun.example", "潘越", "客户经理", "SALES-S", "south.lead@xingyun.example", "member", None),
    ("fin.head@xingyun.example", "沈洁", "财务经理", "FIN", "ceo@xingyun.example", "manager", "FIN"),
    ("fin1@xingyun.example", "袁芳", "会计", "FIN", "fin.head@xingyun.example", "member", None),
    ("fin2@xingyun.example", "蔡琳", "出纳", "FIN", "fin.head@xingyun.example", "member", None),
    ("fin3@xingyun.example", "田野", "财务分析师", "FIN", "fin.head@xingyun.example", "member", None),
    ("intern@xingyun.example", "程小北", "产品实习生", "TECH-FE", "fe.lead@xingyun.example", "member", None),
]

D = datetime.date
# (code, name, kind, start, end, parent)
CYCLES = [
    ("2026", "2026 年度", "annual", D(2026, 1, 1), D(2026, 12, 31), None),
    ("2026-Q1", "2026 第一季度", "quarterly", D(2026, 1, 1), D(2026, 3, 31), "2026"),
    ("2026-Q2", "2026 第二季度", "quarterly", D(2026, 4, 1), D(2026, 6, 30), "2026"),
    ("2026-Q3", "2026 第三季度", "quarterly", D(2026, 7, 1), D(2026, 9, 30), "2026"),
    ("2026-Q4", "2026 第四季度", "quarterly", D(2026, 10, 1), D(2026, 12, 31), "2026"),
    ("2027", "2027 年度", "annual", D(2027, 1, 1), D(2027, 12, 31), None),
    ("2027-Q1", "2027 第一季度", "quarterly", D(2027, 1, 1), D(2027, 3, 31), "2027"),
]

CATEGORIES = ["自有平台", "外部平台", "游戏", "页面广告", "其他"]
