"""The Arabic catalog: every msgid translated, the committed .mo compiled from the committed .po,
every string of the public templates and every label the pages show in it."""

import ast
import gettext
import re

from django.conf import settings

from events.public_labels import LABEL_MSGIDS, OTHER_LABELS, PUBLIC_CHOICES

ROOT = settings.BASE_DIR
CATALOG = ROOT / "alliance_tracker" / "locale" / "ar" / "LC_MESSAGES"


def po_entries():
    """{msgid: msgstr or [plural forms]} of the .po (the header left out), by a small reader of
    the format makemessages writes."""
    entries, current, field = {}, None, None
    for line in [*(CATALOG / "django.po").read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current and current.get("msgid"):
                plural = [current[k] for k in sorted(k for k in current if k.startswith("msgstr["))]
                entries[current["msgid"]] = plural or current.get("msgstr", "")
            current, field = None, None
            continue
        if line.startswith("#"):
            continue
        current = current if current is not None else {}
        match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
        if match:
            field = match.group(1)
            current[field] = ast.literal_eval(match.group(2))
        else:
            current[field] += ast.literal_eval(line)
    return entries


def test_every_msgid_is_translated():
    entries = po_entries()
    assert len(entries) > 150
    untranslated = [
        msgid
        for msgid, msgstr in entries.items()
        if (not all(msgstr) if isinstance(msgstr, list) else not msgstr)
    ]
    assert untranslated == []


def test_the_mo_is_compiled_from_the_po():
    with (CATALOG / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    compiled = {key: value for key, value in catalog.items() if key != ""}
    expected = {}
    for msgid, msgstr in po_entries().items():
        if isinstance(msgstr, list):
            for index, form in enumerate(msgstr):
                expected[(msgid, index)] = form
        else:
            expected[msgid] = msgstr
    # Plural entries are keyed (msgid, n) in the .mo; the others by their msgid.
    assert {k if isinstance(k, str) else (k[0], k[1]) for k in compiled} == set(expected)
    assert all(compiled[key] == value for key, value in expected.items())


def test_every_string_of_the_public_templates_is_in_the_catalog():
    entries = po_entries()
    templates = [*(ROOT / "templates" / "public").glob("*.html"), ROOT / "templates" / "404.html"]
    strings = set()
    for template in templates:
        text = template.read_text(encoding="utf-8")
        strings |= set(re.findall(r'{% translate "([^"]+)"', text))
        strings |= set(re.findall(r"{% translate '([^']+)'", text))
    assert len(strings) > 60
    assert sorted(strings - set(entries)) == []


def test_every_label_the_pages_show_is_listed_and_translated():
    labels = {str(label) for choices in PUBLIC_CHOICES for label in choices.labels} | set(OTHER_LABELS)
    assert labels == set(LABEL_MSGIDS)
    entries = po_entries()
    assert sorted(labels - {msgid for msgid, msgstr in entries.items() if msgstr}) == []
