"""A big, realistic company in the interchange format, written row by row (flat memory).

At 10,000 people: 650 units (root → 9 departments → 72 sub-departments → 568 teams), one
quarter inside its year, 30,000 objectives aligned to key results above them, 90,000 key
results of every kind and 12 weekly check-ins each (~1.08 million), some written out of date
order. Every size grows in proportion to the people (100,000 people: 6,410 units, 300,000
objectives, 900,000 key results).

The personas the reads are measured for: the head of each unit is a plain manager (the head of
the root unit is the CEO, who is not an administrator: the expensive access path), and the root
unit also holds one administrator (ADMIN_EMAIL) and one OKR champion (CHAMPION_EMAIL).
"""

import csv
import datetime
import random
from pathlib import Path

from okrflow.interchange.tables import COLUMNS

DEPARTMENTS = ["技术中心", "项目中心", "销售部", "财务部", "总经办", "市场部", "人力资源部", "客服中心",
               "产品部"]
KINDS = ["number", "number", "percent", "currency", "milestone"]
QUARTER_START = datetime.date(2026, 1, 5)
WEEKS = 12
ADMIN_EMAIL = "admin@bench.test"
CHAMPION_EMAIL = "champion@bench.test"
PERSONA_PASSWORD = "bench-persona-password"  # set by the personas step, in the bench database only


class Company:
    """Sizes for a number of people (10,000 = the issue's company; the rest in proportion)."""

    def __init__(self, people: int, checkins_per_kr: int = WEEKS):
        scale = people / 10_000
        self.people = max(40, people)
        self.teams = max(4, int(568 * scale))
        self.subdepartments = max(2, int(72 * scale))
        self.objectives = max(30, int(30_000 * scale))
        self.krs_per_objective = 3
        self.weeks = max(1, min(WEEKS, checkins_per_kr))


def _writer(folder: Path, name: str):
    handle = (folder / f"{name}.csv").open("w", encoding="utf-8", newline="")
    writer = csv.writer(handle)
    writer.writerow(COLUMNS[name])
    return handle, writer


def _units(size: Company) -> list[tuple]:
    units = [("ROOT", "星辰集团", "")]
    units += [(f"D{i}", name, "ROOT") for i, name in enumerate(DEPARTMENTS)]
    units += [(f"S{i}", f"{DEPARTMENTS[i % 9]}{i // 9 + 1}部", f"D{i % 9}")
              for i in range(size.subdepartments)]
    units += [(f"T{i}", f"第{i + 1}小组", f"S{i % size.subdepartments}") for i in range(size.teams)]
    return units


def generate(folder: Path, people: int = 10_000, seed: int = 7, checkins_per_kr: int = WEEKS) -> dict:
    """Write the six files into `folder`; returns the row count of each."""
    rng = random.Random(seed)
    size = Company(people, checkins_per_kr)
    folder.mkdir(parents=True, exist_ok=True)
    units = _units(size)
    heads = {code: f"head.{code.lower()}@bench.test" for code, _name, _parent in units}
    counts = {}

    handle, writer = _writer(folder, "units")
    for code, name, parent in units:
        writer.writerow([code, name, parent, heads[code]])
    handle.close()
    counts["units"] = len(units)

    parent_of = {code: parent for code, _name, parent in units}
    teams = [code for code, _name, _parent in units if code.startswith("T")]
    people = []  # (email, unit code)
    handle, writer = _writer(folder, "people")
    for code, _name, parent in units:
        writer.writerow([heads[code], f"负责人{code}", code, heads.get(parent, ""), "manager"])
        people.append((heads[code], code))
    for email, name, role in ((ADMIN_EMAIL, "管理员", "admin"), (CHAMPION_EMAIL, "OKR专员", "champion")):
        writer.writerow([email, name, "ROOT", heads["ROOT"], role])
        people.append((email, "ROOT"))
    for i in range(size.people - len(people)):
        team = teams[i % len(teams)]
        email = f"p{i}@bench.test"
        writer.writerow([email, f"员工{i}", team, heads[team], "member"])
        people.append((email, team))
    handle.close()
    counts["people"] = len(people)

    handle, writer = _writer(folder, "cycles")
    writer.writerow(["2026", "2026年度", "annual", "2026-01-01", "2026-12-31", ""])
    writer.writerow(["2026Q1", "2026年第一季度", "quarterly", "2026-01-01", "2026-03-31", "2026"])
    handle.close()
    counts["cycles"] = 2

    counts.update(_write_okrs(folder, rng, size, units, people, parent_of))
    return counts


