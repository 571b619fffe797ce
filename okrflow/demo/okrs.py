"""The demo's OKRs: company annual and Q4 OKRs, department and personal OKRs, and weekly
check-ins from the start of the quarter up to `today`, written through the services."""

import datetime
import random
from decimal import Decimal

from okrflow.actors import SYSTEM
from okrflow.checkins.services import record_checkin
from okrflow.okrs.models import Category
from okrflow.okrs.services import create_key_result, create_objective

# An objective: (ref, owner, title, category, origin, parent_ref, [key results]).
# owner: "company", "unit:CODE" or "person:EMAIL". parent_ref names an objective or a KR.
# A key result: (ref, title, kind, start, target, unit, owner_email, progress, confidence path).
# `progress` is how far along it ends up by the last check-in (0-1, may overshoot the plan);
# `confidence` is a list of weekly confidence values (the last one repeats).
ANNUAL = [
    ("XY-2026-O1", "company", "成为华东地区领先的企业数字化服务商", "自有平台", "top_down", None, [
        ("XY-2026-KR1", "年度营业收入从 8000 万元增长到 1.2 亿元", "currency", 8000, 12000, "万元",
         "ceo@xingyun.example", 0.78, [70]),
        ("XY-2026-KR2", "签约行业标杆客户从 5 家增加到 15 家", "number", 5, 15, "家",
         "sales.head@xingyun.example", 0.7, [60]),
        ("XY-2026-KR3", "客户净推荐值 NPS 从 32 提升至 50", "number", 32, 50, "分",
         "proj.head@xingyun.example", 0.55, [60]),
    ]),
    ("XY-2026-O2", "company", "打造高效稳定、快速迭代的产品平台", "自有平台", "negotiated", None, [
        ("XY-2026-KR4", "核心系统可用性从 99.5% 提升到 99.95%", "percent", 99.5, 99.95, "%",
         "tech.head@xingyun.example", 0.8, [80]),
        ("XY-2026-KR5", "版本交付周期从 4 周缩短到 2 周", "number", 4, 2, "周",
         "tech.head@xingyun.example", 0.5, [70]),
    ]),
]

