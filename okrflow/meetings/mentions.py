"""Finding @mentions in a comment: "@email" or "@name", resolved among one organization's
people only. Pure: the caller passes the people as (id, name, email) rows."""

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
ASCII_WORD = re.compile(r"[A-Za-z0-9_]")
EMAIL_CHAR = re.compile(r"[A-Za-z0-9._%+-]")


def _mention_starts(text: str):
    """Positions just after each "@" that begins a mention (not the "@" inside an email)."""
    for index, char in enumerate(text):
        if char == "@" and (index == 0 or not EMAIL_CHAR.fullmatch(text[index - 1])):
            yield index + 1


def _ends_cleanly(rest: str, length: int, name: str) -> bool:
    # "@Bob" must not match "@Bobby"; names ending in Chinese characters have no spaces after
    # them ("@王小明请看"), so only an ASCII letter or digit continues a name.
    if length == len(rest) or not ASCII_WORD.fullmatch(name[-1]):
        return True
    return not ASCII_WORD.fullmatch(rest[length])


def find_mentions(text: str, people) -> list:
    """Ids of the people mentioned, in order of first mention. A name shared by several people
    is ambiguous and mentions nobody (write their email instead)."""
    emails, names = {}, {}
    for person_id, name, email in people:
        emails[(email or "").lower()] = person_id
        if name and name.strip():
            names.setdefault(name.strip().lower(), set()).add(person_id)
    longest_first = sorted(names, key=len, reverse=True)
    found = []
    for start in _mention_starts(text or ""):
        rest = text[start:]
        email = EMAIL.match(rest)
        person_id = emails.get(email.group(0).lower()) if email else None
        if person_id is None:
            lowered = rest.lower()
            name = next((n for n in longest_first
                         if lowered.startswith(n) and _ends_cleanly(rest, len(n), n)), None)
            person_id = next(iter(names[name])) if name and len(names[name]) == 1 else None
        if person_id is not None and person_id not in found:
            found.append(person_id)
    return found