def _owners(size: Company, units, people):
    """Company first, then every unit, then people, until the objective count is reached."""
    yield "company", "ROOT", "2026"
    for code, _name, _parent in units[1:]:
        yield f"unit:{code}", code, "2026Q1"
    for email, unit in people:
        yield f"person:{email}", unit, "2026Q1"


def _write_okrs(folder, rng, size: Company, units, people, parent_of) -> dict:
    objectives, obj_writer = _writer(folder, "objectives")
    key_results, kr_writer = _writer(folder, "key_results")
    checkins, ci_writer = _writer(folder, "checkins")
    unit_krs = {}  # unit code → refs of key results its objectives own (for children to align to)
    n_obj = n_kr = n_ci = 0
    owners = _owners(size, units, people)
    while n_obj < size.objectives:
        owner, unit, cycle = next(owners, None) or ("company", "ROOT", "2026Q1")
        for _ in range(3 if owner.startswith("person:") else 1):
            if n_obj >= size.objectives:
                break
            ref = f"O{n_obj}"
            above = unit if owner.startswith("person:") else parent_of.get(unit)
            parent = rng.choice(unit_krs[above]) if unit_krs.get(above) else ""
            origin = rng.choice(["bottom_up", "bottom_up", "negotiated", "top_down"])
            obj_writer.writerow([ref, cycle, owner, f"目标{n_obj}：让客户更满意", "", parent,
                                 rng.choice(["自有平台", "外部平台", "其他"]), origin, "public"])
            n_obj += 1
            for k in range(size.krs_per_objective):
                kr_ref = f"KR{n_kr}"
                n_kr += 1
                n_ci += _write_kr(rng, kr_writer, ci_writer, kr_ref, ref, owner, k, size.weeks)
                if not owner.startswith("person:"):
                    unit_krs.setdefault(unit, []).append(kr_ref)
    for handle in (objectives, key_results, checkins):
        handle.close()
    return {"objectives": n_obj, "key_results": n_kr, "checkins": n_ci}


def _write_kr(rng, kr_writer, ci_writer, kr_ref, objective_ref, owner, k, weeks) -> int:
    """One key result and its check-ins: the quarter's twelve weeks are always drawn (so the
    values and the random sequence do not depend on `weeks`), and the last `weeks` are written."""
    kind = rng.choice(KINDS)
    start, target = (0, 1) if kind == "milestone" else rng.choice([(0, 100), (800, 200), (90, 99), (5, 5)])
    email = owner.split(":", 1)[1] if owner.startswith("person:") else ""
    kr_writer.writerow([kr_ref, objective_ref, f"关键结果{kr_ref}从{start}到{target}", kind, start, target,
                        "个", rng.choice(["1", "1", "2", "0.5"]), email, "2026-03-31"])
    rows = []
    for week in range(WEEKS):
        day = QUARTER_START + datetime.timedelta(days=7 * week)
        progress = min(1.0, (week + 1) / WEEKS * rng.uniform(0.4, 1.2))
        value = round(start + (target - start) * progress, 2) if kind != "milestone" else int(progress >= 1)
        rows.append((week, [kr_ref, day.isoformat(), value, rng.randint(30, 95), "", email]))
    if k == 0:
        rng.shuffle(rows)  # some key results' check-ins arrive out of date order
    kept = [row for week, row in rows if week >= WEEKS - weeks]
    ci_writer.writerows(kept)
    return len(kept)