Q4 = [
    ("XY-Q4-O1", "company", "第四季度新签合同额创历史新高", "自有平台", "top_down", "XY-2026-KR1", [
        ("XY-Q4-KR1", "新签合同额从 0 增加到 3000 万元", "currency", 0, 3000, "万元",
         "sales.head@xingyun.example", 0.62, [80, 80, 70, 70, 40, 50, 55, 60]),
        ("XY-Q4-KR2", "新增行业标杆客户 4 家", "number", 0, 4, "家",
         "sales.head@xingyun.example", 0.5, [70, 70, 60]),
        ("XY-Q4-KR3", "应收账款回款率从 78% 提升到 90%", "percent", 78, 90, "%",
         "fin.head@xingyun.example", 0.7, [75]),
    ]),
    ("XY-Q4-O2", "company", "让客户愿意主动向同行推荐我们", "外部平台", "negotiated", "XY-2026-KR3", [
        ("XY-Q4-KR4", "季度 NPS 从 38 分提升至 45 分", "number", 38, 45, "分",
         "proj.head@xingyun.example", 0.57, [60, 65]),
        ("XY-Q4-KR5", "项目按期交付率从 82% 提升到 95%", "percent", 82, 95, "%",
         "pmo.lead@xingyun.example", 0.69, [70]),
        ("XY-Q4-KR6", "客户投诉平均处理时长从 48 小时缩短到 24 小时", "number", 48, 24, "小时",
         "del.lead@xingyun.example", 0.75, [70, 75, 80]),
    ]),
    ("XY-Q4-O3", "company", "平台稳定可靠，交付更快", "自有平台", "bottom_up", "XY-2026-O2", [
        ("XY-Q4-KR7", "核心系统可用性从 99.8% 提升到 99.95%", "percent", 99.8, 99.95, "%",
         "tech.head@xingyun.example", 0.8, [80]),
        ("XY-Q4-KR8", "线上 P1 级故障从 6 起降到 1 起以内", "number", 6, 1, "起",
         "qa.lead@xingyun.example", 0.6, [60, 70]),
        ("XY-Q4-KR9", "API 网关完成灰度并全量上线", "milestone", 0, 1, "",
         "be.lead@xingyun.example", 0.0, [70, 60]),
    ]),
    ("TECH-Q4-O1", "unit:TECH", "让研发交付又快又稳", "自有平台", "bottom_up", "XY-Q4-O3", [
        ("TECH-Q4-KR1", "自动化测试覆盖率从 45% 提升到 70%", "percent", 45, 70, "%",
         "qa.lead@xingyun.example", 0.72, [70]),
        ("TECH-Q4-KR2", "平均发布时长从 90 分钟缩短到 20 分钟", "number", 90, 20, "分钟",
         "dev4@xingyun.example", 0.85, [80, 85]),
        ("TECH-Q4-KR3", "P1 故障平均恢复时间从 60 分钟缩短到 15 分钟", "number", 60, 15, "分钟",
         "be.lead@xingyun.example", 0.55, [60]),
    ]),
    ("TECH-Q4-O2", "unit:TECH", "为大客户交付打好产品底座", "外部平台", "negotiated", "XY-Q4-KR2", [
        ("TECH-Q4-KR4", "完成 3 个行业模板的标准化开发", "number", 0, 3, "个",
         "fe.lead@xingyun.example", 0.67, [70]),
        ("TECH-Q4-KR5", "私有化部署时间从 5 天缩短到 1 天", "number", 5, 1, "天",
         "dev2@xingyun.example", 0.5, [60, 55]),
    ]),
    ("SALES-Q4-O1", "unit:SALES", "拿下华东、华南两大区的行业标杆客户", "外部平台", "bottom_up", "XY-Q4-KR2", [
        ("SALES-Q4-KR1", "华东大区新签合同额达到 1800 万元", "currency", 0, 1800, "万元",
         "east.lead@xingyun.example", 0.66, [80, 75, 70]),
        ("SALES-Q4-KR2", "华南大区新签合同额达到 1200 万元", "currency", 0, 1200, "万元",
         "south.lead@xingyun.example", 0.55, [70, 60]),
        ("SALES-Q4-KR3", "有效商机数从 40 个增加到 70 个", "number", 40, 70, "个",
         "sales.head@xingyun.example", 0.8, [80]),
    ]),
    ("PROJ-Q4-O1", "unit:PROJ", "每个项目都按承诺交付", "外部平台", "bottom_up", "XY-Q4-O2", [
        ("PROJ-Q4-KR1", "项目按期验收率从 80% 提升到 95%", "percent", 80, 95, "%",
         "pmo.lead@xingyun.example", 0.73, [70, 75]),
        ("PROJ-Q4-KR2", "客户验收一次通过率从 70% 提升到 90%", "percent", 70, 90, "%",
         "del.lead@xingyun.example", 0.6, [65]),
    ]),
    ("FIN-Q4-O1", "unit:FIN", "让现金流健康、账目清晰", "其他", "negotiated", "XY-Q4-KR3", [
        ("FIN-Q4-KR1", "应收账款周转天数从 75 天降到 55 天", "number", 75, 55, "天",
         "fin.head@xingyun.example", 0.65, [70]),
        ("FIN-Q4-KR2", "月度结账时间从 8 个工作日缩短到 4 个", "number", 8, 4, "个工作日",
         "fin1@xingyun.example", 0.75, [80]),
    ]),
    ("GMO-Q4-O1", "unit:GMO", "让 OKR 成为全员的工作方式", "其他", "bottom_up", None, [
        ("GMO-Q4-KR1", "每周按时更新 OKR 的员工比例从 55% 提升到 90%", "percent", 55, 90, "%",
         "champion@xingyun.example", 0.7, [75]),
        ("GMO-Q4-KR2", "组织 2 场部门 OKR 复盘会并形成改进清单", "number", 0, 2, "场",
         "champion@xingyun.example", 0.5, [80]),
    ]),
    ("DEV1-Q4-O1", "person:dev1@xingyun.example", "把 API 网关做成团队的可靠基础设施", "自有平台",
     "bottom_up", "TECH-Q4-KR3", [
        ("DEV1-Q4-KR1", "网关压测峰值从 3000 QPS 提升到 8000 QPS", "number", 3000, 8000, "QPS",
         "dev1@xingyun.example", 0.8, [70, 80]),
        ("DEV1-Q4-KR2", "网关相关告警从每周 12 条降到 2 条", "number", 12, 2, "条",
         "dev1@xingyun.example", 0.6, [60]),
    ]),
    ("BE-Q4-O1", "unit:TECH-BE", "后端服务稳如磐石", "自有平台", "bottom_up", "TECH-Q4-O1", [
        ("BE-Q4-KR1", "慢查询数量从每天 300 条降到 50 条", "number", 300, 50, "条",
         "dev3@xingyun.example", 0.7, [70]),
        ("BE-Q4-KR2", "核心接口 P99 延迟从 800 毫秒降到 300 毫秒", "number", 800, 300, "毫秒",
         "be.lead@xingyun.example", 0.64, [65]),
    ]),
    ("EAST-Q4-O1", "person:east1@xingyun.example", "在制造业客户里打出口碑", "外部平台",
     "bottom_up", "SALES-Q4-KR1", [
        ("EAST1-Q4-KR1", "拜访制造业重点客户从 0 家增加到 20 家", "number", 0, 20, "家",
         "east1@xingyun.example", 0.85, [80]),
        ("EAST1-Q4-KR2", "个人新签合同额达到 400 万元", "currency", 0, 400, "万元",
         "east1@xingyun.example", 0.6, [70, 65]),
    ]),
]

