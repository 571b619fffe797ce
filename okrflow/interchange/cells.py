"""Reading one cell of one row into a typed value, collecting problems as "file:line: message".

No database access here: the model fields' own validators (length, code pattern, email,
decimal digits) are pure functions, so the files are held to exactly the rules the forms use.
"""

import functools

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from okrflow.errors import DomainError
from okrflow.okrs import rules

MAX_PROBLEMS = 200


class TooManyProblems(Exception):
    """Raised once the cap is reached: the reader has enough to fix for now."""


class Problems:
    """Every problem found, in file order, each naming the file and the line."""

    def __init__(self, limit: int = MAX_PROBLEMS):
        self.limit = limit
        self.messages: list[str] = []

    def add(self, file: str, line: int, message) -> None:
        self.messages.append(f"{file}:{line}: {message}")
        if len(self.messages) >= self.limit:
            self.messages.append(_("Too many problems; stopped after {count}.").format(count=self.limit))
            raise TooManyProblems()

    def __bool__(self) -> bool:
        return bool(self.messages)


class Row:
    """One row of a file with helpers that read its cells and report what is wrong."""

    def __init__(self, problems: Problems, file: str, line: int, cells: dict):
        self.problems, self.file, self.line, self.cells = problems, file, line, cells
        self.ok = True

    def report(self, message) -> None:
        self.ok = False
        self.problems.add(self.file, self.line, message)

    def raw(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def _field_error(self, column: str, messages) -> None:
        self.report("{column}: {message}".format(column=column, message=" ".join(str(m) for m in messages)))

    def text(self, column: str, model, field_name: str | None = None) -> str:
        """The cell checked against the model field (required unless blank=True, max length,
        validators such as the code pattern or the email format)."""
        value = self.raw(column)
        try:
            return model._meta.get_field(field_name or column).clean(value, None)
        except ValidationError as error:
            self._field_error(column, error.messages)
            return value

    def email(self, column: str) -> str:
        return self.raw(column).lower()

    def number(self, column: str, model, field_name: str | None = None, default=None):
        value = self.raw(column)
        if value == "" and default is not None:
            return default
        try:
            number = rules.as_decimal(value, column)
            model._meta.get_field(field_name or column).run_validators(number)
        except DomainError as error:
            self._field_error(column, [error.message])
            return None
        except ValidationError as error:
            self._field_error(column, error.messages)
            return None
        return number

    def date(self, column: str, *, required: bool):
        value = self.raw(column)
        if value == "" and required:
            self._field_error(column, [_("Enter a date as YYYY-MM-DD.")])
            return None
        try:
            return rules.as_date(value, column)
        except DomainError as error:
            self._field_error(column, [error.message])
            return None

    def confidence(self, column: str = "confidence"):
        try:
            return rules.as_confidence(self.raw(column), column)
        except DomainError as error:
            self._field_error(column, [error.message])
            return None

    def choice(self, column: str, choices, default: str, unknown_message) -> str:
        """One of `choices` (a TextChoices); empty means `default`. `unknown_message` is lazy
        (gettext_lazy), so that it is translated only when a row is wrong."""
        value = self.raw(column) or default
        if value not in _values(choices):
            self.report(unknown_message.format(value=value))
        return value


@functools.cache
def _values(choices) -> frozenset:
    return frozenset(choices.values)
