"""The weekly check-in: all of a person's key results in one submit, all or nothing; a big
confidence drop needs a reason; managers see who has not checked in."""

import datetime

import pytest
from django.utils import translation

from okrflow.audit.log import history
from okrflow.checkins.models import CheckIn
from okrflow.checkins.weekly import weekly_rows, who_has_not_checked_in
from okrflow.errors import AccessDenied, DomainError, NotFound
from okrflow.meetings.models import WeeklyUpdate
from okrflow.meetings.weekly_updates import submit_weekly
from okrflow.notifications.models import CheckinCadence, Frequency
from okrflow.notifications.rhythm import period_containing
from okrflow.okrs.models import OkrPolicy
from tests.factories import make_person
from tests.okrs.factories import make_checkin, make_key_result, make_objective

D = datetime.date
LAST_WEEK = D(2026, 2, 4)  # a Wednesday
THIS_WEEK = D(2026, 2, 11)


@pytest.fixture
def krs(q1, bob):
    objective = make_objective(q1, owner=bob)
    krs = [make_key_result(objective, target=100, owner=bob, title=f"KR {n}") for n in (1, 2, 3)]
    for kr in krs:
        make_checkin(kr, 10, confidence=80, date=LAST_WEEK)
    return krs


def _stored_checkins(krs) -> int:
    return CheckIn.objects.filter(key_result__in=krs).count()


def test_a_person_checks_in_all_their_key_results_in_one_submit(krs, bob):
    update = submit_weekly(bob, [(krs[0], 20, 85, "两个客户签约", ""), (krs[1], 30, 70, "", "等法务审核"),
                                 (krs[2], 15, 75, "", "")], date=THIS_WEEK)
    assert [(c.value, c.confidence, c.date) for c in CheckIn.objects.filter(date=THIS_WEEK)] == [
        (20, 85, THIS_WEEK), (30, 70, THIS_WEEK), (15, 75, THIS_WEEK)]
    assert (update.person, update.week_start) == (bob, D(2026, 2, 9))
    assert {e.checkin.key_result_id: e.blockers for e in update.entries.all()}[krs[1].pk] == "等法务审核"
    assert history(update).get().action == "weekly_update.submit"


def test_a_confidence_drop_without_a_reason_is_refused_and_nothing_is_stored(krs, bob):
    with translation.override("en"), pytest.raises(DomainError) as refused:
        submit_weekly(bob, [(krs[0], 20, 85, "", ""), (krs[1], 12, 20, "", "")], date=THIS_WEEK)
    assert refused.value.code == "confidence_drop_needs_reason"
    assert str(refused.value.message) == "KR 2: 80% → 20%: what changed?"
    assert _stored_checkins(krs) == 3 and not WeeklyUpdate.objects.exists()


def test_a_confidence_drop_with_a_reason_is_accepted(krs, bob):
    submit_weekly(bob, [(krs[1], 12, 20, "大客户推迟到下季度", "")], date=THIS_WEEK)
    krs[1].refresh_from_db()
    assert krs[1].confidence == 20


def test_a_drop_smaller_than_the_policy_threshold_needs_no_reason(krs, bob):
    submit_weekly(bob, [(krs[0], 12, 51, "", "")], date=THIS_WEEK)
    assert _stored_checkins(krs) == 4


def test_the_organization_policy_sets_the_drop_that_needs_a_reason(krs, bob, org):
    OkrPolicy.objects.create(organization=org, confidence_drop=20)
    with pytest.raises(DomainError, match="80% → 55%"):
        submit_weekly(bob, [(krs[0], 12, 55, "", "")], date=THIS_WEEK)


def test_one_bad_value_refuses_the_whole_submit(krs, bob):
    with pytest.raises(DomainError) as refused:
        submit_weekly(bob, [(krs[0], 20, 85, "", ""), (krs[1], "lots", 80, "", "")], date=THIS_WEEK)
    assert refused.value.code == "not_a_number"
    assert _stored_checkins(krs) == 3 and not WeeklyUpdate.objects.exists()


def test_a_key_result_the_person_may_not_update_refuses_the_whole_submit(krs, bob, carol, q1):
    carols = make_key_result(make_objective(q1, owner=carol), target=10, owner=carol)
    with pytest.raises(AccessDenied):
        submit_weekly(bob, [(krs[0], 20, 85, "", ""), (carols, 5, 50, "", "")], date=THIS_WEEK)
    assert _stored_checkins(krs) == 3 and not CheckIn.objects.filter(key_result=carols).exists()


def test_mallory_cannot_check_in_on_acme_key_results_nor_learn_their_names(krs, mallory):
    with pytest.raises(NotFound):
        submit_weekly(mallory, [(krs[0], 99, 99, "", "")], date=THIS_WEEK)
    with pytest.raises(NotFound):  # a drop without a note would name the key result
        submit_weekly(mallory, [(krs[0], 99, 10, "", "")], date=THIS_WEEK)
    assert _stored_checkins(krs) == 3


def test_an_empty_submit_is_refused(bob):
    with pytest.raises(DomainError) as refused:
        submit_weekly(bob, [], date=THIS_WEEK)
    assert refused.value.code == "nothing_to_submit"


def test_a_second_submit_in_the_same_week_adds_to_the_same_weekly_update(krs, bob):
    first = submit_weekly(bob, [(krs[0], 20, 85, "", "")], date=THIS_WEEK)
    second = submit_weekly(bob, [(krs[1], 25, 80, "", "")], date=THIS_WEEK + datetime.timedelta(days=1))
    assert first.pk == second.pk and second.version == 2 and second.entries.count() == 2


def test_managers_see_who_has_not_checked_in_this_period(krs, bob, alice, tech, q1, org):
    make_key_result(make_objective(q1, owner=alice), target=10, owner=alice)
    make_person(org, name="No OKRs yet", unit=tech)
    period = period_containing(tech, THIS_WEEK)
    assert (period.start, period.end) == (D(2026, 2, 9), D(2026, 2, 16))
    assert who_has_not_checked_in(tech, period) == [alice, bob]
    submit_weekly(bob, [(krs[0], 20, 85, "", "")], date=THIS_WEEK)
    assert who_has_not_checked_in(tech, period) == [alice]


def test_a_biweekly_cadence_makes_the_period_two_weeks(tech, org):
    CheckinCadence.objects.create(organization=org, frequency=Frequency.BIWEEKLY,
                                  anchor_date=D(2026, 1, 5))
    period = period_containing(tech, THIS_WEEK)
    assert (period.start, period.end) == (D(2026, 2, 2), D(2026, 2, 16))


def test_people_of_other_units_and_organizations_are_not_listed(krs, carol, q1, tech):
    make_key_result(make_objective(q1, owner=carol), target=10, owner=carol)
    assert carol not in who_has_not_checked_in(tech, period_containing(tech, THIS_WEEK))


def test_the_weekly_form_shows_last_weeks_reading_beside_this_weeks(krs, bob, tech):
    submit_weekly(bob, [(krs[0], 20, 85, "", "")], date=THIS_WEEK)
    rows = weekly_rows(bob, period_containing(tech, THIS_WEEK))
    assert [row.kr for row in rows] == krs
    assert (rows[0].previous.value, rows[0].current.value) == (10, 20)
    assert (rows[1].previous.confidence, rows[1].current) == (80, None)


def test_the_weekly_form_of_someone_without_key_results_is_empty(alice, tech):
    assert weekly_rows(alice, period_containing(tech, THIS_WEEK)) == []