# One explained confidence drop, as the weekly meeting would record it.
DROP_NOTES = {("XY-Q4-KR1", 4): "两家重点客户预算冻结，签约推迟到 12 月；已安排高层拜访。"}


def build_okrs(org, units, people, cycles, today: datetime.date) -> None:
    categories = {c.name: c for c in Category.objects.for_org(org)}
    targets: dict[str, object] = {}
    plans = []
    for cycle_code, specs in (("2026", ANNUAL), ("2026-Q4", Q4)):
        cycle = cycles[cycle_code]
        for ref, owner, title, category, origin, parent_ref, krs in specs:
            objective = create_objective(
                SYSTEM, org, cycle=cycle, title=title, ref=ref, category=categories[category],
                origin=origin, **_owner(owner, units, people), **_parent(parent_ref, targets))
            targets[ref] = objective
            for kr_ref, kr_title, kind, start, target, unit, owner_email, progress, confidence in krs:
                kr = create_key_result(
                    SYSTEM, objective, ref=kr_ref, title=kr_title, kind=kind,
                    start_value=Decimal(str(start)), target_value=Decimal(str(target)), unit=unit,
                    owner=people[owner_email], due_date=cycle.end_date)
                targets[kr_ref] = kr
                plans.append((cycle, kr, progress, confidence, people[owner_email]))
    for cycle, kr, progress, confidence, author in plans:
        _check_in_weekly(cycle, kr, progress, confidence, author, today)


def _owner(owner: str, units, people) -> dict:
    if owner == "company":
        return {"owner_unit": units["XY"]}
    kind, key = owner.split(":", 1)
    return {"owner_unit": units[key]} if kind == "unit" else {"owner_person": people[key]}


def _parent(parent_ref, targets) -> dict:
    if parent_ref is None:
        return {}
    parent = targets[parent_ref]
    key = "parent_objective" if parent._meta.model_name == "objective" else "parent_key_result"
    return {key: parent}


def _check_in_weekly(cycle, kr, progress, confidences, author, today) -> None:
    """Weekly readings every Monday from the cycle's first week up to today."""
    first_monday = cycle.start_date + datetime.timedelta(days=(7 - cycle.start_date.weekday()) % 7)
    last_day = min(today, cycle.end_date)
    mondays = []
    day = first_monday
    while day <= last_day:
        mondays.append(day)
        day += datetime.timedelta(days=7)
    if not mondays:
        return
    weeks_in_cycle = max(1, (cycle.end_date - first_monday).days // 7 + 1)
    rng = random.Random(kr.ref)  # the same demo on every install
    start, target = kr.start_value, kr.target_value
    for week, monday in enumerate(mondays):
        share = progress * (week + 1) / len(mondays) * min(1.0, len(mondays) / weeks_in_cycle * 1.15)
        share = max(0.0, min(1.0, share + rng.uniform(-0.03, 0.03)))
        if kr.kind == "milestone":
            value = Decimal(1) if share >= 1 else Decimal(0)
        else:
            value = _round_like(start + (target - start) * Decimal(str(share)), start, target)
        confidence = confidences[min(week, len(confidences) - 1)]
        note = DROP_NOTES.get((kr.ref, week), "")
        record_checkin(SYSTEM, kr, value=value, confidence=confidence, note=note, date=monday,
                       author=author)
        kr.refresh_from_db()


def _round_like(value: Decimal, start: Decimal, target: Decimal) -> Decimal:
    """Whole numbers for counts, two decimals where the KR itself has decimals."""
    has_fraction = start != start.to_integral_value() or target != target.to_integral_value()
    return value.quantize(Decimal("0.01") if has_fraction else Decimal(1))
