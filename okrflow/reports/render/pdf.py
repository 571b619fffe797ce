"""A Report as PDF, typeset by Typst (the `typst` package) with the Noto CJK fonts.

Measured for a 29-page key-result table in Chinese: Typst 0.3 s, WeasyPrint about 4 s, and
ReportLab cannot load Noto CJK's outlines (issue 11) — hence Typst.

Safety: no user string ever becomes Typst markup. Every text is written as a Typst *string
literal* (`#"…"`), in which only the backslash, the double quote and line ends need escaping; a
title holding `#`, `*`, `$`, `[`, `]`, `<` or `@` prints as written and can run no code.

Chinese line breaking follows from `lang: "zh"` (Typst's CJK rules: no line starts with a closing
mark); tables repeat their header row on every page and break between rows. A merged cell of at
most UNBREAKABLE_ROWS rows keeps its rows on one page (Typst would otherwise print a long title on
the next page and leave the cell blank where it starts); longer runs break, and are cut every
PDF_GROUP_ROWS rows, showing their value again (okrflow/reports/render/cells.py).

Bounded memory: Typst lays out the whole source at once and its memory grows with the pages (9 GB
for the 3,000 pages of a 10,000-person diagram). So the markup is streamed, as the blocks and rows
are read, into *pieces* of about PIECE_ROWS table rows, each a file: a piece is cut before a
heading, a page break or a table once it is full, and a longer table is continued in the next
piece as a new table repeating its header (a merged run cut there shows its value again, as after
a page break). The row generators are consumed once; no piece is held in memory.
- A report of one piece (a card, a review form, any small document) is compiled once, in this
  process, as it always was: footer "Page N of M", the book's contents by Typst's outline.
- A report of several pieces is compiled piece after piece by a child process (typst_worker.py,
  replaced when its peak memory passes WORKER_RSS_KB: Typst's cache is never emptied), each piece
  while the next one is written, and the PDFs are joined by poppler's `pdfunite`. Each piece's
  page counter starts where the previous piece ended, so the page numbers run on; the total is not
  known while the pieces are typeset, so the footer reads "Page N" only. With a table of contents
  (the book), the cover and the contents form a front piece numbered i, ii, …, typeset last, and
  the body is numbered from 1: each level-1 heading leaves its page number as a metadata mark (in
  its show rule), queried from its piece right after the compile (cheap: Typst reuses its layout),
  and the contents list the headings with those numbers.
"""

import functools
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import typst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from okrflow.reports.document import Fields, Heading, PageBreak, Paragraph, Signatures, Table
from okrflow.reports.render.cells import numeric, shown, span_groups

# Where fonts-noto-cjk installs itself (Debian, Ubuntu); fontconfig is asked first.
DEFAULT_FONT_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                      "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
SANS = "Noto Sans CJK SC"

# Table rows (and blocks) of one piece. Measured on the 10,000-person diagram (3,000 pages): pieces
# of 1,500 rows took 70 s with the child's peak at 471 MB, 3,000 rows 53 s / 636 MB, 6,000 rows
# 60 s / 709 MB (the cost of a piece grows faster than its rows; small pieces pay the start-up).
PIECE_ROWS = 3000
PDF_GROUP_ROWS = 100       # a merged run longer than this shows its value again (cells.span_groups)
UNBREAKABLE_ROWS = 12      # merged cells of at most this many rows keep them on one page
WORKER_RSS_KB = 450_000    # the compiling child is replaced past this peak (kB)
MARK = "okrflow-h1"        # the metadata label of the level-1 headings' pages


@functools.cache
def font_dirs() -> tuple[str, ...]:
    """The folders of the Noto Sans CJK files, found by fontconfig (fc-list) once per process
    (Typst reads fonts from folders)."""
    try:
        listing = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True,
                                 timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        listing = ""
    found = {line.split(":")[0].strip() for line in listing.splitlines() if "NotoSansCJK" in line}
    files = sorted(found) or [f for f in DEFAULT_FONT_FILES if Path(f).is_file()]
    return tuple(sorted({str(Path(f).parent) for f in files}))


@functools.cache
def fonts() -> typst.Fonts:
    """The fonts, scanned once per process (~0.4 s for the CJK collections): the web server and
    the worker pay it once, not per document."""
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=list(font_dirs()))
    if SANS not in fonts.families():
        raise RuntimeError(f"{SANS} was not found: install fonts-noto-cjk (the PDF documents need it)")
    return fonts


def lit(text) -> str:
    """A Typst string literal of `text`: printed exactly as written, never read as markup."""
    value = "" if text is None else str(text)
    value = value.replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\n").replace("\r", "\n")
    return '"' + value.replace("\n", "\\n") + '"'


