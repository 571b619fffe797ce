"""{% grade_badge score grade %}: a score with its grade badge (the grade from
okrflow.web.views.okrs_cards.badge: .code, .label, .colour), the markup of web/okrs/_grade.html.

A tag rather than an include because the OKR pages show one per key result and per objective
(a card list of 4 objectives shows 17): the include and its ten nodes cost ~0.1 ms each time,
the tag a tenth of that. Unlike an {% include %}, a simple tag's output is not re-escaped: every
value goes through format_html.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


def _part(grade, name: str):
    # What {{ grade.name }} would show: a key or an attribute, else nothing.
    found = grade.get(name) if isinstance(grade, dict) else getattr(grade, name, None)
    return "" if found is None else found


@register.simple_tag
def grade_badge(score, grade):
    if score is None:
        return format_html('<span class="badge text-bg-light border okr-grade">{}</span>',
                           gettext("No score"))
    shown = floatformat(score, 2)
    return format_html(
        '<span class="badge text-bg-{} okr-grade" data-grade="{}" title="{} {}">'
        '<span class="okr-score">{}</span> · {}</span>',
        _part(grade, "colour"), _part(grade, "code"), gettext("Score"), shown, shown, _part(grade, "label"))
