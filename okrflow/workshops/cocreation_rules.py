"""The pure rules of team co-creation (团队共创, seed 001): how long a card may be, how many a
person writes, how many columns a group makes, how many dots a person spends, and how people are
split into groups. Plain functions over numbers and strings; the services (`groups.py`,
`cocreation.py`, `voting.py`) call them and store nothing when they refuse.

A card's length is counted in characters after trimming the ends and folding inner runs of
whitespace to one space: a Chinese character counts one, like a Latin letter (the method's
"8–20 字" is a count of characters, not of bytes or words).
"""

import math
import random
import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from okrflow.errors import DomainError


def clean_card_text(text) -> str:
    """The card as it is stored: NFC (so a composed character counts one), ends trimmed, inner
    whitespace (line breaks included: a card is written on one line) folded to one space."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split())


def card_length(text) -> int:
    return len(clean_card_text(text))


def check_card(text, min_chars: int, max_chars: int) -> str:
    """The cleaned card, or DomainError naming the limit and the card's length."""
    cleaned = clean_card_text(text)
    length = len(cleaned)
    if not length:
        raise DomainError("card_empty", _("Write one idea on the card."), field="text")
    if length > max_chars:
        raise DomainError("card_too_long", ngettext(
            "A card has at most {limit} character; this one has {length}.",
            "A card has at most {limit} characters; this one has {length}.", max_chars,
        ).format(limit=max_chars, length=length), field="text")
    if length < min_chars:
        raise DomainError("card_too_short", ngettext(
            "A card has at least {limit} character; this one has {length}.",
            "A card has at least {limit} characters; this one has {length}.", min_chars,
        ).format(limit=min_chars, length=length), field="text")
    return cleaned


def check_card_count(written: int, per_person: int) -> None:
    """Refuse a card beyond the meeting's `cards_per_person`."""
    if written >= per_person:
        raise DomainError("too_many_cards", ngettext(
            "You have written your {limit} card, the most this meeting allows.",
            "You have written your {limit} cards, the most this meeting allows.", per_person,
        ).format(limit=per_person), field="text")


def check_column_count(existing: int, max_columns: int) -> None:
    """Refuse a column beyond the meeting's `max_columns` for one group (the method: 5)."""
    if existing >= max_columns:
        raise DomainError("too_many_columns", ngettext(
            "A group sorts its cards into at most {limit} column; merge two before opening another.",
            "A group sorts its cards into at most {limit} columns; merge two before opening another.",
            max_columns,
        ).format(limit=max_columns), field="column")


def check_vote(spent: int, on_column: int, budget: int, per_column: int) -> None:
    """Refuse a dot beyond the person's budget or beyond the cap on one column."""
    if spent >= budget:
        raise DomainError("vote_budget_spent", ngettext(
            "You have spent your {limit} vote; take one back to vote elsewhere.",
            "You have spent all your {limit} votes; take one back to vote elsewhere.", budget,
        ).format(limit=budget), field="column")
    if on_column >= per_column:
        raise DomainError("vote_column_cap", ngettext(
            "At most {limit} vote of one person goes to one column.",
            "At most {limit} votes of one person go to one column.", per_column,
        ).format(limit=per_column), field="column")


def group_count(n: int, group_min: int, group_max: int) -> int:
    """How many groups `n` people make.

    The fewest groups of at most `group_max` (ceil(n / max)) when that many groups of at least
    `group_min` fit — they then always do with balanced sizes. Some numbers fit no split at all
    (8 or 9 people in groups of 5–7: one group is too big, two too small); then as many groups
    as have `group_min` each (n // min), balanced, so a group may exceed `group_max` (8 → one
    group of 8) rather than fall below the method's smallest group. Fewer people than `group_min`
    make one group; nobody makes none."""
    group_min, group_max = max(1, group_min), max(1, group_min, group_max)
    if n <= 0:
        return 0
    fewest = math.ceil(n / group_max)
    if n // fewest >= group_min:
        return fewest
    return max(1, n // group_min)


def split_into_groups(people: list, group_min: int, group_max: int, seed=None) -> list[list]:
    """`people` shuffled by a seeded random and dealt into `group_count` groups whose sizes differ
    by at most one (the larger ones first). The first of each group is its leader."""
    shuffled = list(people)
    random.Random(seed).shuffle(shuffled)
    count = group_count(len(shuffled), group_min, group_max)
    if not count:
        return []
    size, extra = divmod(len(shuffled), count)
    groups, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        groups.append(shuffled[start:end])
        start = end
    return groups
