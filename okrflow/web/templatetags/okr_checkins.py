"""{% checkin_row checkin comments_label open_label %}: one row of a key result's check-in history
(web/okrs/_checkin_rows.html), from a plain row of okrflow.web.views.okrs.CHECKIN_ROW.

A tag rather than the loop's markup because the objective page shows six rows per key result:
their dozen nodes and filters were a third of the page's template nodes, the tag costs a fraction
of that. Like okr_grades, every value goes through format_html (escaped as {{ }} would be): the
date as its Y-m-d, the value as floatformat:"-2", the confidence in percent, "—" for no note or
author, and the row's comment thread loaded when it is opened (web/comments/_lazy.html's markup).
"""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()

# The markup the loop had, to the character (the comment line it had renders as its indent).
ROW = "".join((
    "\n      <tr>\n",
    '        <td class="text-nowrap">{date}</td>\n',
    '        <td class="text-end">{value}</td>\n',
    '        <td class="text-center">{confidence}</td>\n',
    "        <td>{note}\n",
    '          <details class="small"><summary>{comments}</summary>\n',
    "            \n",
    '            <div id="comments-checkin-{pk}" hx-get="{thread}"'
    ' hx-trigger="toggle once from:closest details" hx-swap="outerHTML">\n',
    '  <a class="small" href="{thread}">{open}</a>\n',
    "</div>\n",
    "          </details></td>\n",
    '        <td class="text-nowrap">{author}</td>\n',
    "      </tr>\n",
))


@register.simple_tag
def checkin_row(checkin, comments_label, open_label):
    confidence = checkin["confidence"]
    return format_html(
        ROW, date=checkin["date"].isoformat(), value=floatformat(checkin["value"], "-2"),
        confidence="—" if confidence is None else f"{confidence}%", note=checkin["note"] or "—",
        comments=comments_label, pk=checkin["pk"],
        thread=reverse("comment_thread", args=["checkin", checkin["pk"]]),
        open=open_label, author=checkin["author_name"] or "—")