def content(text) -> str:
    """`text` as Typst content (a string literal in a content block)."""
    return "[#" + lit(text) + "]"


def _page_label(total: bool = True, numbering: str = "1") -> str:
    """The footer "Page N of M" (or "Page N" when the total is not known) in the active language,
    the numbers filled in by Typst."""
    template = _("Page {page} of {pages}") if total else _("Page {page}")
    parts = re.split(r"(\{page\}|\{pages\})", template)
    pieces = []
    for part in parts:
        if part == "{page}":
            pieces.append(f'#counter(page).display("{numbering}")')
        elif part == "{pages}":
            pieces.append("#counter(page).final().first()")
        elif part:
            pieces.append("#" + lit(part))
    return "".join(pieces)


def _language() -> tuple[str, str]:
    code = (get_language() or "zh-hans").lower()
    return ("zh", "cn") if code.startswith("zh") else ("en", "gb")


def _preamble(report, *, total: bool = True, numbering: str = "1", marks: bool = False) -> str:
    """The page setup and styles. `marks`: each level-1 heading leaves its page number as a
    metadata labelled MARK (the contents of a document compiled in pieces)."""
    lang, region = _language()
    mark = f"#context [#metadata(counter(page).get().first()) <{MARK}>]" if marks else ""
    header_right = report.subtitle or ""
    return f"""#set document(title: {lit(report.title)})
#set text(font: ("{SANS}",), size: 9.5pt, lang: "{lang}", region: "{region}")
#set par(leading: 0.62em, spacing: 0.9em)
#set page(paper: "a4", flipped: {"true" if report.landscape else "false"},
  margin: (x: 1.5cm, top: 2.1cm, bottom: 1.7cm),
  header: [#set text(7.5pt, fill: luma(90))
    #grid(columns: (1fr, auto), gutter: 1em, {content(report.title)}, {content(header_right)})
    #v(-0.4em) #line(length: 100%, stroke: 0.4pt + luma(170))],
  footer: context [#set text(7.5pt, fill: luma(90)); #align(center)[{_page_label(total, numbering)}]])
#show heading: set text(weight: "bold")
#show heading.where(level: 1): it => block(above: 1.2em, below: 0.8em)[{mark}#set text(14pt); #it.body]
#show heading.where(level: 2): it => block(above: 1.1em, below: 0.6em)[#set text(11.5pt); #it.body]
#show heading.where(level: 3): it => block(above: 0.9em, below: 0.5em)[#set text(10pt); #it.body]
"""


def _title(report) -> str:
    lines = [f"#align(center)[#text(17pt, weight: \"bold\")[#{lit(report.title)}]]"]
    if report.subtitle:
        lines.append(f"#align(center)[#text(10pt, fill: luma(80))[#{lit(report.subtitle)}]]")
    lines.append("#v(0.6em)")
    if report.fields:
        lines.append(_fields(report.fields))
    return "\n".join(lines) + "\n"


def _fields(pairs) -> str:
    cells = []
    for label, value in pairs:
        cells.append(f"[#text(fill: luma(70))[#{lit(label)}]]")
        cells.append(f"[#{lit(shown(value, 'text'))}]")
    if len(pairs) % 2:
        cells += ["[]", "[]"]
    return ("#block(width: 100%, stroke: 0.5pt + luma(170), inset: 6pt, radius: 2pt)["
            "#grid(columns: (auto, 1fr, auto, 1fr), column-gutter: 0.8em, row-gutter: 0.6em, "
            + ", ".join(cells) + ")]\n#v(0.4em)\n")


def _table_head(table) -> str:
    columns = table.columns
    widths = ", ".join(f"{max(1, c.width)}fr" for c in columns)
    aligns = ", ".join("right" if numeric(c.kind) else "left" for c in columns)
    return (f"#table(columns: ({widths},), align: ({aligns},) , inset: (x: 4pt, y: 4pt),\n"
            "  stroke: 0.5pt + luma(150), fill: (x, y) => if y == 0 { rgb(\"#e4eaf3\") },\n"
            "  table.header(repeat: true, "
            + ", ".join(f"table.cell(align: center + horizon)[#text(8.5pt, weight: \"bold\")"
                        f"[#{lit(c.label)}]]" for c in table.columns) + "),\n")


def _row(columns, row, merged) -> str:
    cells = []
    for column in columns:
        span = merged.get(column.key)
        if span == 0:
            continue
        text = "[#" + lit(shown(row.get(column.key), column.kind)) + "]"
        if span and span > 1:
            breakable = ", breakable: false" if span <= UNBREAKABLE_ROWS else ""
            cells.append(f"table.cell(rowspan: {span}{breakable}){text}")
        else:
            cells.append(text)
    return "  " + ", ".join(cells) + ",\n"


