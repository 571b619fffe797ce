"""What the hot OKR pages cost, pinned (issue 8's latency targets: the read path's work per page).

My OKRs reads one's own and one's unit's objectives in one read of the read model and takes
one's score from the rows it read; an objective's page reads the objective by its key and
decides visibility and rights without the SQL conditions (tests/api/test_objective_list_costs.py
pins the API list's).
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from okrflow.okrs.models import Objective
from tests.okrs.factories import make_checkin, make_key_result, make_objective


@pytest.fixture
def planted(q1, tech, bob):
    """Bob's objectives and TECH's, three key results each, checked in, aligned to the company's."""
    top = make_objective(q1, owner=q1.organization.root_unit(), title="公司目标")
    for n, owner in enumerate([bob, bob, tech, tech]):
        objective = make_objective(q1, owner=owner, title=f"目标{n}", parent_objective=top)
        for k in range(3):
            kr = make_key_result(objective, start=0, target=100, title=f"指标{n}-{k}达到100", owner=bob)
            make_checkin(kr, 10 * k, date=datetime.date(2026, 2, 1), confidence=70)
    return top


def page_queries(client, url) -> list[str]:
    client.get(url)  # the first view may ask the job for stored numbers
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


def test_my_okrs_reads_its_two_lists_and_the_score_in_one_read(client, planted, bob):
    client.force_login(bob)
    sql = page_queries(client, "/okrs/mine/")
    row_read = 'SELECT "okrs_objective"."id", "okrs_objective"."organization_id"'
    objective_reads = [s for s in sql if s.startswith(row_read)]
    assert len(objective_reads) == 1, objective_reads  # was three: mine, the unit's, my score
    assert len(sql) <= 8  # was 11


def test_an_objective_page_checks_visibility_without_the_sql_condition(client, planted, bob):
    client.force_login(bob)
    objective = Objective.objects.get(title="目标0")
    sql = page_queries(client, f"/objectives/{objective.pk}/")
    where = next(s for s in sql if 'FROM "okrs_objective"' in s).split(" WHERE ", 1)[1]
    assert '"okrs_objective"."id" = ' in where and "LIKE" not in where and "EXISTS" not in where
    assert len(sql) <= 16


OLD_GRADE_MARKUP = (  # web/okrs/_grade.html before the tag: the tag must render the same
    '{% load i18n %}{% if score is None %}<span class="badge text-bg-light border okr-grade">'
    '{% translate "No score" %}</span>{% else %}<span class="badge text-bg-{{ grade.colour }} okr-grade" '
    'data-grade="{{ grade.code }}" title="{% translate \'Score\' %} {{ score|floatformat:2 }}">'
    '<span class="okr-score">{{ score|floatformat:2 }}</span> · {{ grade.label }}</span>{% endif %}')


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("score,code", [(None, None), (0.123456, "poor"), (0.95, "excellent"), (1, "good")])
def test_the_grade_badge_tag_renders_the_grade_include(score, code, language):
    from django.template import Context, Template
    from django.utils import translation

    from okrflow.web.views.okrs_cards import badge
    grade = badge(code)
    with translation.override(language):
        for shown in (grade, {"code": code, "label": "<b>", "colour": "danger"} if code else None):
            context = {"score": score, "grade": shown}
            tag = Template("{% load okr_grades %}{% grade_badge score grade %}").render(Context(context))
            assert tag == Template(OLD_GRADE_MARKUP).render(Context(context))



def test_the_key_result_tables_words_are_translated_once_per_language():
    """{% okr_body_words %} hands every key-result table the words {% translate %} would show, in
    the active language, switching with it."""
    from django.utils import translation

    from okrflow.web.templatetags.okr_words import okr_body_words
    for language, progress, target in [("zh-hans", "进度", "当前值 / 目标值"),
                                       ("en", "Progress", "Current / target")]:
        with translation.override(language):
            words = okr_body_words()
            assert words["progress"] == translation.gettext("Progress") == progress
            assert words["current_target"] == translation.gettext("Current / target") == target


OLD_CHECKIN_ROW = (  # web/okrs/_checkin_rows.html's loop before the tag: the tag must render the same
    '{% load l10n %}{% localize off %}{% for checkin in checkins %}\n      <tr>\n'
    '        <td class="text-nowrap">{{ checkin.date.isoformat }}</td>\n'
    '        <td class="text-end">{{ checkin.value|floatformat:"-2" }}</td>\n'
    '        <td class="text-center">{% if checkin.confidence is None %}—{% else %}{{ checkin.confidence }}%'
    '{% endif %}</td>\n'
    '        <td>{{ checkin.note|default:"—" }}\n'
    '          <details class="small"><summary>{{ t_comments }}</summary>\n'
    '            {# inlined #}\n'
    '            <div id="comments-checkin-{{ checkin.pk }}" hx-get="{% url \'comment_thread\' \'checkin\' '
    'checkin.pk as thread %}{{ thread }}" hx-trigger="toggle once from:closest details"'
    ' hx-swap="outerHTML">\n'
    '  <a class="small" href="{{ thread }}">{{ t_open }}</a>\n</div>\n          </details></td>\n'
    '        <td class="text-nowrap">{{ checkin.author_name|default:"—" }}</td>\n      </tr>\n'
    '{% endfor %}{% endlocalize %}')


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_checkin_row_tag_renders_the_rows_markup(language):
    from decimal import Decimal

    from django.template import Context, Template
    from django.utils import translation

    from okrflow.web.templatetags.okr_checkins import checkin_row
    rows = [{"pk": 7, "key_result_id": 1, "date": datetime.date(2026, 2, 1), "value": Decimal("12.50"),
             "confidence": 70, "note": "<b>快</b> & “好”", "author_name": "Bob 李"},
            {"pk": 8, "key_result_id": 1, "date": datetime.date(2026, 2, 8), "value": Decimal("3000000"),
             "confidence": None, "note": "", "author_name": None}]
    with translation.override(language):
        words = {"t_comments": "Comments", "t_open": "Open the comments"}
        old = Template(OLD_CHECKIN_ROW).render(Context({"checkins": rows, **words}))
        new = "".join(checkin_row(row, words["t_comments"], words["t_open"]) for row in rows)
    assert new == old and "&lt;b&gt;快&lt;/b&gt; &amp;" in new
