"""Both languages are complete: every message has its zh-Hans translation, none is stale,
and the compiled catalogue matches its source."""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

REPO = Path(settings.BASE_DIR)
PO = REPO / "okrflow" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MAKEMESSAGES_IGNORE = [".venv/*", "node_modules/*", "staticfiles/*", "tests/*", "okrflow/static/vendor/*",
                       "build/*", "bench-data/*", "scripts/*", "docs/*"]


def entries(path) -> dict:
    return {(e.msgctxt, e.msgid, e.msgid_plural): e for e in polib.pofile(str(path)) if not e.obsolete}


def is_translated(entry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def test_every_message_has_a_chinese_translation():
    assert [e.msgid for e in entries(PO).values() if not is_translated(e)] == []


def test_the_translation_check_notices_a_missing_translation():
    assert not is_translated(polib.POEntry(msgid="Save", msgstr=""))
    assert not is_translated(polib.POEntry(msgid="Save", msgstr="保存", flags=["fuzzy"]))
    assert is_translated(polib.POEntry(msgid="Save", msgstr="保存"))


def test_the_compiled_catalogue_matches_its_source():
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0, "")
                for e in polib.mofile(str(PO.with_suffix(".mo")))}
    for (ctxt, msgid, _plural), entry in entries(PO).items():
        assert compiled.get((ctxt, msgid)) == (entry.msgstr or entry.msgstr_plural.get(0)), msgid


@pytest.mark.skipif(not shutil.which("xgettext") and os.environ.get("CI") != "true",
                    reason="xgettext (Debian's gettext) is not installed")
def test_the_catalogue_holds_exactly_the_messages_of_the_code(tmp_path, settings, monkeypatch):
    copy = tmp_path / "locale"
    shutil.copytree(PO.parents[2], copy)
    settings.LOCALE_PATHS = [copy]
    monkeypatch.chdir(REPO)
    call_command("makemessages", locale=["zh_Hans"], ignore_patterns=MAKEMESSAGES_IGNORE,
                 no_obsolete=True, verbosity=0)
    fresh = set(entries(copy / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    committed = set(entries(PO))
    assert sorted(map(str, fresh - committed)) == [], "messages in the code but not in the catalogue"
    assert sorted(map(str, committed - fresh)) == [], "stale messages in the catalogue"