def _table(table, pieces) -> None:
    """The table, continued in the next piece as a new table with the same header when the piece
    is full (between two groups of rows: no merged cell crosses the cut)."""
    if table.caption:
        pieces.write(f"#block(above: 1em, below: 0.5em)[#text(weight: \"bold\")[#{lit(table.caption)}]]\n")
    head = _table_head(table)
    pieces.write(head)
    rows = part = 0
    for group in span_groups(table, PDF_GROUP_ROWS):
        if part and pieces.full():
            pieces.write(")\n")
            pieces.cut()
            pieces.write(head)
            part = 0
        for row, merged in group:
            pieces.write(_row(table.columns, row, merged))
        rows, part = rows + len(group), part + len(group)
        pieces.weight += len(group)
    if not rows:
        empty = lit(_("Nothing to show."))
        pieces.write(f"  table.cell(colspan: {len(table.columns)})[#text(fill: luma(100))[#{empty}]],\n")
    pieces.write(")\n")


def _signatures(block) -> str:
    date = _("Date")
    cells = [f"[#{lit(label)}: #box(width: 1fr, line(length: 100%, stroke: 0.5pt)) "
             f"#h(1em) #{lit(date)}: #box(width: 6em, line(length: 100%, stroke: 0.5pt))]"
             for label in block.labels]
    return ("#v(1.6em)\n#block(breakable: false)[#grid(columns: (1fr, 1fr), column-gutter: 2.5em, "
            "row-gutter: 1.8em, " + ", ".join(cells) + ")]\n")


class _Pieces:
    """The body's markup, written to body-1.typ, body-2.typ, … in `folder`: a new file when the
    current one is full (`weight`: table rows and blocks written) and the writer cuts. Each file
    closed by a cut goes to `compiler` at once, which typesets it while the next one is written."""

    def __init__(self, folder: Path, limit: int, compiler):
        self.folder, self.limit, self.compiler = folder, limit, compiler
        self.count, self.weight, self.out = 0, 0, None
        self.headings: list[str] = []    # the level-1 headings, in order
        self.marked: set[int] = set()    # the pieces holding a level-1 heading
        self.cut()

    def write(self, text: str) -> None:
        self.out.write(text)

    def full(self) -> bool:
        return self.weight >= self.limit

    def cut(self) -> None:
        if self.out is not None:
            self.out.close()
            self.compiler.submit(self, self.count)
        self.count += 1
        self.weight = 0
        self.out = (self.folder / f"body-{self.count}.typ").open("w", encoding="utf-8")

    def close(self) -> None:
        self.out.close()


def _body(report, pieces: _Pieces) -> None:
    """The blocks of `report` as markup, cut into pieces (see the module)."""
    after_head = False   # a table stays with the heading or fields just before it
    for block in report.blocks:
        if pieces.full() and (isinstance(block, Heading | PageBreak) or isinstance(block, Table)
                              and not after_head):
            pieces.cut()
            if isinstance(block, PageBreak):   # a piece starts on a new page anyway
                continue
        after_head = isinstance(block, Heading | Fields)
        pieces.weight += 2
        if isinstance(block, Heading):
            level = max(1, min(3, block.level))
            if level == 1:
                pieces.headings.append(block.text)
                pieces.marked.add(pieces.count)
            pieces.write(f"#heading(level: {level}, {content(block.text)})\n")
        elif isinstance(block, Paragraph):
            pieces.write(f"#par({content(block.text)})\n")
        elif isinstance(block, Fields):
            pieces.write(_fields(block.pairs))
        elif isinstance(block, Table):
            _table(block, pieces)
        elif isinstance(block, Signatures):
            pieces.write(_signatures(block))
        elif isinstance(block, PageBreak):
            pieces.write("#pagebreak(weak: true)\n")
    pieces.close()


def _contents(report, headings) -> str:
    """The table of contents of a document compiled in pieces: each level-1 heading with the page
    it starts on."""
    lines = [f"#heading(level: 1, outlined: false, {content(_('Contents'))})"]
    for text, page in headings:
        lines.append(f"#block(spacing: 0.75em)[#{lit(text)} #box(width: 1fr, repeat[#h(3pt).#h(3pt)]) "
                     f"#{lit(page)}]")
    return "\n".join(lines) + "\n"


