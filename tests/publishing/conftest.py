"""A small published-cycle world over the personas: the company's annual and quarterly OKRs, TECH's,
bob's public and private objectives, carol's, and last quarter's scored objective of bob; a real
SMTP server on loopback (tests/notifications/conftest.py)."""

import datetime
from types import SimpleNamespace

import pytest

from okrflow.okrs.models import Objective
from tests.factories import make_cycle
from tests.notifications.conftest import smtp_server  # noqa: F401 (a fixture)
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.fixture
def world(org, year, q1, tech, admin, alice, bob, carol):
    org.mission, org.vision = "让协作更简单", "三年内成为华东第一"
    org.save(update_fields=["mission", "vision"])
    last = make_cycle(org, code="2025Q4", kind="quarterly", start=datetime.date(2025, 10, 1),
                      end=datetime.date(2025, 12, 31))
    w = SimpleNamespace(q1=q1, year=year, last=last)
    w.annual = make_objective(year, title="Annual company goal", ref="O-YEAR")
    w.company = make_objective(q1, title="Company goal Q1", ref="O-CO")
    make_key_result(w.company, ref="KR-CO", title="Win 10 customers", target=10)
    w.tech = make_objective(q1, owner=tech, title="Tech goal Q1", ref="O-TECH")
    w.bobs = make_objective(q1, owner=bob, title="Bob public goal", ref="O-BOB")
    w.bobs_private = make_objective(q1, owner=bob, title="Bob secret goal", ref="O-BOB-P",
                                    visibility="private")
    w.carols = make_objective(q1, owner=carol, title="Carol sales goal", ref="O-CAROL")
    w.bobs_last = make_objective(last, owner=bob, title="Bob last quarter goal", ref="O-BOB-LAST")
    kr = make_key_result(w.bobs_last, ref="KR-BOB-LAST", target=100)
    make_checkin(kr, 95, date=datetime.date(2025, 12, 20))
    return w


def make_draft(cycle, owner, ref, status="draft") -> Objective:
    objective = make_objective(cycle, owner=owner, title=f"Unfinished {ref}", ref=ref)
    Objective.objects.filter(pk=objective.pk).update(status=status)
    return objective


# A small zh-Hans catalogue of the digest's strings, so the test does not depend on the lead's
# merge of the catalogue; Django merges it in front of the project's.
CHINESE = {"Your OKRs": "你的 OKR", "Hello %(name)s,": "%(name)s，您好："}


@pytest.fixture
def chinese_catalogue(tmp_path, settings):
    import polib

    folder = tmp_path / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans"}
    for msgid, msgstr in CHINESE.items():
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalogue.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
