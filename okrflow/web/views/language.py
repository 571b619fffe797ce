import contextlib

from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from okrflow.errors import DomainError
from okrflow.org.services import update_person


@require_POST
def switch_language(request):
    """Django's set_language (session cookie), and for a logged-in person their saved choice too,
    so the next login on another device starts in the same language."""
    language = request.POST.get("language")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES) and user.language != language:
        # If the saved profile is refused, the cookie still switches this browser.
        with contextlib.suppress(DomainError):
            update_person(user, user, language=language)
    return set_language(request)
