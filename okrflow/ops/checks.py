"""System checks of an install: `okrflow check --deploy` runs them before going live."""

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _


@checks.register("okrflow", deploy=True)
def base_url_is_set(app_configs=None, **kwargs) -> list[checks.Warning]:
    """Mail and chat messages link to okrflow by OKRFLOW_BASE_URL; without it the links are
    relative and open nowhere. `okrflow serve` prints the same warnings at start."""
    base_url = settings.OKRFLOW_BASE_URL
    hint = _("Set it to the address people open okrflow at, e.g. https://okr.example.com.")
    if not base_url:
        return [checks.Warning(_("OKRFLOW_BASE_URL is not set: links in mail and chat messages are "
                          "relative and will not open."), hint=hint, id="okrflow.W001")]
    if not base_url.startswith(("https://", "http://")):
        return [checks.Warning(_("OKRFLOW_BASE_URL is not an address starting with https://: links in "
                          "mail and chat messages will not open."), hint=hint, id="okrflow.W002")]
    return []