class _Worker:
    """The child process compiling pieces (typst_worker.py), started when needed and replaced when
    its peak memory passes WORKER_RSS_KB. One request at a time: `send` it, then `receive` the
    answer (the report's process writes the next piece meanwhile)."""

    def __init__(self):
        self.process = None
        self.peak_kb = 0   # the largest peak of the children (measurements, tests)

    def send(self, main: Path, target: Path, query: str = "") -> None:
        if self.process is None:
            fonts()   # the same error as a one-piece document when the fonts are missing
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).with_name("typst_worker.py")), *font_dirs()],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8")
        request = {"main": str(main), "target": str(target), "root": str(main.parent), "query": query}
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()

    def receive(self) -> list:
        line = self.process.stdout.readline()
        if not line:
            self.close()
            raise RuntimeError("the PDF worker stopped")
        answer = json.loads(line)
        if not answer["ok"]:
            self.close()
            raise RuntimeError(answer["error"])
        self.peak_kb = max(self.peak_kb, answer["rss"])
        if answer["rss"] > WORKER_RSS_KB:
            self.close()
        return answer["marks"]

    def close(self) -> None:
        if self.process is not None:
            self.process.stdin.close()
            self.process.wait(timeout=60)
            self.process = None


class _Compiler:
    """Typesets the pieces in order, each while the next is written: a piece's page counter starts
    after the pages of the pieces before it (known when their answers come back)."""

    def __init__(self, report, folder: Path):
        self.report, self.folder = report, folder
        self.worker = _Worker()
        self.pending = None      # the piece being typeset
        self.page = 0            # the pages of the pieces typeset so far
        self.marks: list = []    # the pages of the level-1 headings, in order
        self.done: list[Path] = []

    def _wait(self) -> None:
        if self.pending is not None:
            number, target = self.pending
            self.marks += self.worker.receive()
            self.page += _pages(target)
            (self.folder / f"body-{number}.typ").unlink()
            self.done.append(target)
            self.pending = None

    def submit(self, pieces: _Pieces, number: int) -> None:
        self._wait()
        report, folder = self.report, self.folder
        main, target = folder / f"piece-{number}.typ", folder / f"piece-{number}.pdf"
        front = '#include "front.typ"\n' if number == 1 and not report.toc else ""
        main.write_text(_preamble(report, total=False, marks=report.toc)
                        + f"#counter(page).update({self.page + 1})\n{front}#include \"body-{number}.typ\"\n",
                        encoding="utf-8")
        self.worker.send(main, target, MARK if report.toc and number in pieces.marked else "")
        self.pending = (number, target)

    def finish(self, pieces: _Pieces) -> Path:
        """The last piece, the front piece with the contents (the book), and the joined PDF."""
        self.submit(pieces, pieces.count)
        self._wait()
        if self.report.toc:
            headings = list(zip(pieces.headings, [*self.marks, *[""] * len(pieces.headings)], strict=False))
            main, target = self.folder / "contents.typ", self.folder / "contents.pdf"
            main.write_text(_preamble(self.report, total=False, numbering="i") + '#include "front.typ"\n'
                            + _contents(self.report, headings), encoding="utf-8")
            self.worker.send(main, target)
            self.worker.receive()
            self.done.insert(0, target)
        joined = self.folder / "report.pdf"
        subprocess.run(["pdfunite", *map(str, self.done), str(joined)], check=True, capture_output=True,
                       timeout=3600)
        return joined

    def close(self, pieces) -> None:
        self.worker.close()
        if pieces is not None and pieces.count > 1:
            LAST_RUN.update(pieces=pieces.count, worker_peak_kb=self.worker.peak_kb)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=120)
    return int(next(line.split()[1] for line in info.stdout.splitlines() if line.startswith("Pages:")))


LAST_RUN: dict = {}   # pieces and the worker's peak memory (kB) of the last PDF in pieces


def write_pdf(report, stream) -> None:
    """Typeset `report` and write the PDF to the binary `stream` (in pieces when it is big)."""
    with tempfile.TemporaryDirectory(prefix="okrflow-pdf-") as name:
        folder = Path(name)
        (folder / "front.typ").write_text(_title(report), encoding="utf-8")
        compiler, pieces = _Compiler(report, folder), None
        try:
            pieces = _Pieces(folder, PIECE_ROWS, compiler)
            _body(report, pieces)
            target = _single(report, folder) if pieces.count == 1 else compiler.finish(pieces)
        finally:
            compiler.close(pieces)
        with target.open("rb") as pdf:
            shutil.copyfileobj(pdf, stream)


def _single(report, folder: Path) -> Path:
    main, target = folder / "report.typ", folder / "report.pdf"
    contents = f"#outline(title: {content(_('Contents'))}, depth: 1)\n#pagebreak()\n" if report.toc else ""
    main.write_text(_preamble(report) + '#include "front.typ"\n' + contents + '#include "body-1.typ"\n',
                    encoding="utf-8")
    typst.compile(str(main), output=str(target), root=str(folder), font_paths=fonts(),
                  ignore_system_fonts=True)
    return target
