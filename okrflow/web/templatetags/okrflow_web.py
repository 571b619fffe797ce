"""Template helpers of the web shell: the org tree renderer and small formatting tags."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()

# A small org opens to its teams; a big one (hundreds of units) shows only its departments, folded.
SMALL_ORG_UNITS = 50


@register.simple_tag
def unit_tree(roots, unit_count):
    """Nested <details> lists: native expand/collapse, keyboard-accessible without JavaScript.

    Rendered in Python because a recursive {% include %} is slow for hundreds of units.
    """
    open_depth = 1 if unit_count <= SMALL_ORG_UNITS else 0
    return format_html('<ul class="org-tree list-unstyled mb-0">{}</ul>',
                       format_html_join("", "{}", ((_node_html(root, open_depth),) for root in roots)))


def _node_html(node, open_depth):
    summary = _summary_html(node)
    if not node.children:
        return format_html('<li class="org-node org-leaf" data-unit-name="{} {}">{}</li>',
                           node.name, node.code, summary)
    children = format_html_join("", "{}", ((_node_html(child, open_depth),) for child in node.children))
    return format_html(
        '<li class="org-node" data-unit-name="{} {}"><details{}><summary>{}</summary>'
        '<ul class="list-unstyled">{}</ul></details></li>',
        node.name, node.code, mark_safe(" open") if node.depth <= open_depth else "", summary, children,
    )


def _summary_html(node):
    head = (format_html('<span class="org-head"><i class="bi bi-person" aria-hidden="true"></i> {}</span>',
                        node.head_name)
            if node.head_name else
            format_html('<span class="org-head text-body-secondary">{}</span>', gettext("No head")))
    people = ngettext("%(count)s person", "%(count)s people", node.total) % {"count": node.total}
    return format_html(
        '<span class="org-line"><a class="org-name" href="{}">{}</a>'
        '<span class="badge text-bg-light border org-code">{}</span>{}'
        '<span class="org-count" title="{}">{}</span></span>',
        reverse("unit", args=[node.code]), node.name, node.code, head,
        gettext("Members of this unit and all units below it"), people,
    )


@register.simple_tag(takes_context=True)
def nav_active(context, *url_names):
    """'active' when the current page is one of the named URLs (for navbar links)."""
    match = getattr(context.get("request"), "resolver_match", None)
    return "active" if match and match.url_name in url_names else ""
