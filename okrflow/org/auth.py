"""Login by email, case-insensitive, only for active people; and how failed logins are throttled.

django-axes counts failures twice: per account (the normalized email) with a low limit, and per
client address with a much higher one. An office's staff often share one NAT address, so the
address limit is only a ceiling against someone guessing across many accounts; one person's typos
lock only their own account.
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models import Sum

from okrflow.org.models import Person, normalize_email


class EmailBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        email = normalize_email(username or kwargs.get("email") or "")
        if not email or password is None:
            return None
        person = Person.objects.filter(email=email).first()
        if person is None:
            Person().set_password(password)  # same work as a real check: no timing oracle
            return None
        if person.check_password(password) and self.user_can_authenticate(person):
            return person
        return None

    def get_user(self, user_id):
        """The person of a session with their organization, which every page reads: one query
        (get(): by its key, without the ORDER BY that first() adds and that costs compiling)."""
        try:
            person = Person.objects.select_related("organization").get(pk=user_id)
        except Person.DoesNotExist:
            return None
        return person if self.user_can_authenticate(person) else None


def login_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the email as login matches it, so `Dev4@` and `dev4@` count as one."""
    source = credentials or getattr(request, "data", request.POST)
    return normalize_email(source.get(settings.AXES_USERNAME_FORM_FIELD))


def login_client_address(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address the failures of a login count against.

    Behind a reverse proxy (BEHIND_PROXY) every request comes from the proxy, so its address would
    pool the whole company under one limit: the client is the last X-Forwarded-For entry, the one
    our proxy appended (entries before it are whatever the client sent, and could be forged).
    """
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(forwarded))
    except ValueError:
        return remote


def _account_failures(request, credentials) -> int:
    attempts = AccessAttempt.objects.filter(username=login_username(request, credentials))
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def login_failure_limit(request, credentials) -> int:
    """AXES_FAILURE_LIMIT: two limits where axes knows one.

    Axes locks when the larger of the account's and the address's failure counts reaches the
    limit. Answering the account limit once the account itself has reached it, and the address
    limit otherwise, locks on whichever of the two is reached first.
    """
    per_account = settings.LOGIN_FAILURE_LIMIT
    if _account_failures(request, credentials) >= per_account:
        return per_account
    return settings.LOGIN_FAILURE_LIMIT_PER_IP


class LoginThrottle(AxesDatabaseHandler):
    """Axes' database handler, except that a successful login forgives only that account.

    Axes would delete every attempt matching any lockout parameter, the address's too: anyone with
    an account could then wipe a colleague's failures by logging in from the same office address.
    """

    def reset_user_attempts(self, request, credentials=None) -> int:
        count, _ = AccessAttempt.objects.filter(username=login_username(request, credentials)).delete()
        return count
