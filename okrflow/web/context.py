"""Template context shared by every page of the web shell."""

from django.conf import settings

from okrflow.org.access import can_manage_cycles, can_manage_structure
from okrflow.web import fragments
from okrflow.web.current_cycle import current_cycle, org_cycles


def shell(request):
    # Language names stay in their own language (English, 简体中文) whatever the page's language.
    # Not `site_name`: Django's auth views set that to the request's host name.
    context = {"product_name": settings.OKRFLOW_SITE_NAME, "language_choices": settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    context.update(
        cycles=org_cycles(request),
        current_cycle=current_cycle(request),
        may_manage_structure=can_manage_structure(user),
        may_manage_cycles=can_manage_cycles(user),
        fragment_timeout=fragments.TIMEOUT,
    )
    context["navbar_key"] = fragments.navbar_key(
        request, user, product_name=context["product_name"],
        may_manage_structure=context["may_manage_structure"], may_manage_cycles=context["may_manage_cycles"])
    return context
