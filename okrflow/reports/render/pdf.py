"""A Report as PDF, typeset by Typst (the `typst` package) with the Noto CJK fonts.

Measured for a 29-page key-result table in Chinese: Typst 0.3 s, WeasyPrint about 4 s, and
ReportLab cannot load Noto CJK's outlines (issue 11) — hence Typst.

Safety: no user string ever becomes Typst markup. Every text is written as a Typst *string
literal* (`#"…"`), in which only the backslash, the double quote and line ends need escaping; a
title holding `#`, `*`, `$`, `[`, `]`, `<` or `@` prints as written and can run no code.

The markup is streamed to a temporary file as the blocks and rows are read (Typst needs the whole
source to lay out the pages, a file of it is enough); the compiled PDF is copied to the stream.
Chinese line breaking follows from `lang: "zh"` (Typst's CJK rules: no line starts with a closing
mark); tables repeat their header row on every page and break between rows.
"""

import functools
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import typst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from okrflow.reports.document import Fields, Heading, PageBreak, Paragraph, Signatures, Table
from okrflow.reports.render.cells import numeric, shown, spans

# Where fonts-noto-cjk installs itself (Debian, Ubuntu); fontconfig is asked first.
DEFAULT_FONT_FILES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                      "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")
SANS = "Noto Sans CJK SC"


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


def _page_label() -> str:
    """The footer "Page N of M" in the active language, the numbers filled in by Typst."""
    template = _("Page {page} of {pages}")
    parts = re.split(r"(\{page\}|\{pages\})", template)
    pieces = []
    for part in parts:
        if part == "{page}":
            pieces.append("#counter(page).display()")
        elif part == "{pages}":
            pieces.append("#counter(page).final().first()")
        elif part:
            pieces.append("#" + lit(part))
    return "".join(pieces)


def _language() -> tuple[str, str]:
    code = (get_language() or "zh-hans").lower()
    return ("zh", "cn") if code.startswith("zh") else ("en", "gb")


def _preamble(report) -> str:
    lang, region = _language()
    header_right = report.subtitle or ""
    return f"""#set document(title: {lit(report.title)})
#set text(font: ("{SANS}",), size: 9.5pt, lang: "{lang}", region: "{region}")
#set par(leading: 0.62em, spacing: 0.9em)
#set page(paper: "a4", flipped: {"true" if report.landscape else "false"},
  margin: (x: 1.5cm, top: 2.1cm, bottom: 1.7cm),
  header: [#set text(7.5pt, fill: luma(90))
    #grid(columns: (1fr, auto), gutter: 1em, {content(report.title)}, {content(header_right)})
    #v(-0.4em) #line(length: 100%, stroke: 0.4pt + luma(170))],
  footer: context [#set text(7.5pt, fill: luma(90)); #align(center)[{_page_label()}]])
#show heading: set text(weight: "bold")
#show heading.where(level: 1): it => block(above: 1.2em, below: 0.8em)[#set text(14pt); #it.body]
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


def _table(table, out) -> None:
    columns = table.columns
    widths = ", ".join(f"{max(1, c.width)}fr" for c in columns)
    aligns = ", ".join("right" if numeric(c.kind) else "left" for c in columns)
    if table.caption:
        out.write(f"#block(above: 1em, below: 0.5em)[#text(weight: \"bold\")[#{lit(table.caption)}]]\n")
    out.write(f"#table(columns: ({widths},), align: ({aligns},) , inset: (x: 4pt, y: 4pt),\n"
              "  stroke: 0.5pt + luma(150), fill: (x, y) => if y == 0 { rgb(\"#e4eaf3\") },\n"
              "  table.header(repeat: true, "
              + ", ".join(f"table.cell(align: center + horizon)[#text(8.5pt, weight: \"bold\")"
                          f"[#{lit(c.label)}]]" for c in columns) + "),\n")
    rows = 0
    for row, merged in spans(table):
        cells = []
        for column in columns:
            span = merged.get(column.key)
            if span == 0:
                continue
            text = "[#" + lit(shown(row.get(column.key), column.kind)) + "]"
            cells.append(f"table.cell(rowspan: {span}){text}" if span and span > 1 else text)
        out.write("  " + ", ".join(cells) + ",\n")
        rows += 1
    if not rows:
        empty = lit(_("Nothing to show."))
        out.write(f"  table.cell(colspan: {len(columns)})[#text(fill: luma(100))[#{empty}]],\n")
    out.write(")\n")


def _signatures(block) -> str:
    date = _("Date")
    cells = [f"[#{lit(label)}: #box(width: 1fr, line(length: 100%, stroke: 0.5pt)) "
             f"#h(1em) #{lit(date)}: #box(width: 6em, line(length: 100%, stroke: 0.5pt))]"
             for label in block.labels]
    return ("#v(1.6em)\n#block(breakable: false)[#grid(columns: (1fr, 1fr), column-gutter: 2.5em, "
            "row-gutter: 1.8em, " + ", ".join(cells) + ")]\n")


def write_markup(report, out) -> None:
    """The Typst source of `report`, written to the text stream `out` block by block."""
    out.write(_preamble(report))
    out.write(_title(report))
    if report.toc:
        out.write(f"#outline(title: {content(_('Contents'))}, depth: 1)\n#pagebreak()\n")
    for block in report.blocks:
        if isinstance(block, Heading):
            out.write(f"#heading(level: {max(1, min(3, block.level))}, {content(block.text)})\n")
        elif isinstance(block, Paragraph):
            out.write(f"#par({content(block.text)})\n")
        elif isinstance(block, Fields):
            out.write(_fields(block.pairs))
        elif isinstance(block, Table):
            _table(block, out)
        elif isinstance(block, Signatures):
            out.write(_signatures(block))
        elif isinstance(block, PageBreak):
            out.write("#pagebreak(weak: true)\n")


def write_pdf(report, stream) -> None:
    """Typeset `report` and write the PDF to the binary `stream`."""
    with tempfile.TemporaryDirectory(prefix="okrflow-pdf-") as folder:
        source, target = Path(folder) / "report.typ", Path(folder) / "report.pdf"
        with source.open("w", encoding="utf-8") as out:
            write_markup(report, out)
        typst.compile(str(source), output=str(target), root=folder, font_paths=fonts(),
                      ignore_system_fonts=True)
        with target.open("rb") as pdf:
            shutil.copyfileobj(pdf, stream)
