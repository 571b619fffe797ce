# ruff: noqa: E501  (data rows read best one per line)
"""A small, realistic company in the interchange format, with its hand-computed scores.

Check-ins arrive out of date order, one target decreases, there are milestones, weights,
two readings on the same date (the one recorded last counts) and targets equal to their start.
"""

import csv
import datetime
from pathlib import Path

FILES = {
    "units": [
        ["code", "name", "parent_code", "head_email"],
        ["XC", "星辰科技", "", "wang@xc.test"],
        ["TECH", "技术中心", "XC", "li@xc.test"],
        ["SALES", "销售部", "XC", "chen@xc.test"],
        ["TECH-FE", "前端组", "TECH", ""],
    ],
    "people": [
        ["email", "name", "unit_code", "manager_email", "role"],
        ["wang@xc.test", "王伟", "XC", "", "admin"],
        ["li@xc.test", "李娜", "TECH", "wang@xc.test", "manager"],
        ["zhang@xc.test", "张强", "TECH-FE", "li@xc.test", "member"],
        ["chen@xc.test", "陈静", "SALES", "wang@xc.test", "champion"],
        ["zhao@xc.test", "赵敏", "XC", "wang@xc.test", "hr"],
    ],
    "cycles": [
        ["code", "name", "kind", "start_date", "end_date", "parent_code"],
        ["2026", "2026年度", "annual", "2026-01-01", "2026-12-31", ""],
        ["2026Q1", "2026年第一季度", "quarterly", "2026-01-01", "2026-03-31", "2026"],
    ],
    "objectives": [
        ["ref", "cycle_code", "owner", "title", "description", "parent_ref", "category", "origin", "visibility"],
        ["O1", "2026", "company", "成为行业领先的协作平台", "三年愿景的第一步", "", "自有平台", "top_down", "public"],
        ["O2", "2026Q1", "unit:TECH", "打造稳定高效的产品", "", "KR1a", "自有平台", "negotiated", "public"],
        ["O3", "2026Q1", "person:zhang@xc.test", "交付流畅的前端体验", "", "O2", "", "bottom_up", "private"],
        ["O4", "2026Q1", "unit:SALES", "拓展华东市场", "", "O1", "外部平台", "bottom_up", ""],
        ["O5", "2026Q1", "person:chen@xc.test", "建立OKR文化", "", "", "", "", "public"],
        ["O6", "2026Q1", "company", "让客户满意", "", "O1", "", "bottom_up", "public"],
    ],
    "key_results": [
        ["ref", "objective_ref", "title", "kind", "start_value", "target_value", "unit", "weight",
         "owner_email", "due_date"],
        ["KR1a", "O1", "付费客户从100家增加到500家", "number", "100", "500", "家", "2", "wang@xc.test", "2026-12-31"],
        ["KR1b", "O1", "发布2.0版本", "milestone", "", "", "", "1", "li@xc.test", ""],
        ["KR2a", "O2", "接口P95延迟从800ms降到200ms", "number", "800", "200", "ms", "1", "li@xc.test", "2026-03-31"],
        ["KR2b", "O2", "可用性从90%达到99%", "percent", "90", "99", "%", "", "li@xc.test", ""],
        ["KR3a", "O3", "线上严重缺陷保持为0", "number", "0", "0", "个", "1", "zhang@xc.test", ""],
        ["KR3b", "O3", "完成10个页面改版", "number", "0", "10", "个", "3", "zhang@xc.test", ""],
        ["KR4a", "O4", "华东签约额达到100万元", "currency", "0", "1000000", "元", "1", "chen@xc.test", ""],
        ["KR4b", "O4", "保持5家渠道伙伴", "number", "5", "5", "家", "1", "chen@xc.test", ""],
        ["KR6a", "O6", "NPS从0分提升到10分", "number", "0", "10", "分", "1", "", ""],
    ],
    "checkins": [
        ["kr_ref", "date", "value", "confidence", "note", "author_email"],
        ["KR1a", "2026-06-30", "300", "70", "", "wang@xc.test"],
        ["KR1a", "2026-03-31", "200", "60", "", "wang@xc.test"],
        ["KR1b", "2026-05-20", "1", "100", "已发布", "li@xc.test"],
        ["KR2a", "2026-02-01", "500", "60", "", "li@xc.test"],
        ["KR2a", "2026-03-15", "350", "70", "", "li@xc.test"],
        ["KR2a", "2026-01-15", "700", "50", "", "li@xc.test"],
        ["KR2b", "2026-03-01", "94.5", "", "", ""],
        ["KR3b", "2026-03-20", "2.5", "30", "", "zhang@xc.test"],
        ["KR4a", "2026-03-01", "300000", "80", "", "chen@xc.test"],
        ["KR4a", "2026-03-01", "250000", "40", "客户预算冻结, \"年后再议\"", "chen@xc.test"],
        ["KR4b", "2026-02-10", "4", "50", "", "chen@xc.test"],
        ["KR6a", "2026-03-30", "9.5", "90", "", ""],
    ],
}

# By the rule of issue 3, worked by hand.
KR_SCORES = {
    "KR1a": "0.5",      # latest by date is 300 (the 2026-03-31 row comes after it in the file): 200/400
    "KR1b": "1",        # milestone done
    "KR2a": "0.75",     # decrease 800 → 200, now 350: (350-800)/(200-800)
    "KR2b": "0.5",      # (94.5-90)/(99-90)
    "KR3a": "1",        # target = start and no check-in: current = start = target
    "KR3b": "0.25",     # 2.5/10
    "KR4a": "0.25",     # same date twice: the one recorded last (250000) counts
    "KR4b": "0",        # target = start = 5, current 4: not reached
    "KR6a": "0.95",
}
KR_CURRENT = {"KR1a": ("300", "70"), "KR2a": ("350", "70"), "KR3a": ("0", ""), "KR4a": ("250000", "40"),
              "KR2b": ("94.5", "")}
OBJECTIVE_SCORES = {
    "O1": ("0.666667", "good"),       # (2 × 0.5 + 1 × 1) / 3
    "O2": ("0.625", "good"),          # (0.75 + 0.5) / 2, KR2b's weight defaults to 1
    "O3": ("0.4375", "fair"),         # (1 × 1 + 3 × 0.25) / 4
    "O4": ("0.125", "poor"),          # (0.25 + 0) / 2
    "O5": ("", ""),                   # no key results: no score
    "O6": ("0.95", "excellent"),
}
TODAY = datetime.date(2026, 3, 31)


def copy_files(files=None) -> dict:
    return {name: [list(row) for row in rows] for name, rows in (files or FILES).items()}


def write_folder(path: Path, files=None, *, bom: bool = False) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, rows in (files or FILES).items():
        with (path / f"{name}.csv").open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return path


def read_folder(path: Path) -> dict:
    result = {}
    for name in FILES:
        with (path / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            result[name] = list(csv.DictReader(handle))
    return result
