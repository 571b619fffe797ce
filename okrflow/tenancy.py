"""Tenant scoping: every row belongs to one organization and every query names it.

`Model.objects.for_org(org)` is the only way code reads tenant rows; an unscoped
`Model.objects.get(pk=...)` from a URL is a bug (see okrflow/org/access.py). A kernel module:
it imports only Django, and every app's models (the audit history's too) build on it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TenantQuerySet(models.QuerySet):
    def for_org(self, organization):
        if organization is None:
            raise ValueError("a tenant query needs an organization")
        return self.filter(organization=organization)


class TenantModel(models.Model):
    """Abstract base: the organization column and the scoped manager."""

    organization = models.ForeignKey(
        "org.Organization", on_delete=models.CASCADE, verbose_name=_("organization"),
        related_name="+",
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
