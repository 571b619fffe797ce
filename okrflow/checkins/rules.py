"""When a check-in may be dated (pure: no database access).

One rule for every door — record_checkin (web pages, quick form, API, demo) and the importer,
which calls it per row with the cycle dates it has already read:

- not later than tomorrow: "today" is the install's TIME_ZONE (the organizations' time zone);
  the day of grace covers a reader in a zone ahead of it. A reading from the future would pin
  the key result's latest value for good (a 9999-12-31 check-in is always the latest).
- not before the key result's cycle starts;
- at most GRACE_AFTER_CYCLE days after the cycle ends: the final reading of a quarter is often
  taken in the first week of the next one (as in the seed guides).

Dates are compared by subtraction, which never overflows (adding days to 9999-12-31 would).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.errors import DomainError

DAYS_AHEAD = 1
GRACE_AFTER_CYCLE = 7


def today() -> datetime.date:
    return timezone.localdate(timezone=timezone.get_default_timezone())


def check_checkin_date(day: datetime.date, *, cycle_start, cycle_end, today: datetime.date,
                       field: str = "date") -> None:
    """Raise DomainError unless `day` is a date a check-in of a key result in the cycle
    [cycle_start, cycle_end] may carry on `today`."""
    if (day - today).days > DAYS_AHEAD:
        raise DomainError("checkin_in_future", _("A check-in cannot be dated later than tomorrow."),
                          field=field)
    if day < cycle_start or (day - cycle_end).days > GRACE_AFTER_CYCLE:
        raise DomainError(
            "checkin_outside_cycle",
            _("A check-in must be dated inside its cycle ({start} – {end}) or up to {days} days "
              "after it.").format(start=cycle_start, end=cycle_end, days=GRACE_AFTER_CYCLE),
            field=field)
