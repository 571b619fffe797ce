"""The API's request parser: JSON as ninja reads it, with one rule for all text.

No text okrflow stores may hold a NUL character: PostgreSQL refuses it in every text column (a
500 there, while SQLite stored it). The web refuses NUL in its forms (Django's form fields) and
addresses (okrflow.web.middleware); the importer refuses control characters per cell. Here the
same refusal covers every string of every JSON body, whatever the operation.
"""

from django.utils.translation import gettext_lazy as _
from ninja.parser import Parser

from okrflow.errors import DomainError


def _first_nul(data, path=()) -> tuple | None:
    """The path to the first string (or key) holding a NUL character, or None."""
    if isinstance(data, str):
        return path if "\x00" in data else None
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str) and "\x00" in key:
                return (*path, key)
            found = _first_nul(value, (*path, str(key)))
            if found is not None:
                return found
    if isinstance(data, list):
        for index, value in enumerate(data):
            found = _first_nul(value, (*path, str(index)))
            if found is not None:
                return found
    return None


class TextSafeParser(Parser):
    def parse_body(self, request):
        data = super().parse_body(request)
        path = _first_nul(data)
        if path is not None:
            raise DomainError("bad_request", _("Text may not contain the NUL character (\\u0000)."),
                              field=".".join(path) or None)
        return data
