"""A small, real-looking set of OKRs in Q1 2026 (the cycle the pages show by default):
company → TECH → bob, plus carol's private objective in SALES."""

import datetime
from types import SimpleNamespace

import pytest

from okrflow.actors import SYSTEM
from okrflow.okrs.services import add_link
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.fixture
def okrs(org, q1, tech, sales, alice, bob, carol, admin):
    company = make_objective(q1, title="成为华东地区最受欢迎的在线教育平台", ref="CO-1", origin="top_down")
    paying = make_key_result(company, start=8000, target=12000, title="付费用户从8000增长到12000",
                             ref="CO-1-KR1", unit="人", owner=admin)
    nps = make_key_result(company, start=30, target=45, title="NPS从30分提升至45分", ref="CO-1-KR2",
                          owner=admin)
    platform = make_objective(q1, owner=tech, title="打造稳定高效的技术平台", ref="TECH-1",
                              parent_key_result=paying, origin="negotiated")
    uptime = make_key_result(platform, start=99.5, target=99.95, title="系统可用性从99.5%提升到99.95%",
                             ref="TECH-1-KR1", kind="percent", owner=alice)
    incidents = make_key_result(platform, start=12, target=3, title="P1故障数从12起降到3起", ref="TECH-1-KR2",
                                owner=alice)
    speed = make_objective(q1, owner=bob, title="让核心接口快如闪电", ref="BOB-1", parent_objective=platform,
                           origin="bottom_up")
    latency = make_key_result(speed, start=800, target=300, title="接口P95延迟从800ms降到300ms",
                              ref="BOB-1-KR1", unit="ms", owner=bob, due_date=datetime.date(2026, 3, 31))
    cache = make_key_result(speed, start=0, target=1, title="缓存集群上线", ref="BOB-1-KR2", kind="milestone",
                            owner=bob)
    private = make_objective(q1, owner=carol, title="拿下三个华东大客户", ref="CAROL-1", visibility="private",
                             origin="bottom_up", parent_objective=company)
    make_key_result(private, start=0, target=3, title="签约3家年费超百万的客户", ref="CAROL-1-KR1",
                    owner=carol)
    make_checkin(latency, 650, date=datetime.date(2026, 1, 20), confidence=70)
    make_checkin(latency, 550, date=datetime.date(2026, 2, 10), confidence=60, note="缓存命中率提升")
    make_checkin(incidents, 6, date=datetime.date(2026, 2, 1), confidence=80)
    make_checkin(paying, 10000, date=datetime.date(2026, 2, 1), confidence=75)
    add_link(SYSTEM, speed, to_objective=company)
    return SimpleNamespace(company=company, paying=paying, nps=nps, platform=platform, uptime=uptime,
                           incidents=incidents, speed=speed, latency=latency, cache=cache, private=private)


@pytest.fixture
def login(client):
    def log_in(person):
        client.force_login(person)
        return client
    return log_in
