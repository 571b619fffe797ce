"""A document as data, independent of its format: the contract between the document definitions
(okrflow/reports/documents/*.py, which read the database through the reader's visibility) and the
renderers (HTML for screen and print, PDF, XLSX), which never read the database.

A definition builds a `Report` — a title, a few header fields and a sequence of blocks — from a
reader and `ReportParams`. Blocks are plain dataclasses; a `Table`'s rows may be a generator, so a
renderer can stream a report of a whole company without holding it in memory (renderers iterate
`blocks` and each table's `rows` exactly once).

Values in rows are Python values, not strings: numbers stay numbers (the XLSX writes them as
numbers, the HTML and PDF format them by the column's `kind`), `None` is an empty cell.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

# Column kinds: how a renderer formats and aligns a value.
TEXT = "text"          # str; long Chinese text wraps
NUMBER = "number"      # int/float/Decimal, shown as is
SCORE = "score"        # 0–1 float, shown with 2 decimals ("0.70")
PERCENT = "percent"    # 0–100 number (progress, confidence), shown "70%"
DATE = "date"          # datetime.date
GRADE = "grade"        # a translated grade label (str)
KINDS = (TEXT, NUMBER, SCORE, PERCENT, DATE, GRADE)


@dataclass(frozen=True)
class Column:
    key: str
    label: str            # translated, in the reader's language
    kind: str = TEXT
    width: int = 12       # in characters of Chinese text (XLSX column width, PDF/HTML proportion)
    merge: bool = False   # consecutive equal values in this column form one cell (the diagram's layout)


@dataclass
class Table:
    columns: list[Column]
    rows: Iterable[dict[str, Any]]   # each row: {column key: value}; may be a generator
    caption: str = ""


@dataclass
class Heading:
    text: str
    level: int = 1        # 1: a chapter (in the book's table of contents), 2: a section, 3: a sub-section
    anchor: str = ""      # a stable id for the table of contents and links


@dataclass
class Paragraph:
    text: str


@dataclass
class Fields:
    """Label/value pairs shown as a small two-column grid (owner, cycle, unit, …)."""
    pairs: list[tuple[str, Any]]


@dataclass
class Signatures:
    """Signature lines (the seeds' cards are signed): one blank line per label, with a date."""
    labels: list[str]


@dataclass
class PageBreak:
    pass


Block = Heading | Paragraph | Fields | Table | Signatures | PageBreak


@dataclass
class Report:
    name: str                           # the document's name ("person-card")
    title: str                          # translated
    subtitle: str = ""                  # e.g. the organization and cycle
    fields: list[tuple[str, Any]] = field(default_factory=list)   # header fields under the title
    blocks: Iterable[Block] = ()        # may be a generator
    landscape: bool = False
    toc: bool = False                   # a table of contents of the level-1 headings (the book)
    filename: str = "report"            # stem of the downloaded file, ASCII-safe


@dataclass(frozen=True)
class ReportParams:
    """What a report is asked for: always a cycle; and one of unit, person, objective where the
    document needs it. Resolved objects (through the reader's getters), not codes."""
    cycle: Any
    unit: Any = None
    person: Any = None
    objective: Any = None
    # Optional: a callable(percent: int, 0–100) a heavy definition may call as its rows are read
    # (the web job's progress bar, the CLI's tqdm bar). None when nobody watches; never required.
    progress: Callable[[int], None] | None = field(default=None, compare=False, repr=False)

    def report_progress(self, percent: int) -> None:
        """Tell whoever watches how far the document is (a no-op when nobody does)."""
        if self.progress is not None:
            self.progress(max(0, min(100, int(percent))))


@dataclass(frozen=True)
class Definition:
    name: str                           # "diagram", "kr-actions", "unit-card", "person-card", …
    title: Any                          # lazy-translated title
    scopes: tuple[str, ...]             # which of "unit", "person", "objective" it accepts (none: the cycle)
    build: Callable[[Any, ReportParams], Report]   # (reader person, params) -> Report; raises
                                                   # NotFound / AccessDenied like every getter
    heavy: Callable[[ReportParams], bool] = lambda params: False  # run as a background job?


_REGISTRY: dict[str, Definition] = {}


def register(definition: Definition) -> Definition:
    if definition.name in _REGISTRY:
        raise ValueError(f"report {definition.name!r} is registered twice")
    _REGISTRY[definition.name] = definition
    return definition


def definition(name: str) -> Definition | None:
    return _REGISTRY.get(name)


def definitions() -> list[Definition]:
    return list(_REGISTRY.values())
