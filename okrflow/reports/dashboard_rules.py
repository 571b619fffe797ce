"""The dashboards' pure rules: weeks of a cycle, a key result's value and confidence as of a
week's end, score histograms, grade counts, rates and the check-in streak.

Plain functions over plain data; okrflow/reports/dashboard.py feeds them rows read set-wise.
Scores always come from the one rule of okrflow/okrs/scoring.py (kr_score, objective_score,
owner_score): a week's score is that rule applied to the values as they stood at the week's end.
"""

import datetime
from collections.abc import Iterable

from okrflow.okrs import scoring

BINS = 10  # the histogram of objective scores: 0–0.1, 0.1–0.2, … 0.9–1.0 (1.0 in the last bin)
WEEK = datetime.timedelta(days=7)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def cycle_weeks(cycle, today: datetime.date) -> list[datetime.date]:
    """The Mondays of the weeks from the cycle's first week to the week of `today` (or of the
    cycle's end when it is over); at least the first week, even before the cycle starts."""
    last = week_start(min(max(today, cycle.start_date), cycle.end_date))
    week, weeks = week_start(cycle.start_date), []
    while week <= last:
        weeks.append(week)
        week += WEEK
    return weeks


def week_end(monday: datetime.date) -> datetime.date:
    return monday + datetime.timedelta(days=6)


def as_of_weeks(history: list[tuple], weeks: list[datetime.date], initial=None) -> list:
    """The latest reading dated on or before each week's end: `history` is [(date, reading)] in
    the order recorded (by date, then as entered: on one date the last recorded counts, as for
    the key result's current value); `initial` stands before the first reading."""
    found, current, i = [], initial, 0
    for monday in weeks:
        end = week_end(monday)
        while i < len(history) and history[i][0] <= end:
            if history[i][1] is not None:
                current = history[i][1]
            i += 1
        found.append(current)
    return found


def weekly_kr_scores(start, target, history, weeks) -> list[float]:
    """A key result's score at each week's end by the one rule, from its check-ins (date, value):
    before its first check-in it stands at its start value."""
    return [scoring.kr_score(start, target, value) for value in as_of_weeks(history, weeks, start)]


def weekly_objective_scores(key_results: list[tuple]) -> list:
    """An objective's score per week from [(weight, [score per week])] of its key results."""
    if not key_results:
        return []
    weeks = len(key_results[0][1])
    return [scoring.objective_score((weight, scores[w]) for weight, scores in key_results)
            for w in range(weeks)]


def mean(values: Iterable) -> float | None:
    known = [float(v) for v in values if v is not None]
    return round(sum(known) / len(known), 4) if known else None


def column_means(rows: list[list], width: int) -> list:
    """The mean of each column (week) over rows of equal width, Nones left out."""
    return [mean(row[w] for row in rows) for w in range(width)]


def column_scores(rows: list[list], width: int) -> list:
    """An owner's score per week: the one owner rule (the plain mean of objective scores)."""
    return [scoring.owner_score(row[w] for row in rows) for w in range(width)]


def histogram(scores: Iterable, bins: int = BINS) -> list[int]:
    """How many scores fall in each of `bins` equal bins over 0–1 (1.0 in the last one)."""
    counts = [0] * bins
    for score in scores:
        if score is not None:
            counts[min(bins - 1, int(scoring.tidy(score) * bins + 1e-9))] += 1
    return counts


def grade_counts(scores: Iterable, policy) -> dict:
    """{grade: how many scores fall in its band} under the organization's policy."""
    counts = dict.fromkeys(scoring.GRADES, 0)
    for score in scores:
        found = scoring.grade(score, policy)
        if found is not None:
            counts[found] += 1
    return counts


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def checkin_streak(days: Iterable[datetime.date], today: datetime.date) -> int:
    """How many weeks in a row, up to this week, have at least one check-in. This week does not
    break the streak while it is still running: without a check-in yet, the count starts from
    last week."""
    weeks = {week_start(day) for day in days}
    week = week_start(today)
    if week not in weeks:
        week -= WEEK
    streak = 0
    while week in weeks:
        streak += 1
        week -= WEEK
    return streak
