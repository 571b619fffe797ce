"""The Content-Security-Policy allows scripts from our own files and the page's nonce only, so an
inline event handler (`onclick="…"`) is silently blocked in the browser: the minutes' Print button
did nothing. No template may carry one; buttons wire their behaviour from static scripts."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2] / "okrflow"
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


def test_no_template_has_an_inline_event_handler():
    found = [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}"
             for path in ROOT.rglob("*.html")
             for text in [path.read_text(encoding="utf-8")]
             for match in HANDLER.finditer(text)]
    assert found == []


def test_the_check_sees_a_handler():
    assert HANDLER.search('<button type="button" onclick="window.print()">')
    assert not HANDLER.search('<button type="button" data-print>')
