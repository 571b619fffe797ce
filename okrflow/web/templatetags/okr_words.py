"""{% okr_body_words as words %}: the fixed words of an objective's key-result table
(web/okrs/_objective_body.html) in the active language, translated once per language.

A card list renders that table once per objective, and its fourteen {% translate %} tags cost
more than the rest of a card's header; the words are the same for every table, so they are
looked up once per language and process (a catalogue does not change while the process runs).
Like {% translate %}, each word is escaped where it is shown.
"""

import functools

from django import template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

register = template.Library()

BODY_WORDS = {
    "progress": _("Progress"), "confidence": _("Confidence"), "check_in": _("Check in"),
    "edit": _("Edit key result"), "loading": _("Loading…"), "no_owner": _("No owner"),
    "weight": _("weight"), "done": _("Done"), "not_done": _("Not done"),
    "key_results": _("Key results"), "key_result": _("Key result"), "current_target": _("Current / target"),
    "score": _("Score"), "actions": _("Actions"),
}


@functools.cache
def _words(language) -> dict:
    return {name: str(word) for name, word in BODY_WORDS.items()}


@register.simple_tag
def okr_body_words() -> dict:
    return _words(translation.get_language())
