"""Bearer-token authentication for the REST API."""

from django.utils import timezone
from ninja.security import HttpBearer

from okrflow.org.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        # get(), not first(): the hash is unique, and the ORDER BY that first() adds makes
        # Django hash every column of the three joined tables while compiling (every API call).
        try:
            row = (ApiToken.objects.select_related("person", "person__organization")
                   .get(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True))
        except ApiToken.DoesNotExist:
            return None
        if not row.person.is_active:
            return None
        now = timezone.now()
        # Touch last_used at most once a minute: a read should not write on every request.
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.person
        return row.person
