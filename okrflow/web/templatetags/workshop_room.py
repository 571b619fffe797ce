"""The room's clock in templates: seconds as a countdown ("09:59", "1:05:00", "−02:15")."""

from django import template

register = template.Library()


@register.filter
def clock(seconds) -> str:
    """What the countdown shows before the browser takes over (room.js formats the same way)."""
    if seconds is None or seconds == "":
        return ""
    seconds = int(seconds)
    sign, seconds = ("−", -seconds) if seconds < 0 else ("", seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{secs:02d}" if hours else f"{sign}{minutes:02d}:{secs:02d}"


@register.filter
def minutes_of(seconds) -> int:
    """Whole minutes, rounded to the nearest (a real duration in the plan)."""
    return round(int(seconds or 0) / 60)


@register.filter
def epoch_ms(value) -> str:
    return str(int(value.timestamp() * 1000)) if value else ""
