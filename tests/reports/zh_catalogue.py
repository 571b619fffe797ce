"""A small zh-Hans catalogue of the given messages for a test, so it does not depend on the
lead's merge of the project's catalogue (Django merges it in front of the project's), as
tests/publishing/conftest.py does for the digest."""

import polib


def install(tmp_path, settings, messages: dict) -> None:
    folder = tmp_path / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_Hans"}
    for msgid, msgstr in messages.items():
        context, msgid = msgid if isinstance(msgid, tuple) else (None, msgid)   # (msgctxt, msgid)
        catalogue.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr))
    catalogue.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]   # Django's setting_changed resets
