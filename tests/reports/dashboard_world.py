"""A small organization with hand-computed dashboard figures (tests/reports/test_dashboard.py,
tests/web/test_dashboards.py).

2026Q1 (Thu 1 Jan – 31 Mar), read on Tue 20 Jan: four weeks, starting Mondays 29 Dec, 5, 12, 19 Jan.

- the company's objective: one KR 0→100 (admin), 40 on 7 Jan (confidence 80), 60 on 14 Jan (70):
  weekly 0, 0.4, 0.6, 0.6; now 0.6 (good).
- TECH's objective: one KR 0→10 (alice), 5 on 13 Jan (50): weekly 0, 0, 0.5, 0.5.
- bob's (bottom-up, aligned to the company's): KR a 0→100 (bob) 100 on 5 Jan (90), KR b 0→100 (bob)
  never checked in: weekly 0, 0.5, 0.5, 0.5.
- carol's PRIVATE objective (negotiated, SALES): one KR 0→4 (carol), 1 on 19 Jan (30): weekly 0, 0, 0,
  0.25; at risk (confidence 30 < 50).
- bob's draft: never counts.
"""

import datetime
from types import SimpleNamespace

from tests.okrs.factories import make_checkin, make_key_result, make_objective

TODAY = datetime.date(2026, 1, 20)
PRIVATE_TITLE = "秘密拿下华东三家大客户"


def build(q1, tech, admin, alice, bob, carol) -> SimpleNamespace:
    company = make_objective(q1, title="成为客户首选的协作平台", ref="O-CO")
    company_kr = make_key_result(company, target=100, owner=admin, ref="KR-CO")
    make_checkin(company_kr, 40, date=datetime.date(2026, 1, 7), confidence=80, author=admin)
    make_checkin(company_kr, 60, date=datetime.date(2026, 1, 14), confidence=70, author=admin)
    techs = make_objective(q1, owner=tech, title="研发效能翻倍", ref="O-TECH")
    tech_kr = make_key_result(techs, target=10, owner=alice, ref="KR-TECH")
    make_checkin(tech_kr, 5, date=datetime.date(2026, 1, 13), confidence=50, author=alice)
    bobs = make_objective(q1, owner=bob, title="把构建时间缩短一半", ref="O-BOB", origin="bottom_up",
                          parent_objective=company)
    bob_a = make_key_result(bobs, target=100, owner=bob, ref="KR-BOB-A")
    make_key_result(bobs, target=100, owner=bob, ref="KR-BOB-B")
    make_checkin(bob_a, 100, date=datetime.date(2026, 1, 5), confidence=90, author=bob)
    carols = make_objective(q1, owner=carol, title=PRIVATE_TITLE, ref="O-CAROL", origin="negotiated",
                            visibility="private")
    carol_kr = make_key_result(carols, target=4, owner=carol, ref="KR-CAROL", title="新签华东大客户 4 家")
    make_checkin(carol_kr, 1, date=datetime.date(2026, 1, 19), confidence=30, author=carol)
    make_objective(q1, owner=bob, title="草稿目标", ref="O-DRAFT", status="draft")
    return SimpleNamespace(company=company, techs=techs, bobs=bobs, carols=carols)
