"""Template context shared by every page of the web shell."""

from django.conf import settings


def shell(request):
    return {"site_name": settings.OKRFLOW_SITE_NAME}
