"""The Kazakh and Russian catalogues are complete, compiled, and in step with the code.

New or changed string: run `ZHUSAN_DEMO=1 make messages`, then translate every empty or "fuzzy" entry
in zhusan/locale/kk/LC_MESSAGES/django.po and zhusan/locale/ru/LC_MESSAGES/django.po (every plural form),
run `ZHUSAN_DEMO=1 make messages` again to compile the .mo files, and commit the .po and .mo files together.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

ZHUSAN = Path(settings.BASE_DIR)
LOCALE = ZHUSAN / "locale"
# The language, its plural count, and the translated "Sign in" that people see on the first page.
LANGS = {"kk": (2, "Кіру"), "ru": (3, "Войти")}
# Folders with no UI text, left out of extraction (`make messages` should pass the same --ignore).
IGNORED = ["law/*", "identity/data/*"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")

NEXT_STEP = (
    "Run `ZHUSAN_DEMO=1 make messages`, translate the new entries in "
    "zhusan/locale/{kk,ru}/LC_MESSAGES/django.po, run it again to compile, and commit .po and .mo."
)


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def __str__(self) -> str:
        ctxt = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return ctxt + repr(self.msgid)


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (header first), with their flags; obsolete `#~` ones dropped."""
    entries: list[Entry] = []
    entry, target, seen = Entry(), None, False

    def close() -> None:
        nonlocal entry, target, seen
        if seen:
            entries.append(entry)
        entry, target, seen = Entry(), None, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            close()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if target == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + value
            elif target == "msgid":
                entry.msgid += value
            elif target == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + value
            else:
                assert isinstance(target, int), f"{path}: stray string {raw!r}"
                entry.msgstr[target] += value
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            seen = True
            if keyword in ("msgctxt", "msgid", "msgid_plural"):
                setattr(entry, keyword, value)
                target = keyword
            else:
                match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
                assert match, f"{path}: unknown line {raw!r}"
                target = int(match.group(1) or 0)
                entry.msgstr[target] = value
    close()
    return entries


def header(entries: list[Entry]) -> dict[str, str]:
    first = entries[0]
    assert first.msgid == "" and first.msgctxt is None, "the header must be the first entry"
    lines = (line.partition(":") for line in first.msgstr[0].splitlines())
    return {name.strip().lower(): value.strip() for name, _, value in lines}


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_has_a_translation_in_every_plural_form(lang):
    entries = read_po(po_path(lang))
    meta = header(entries)
    nplurals = LANGS[lang][0]
    assert meta["language"] == lang
    assert re.match(rf"nplurals={nplurals};", meta["plural-forms"]), meta["plural-forms"]
    assert "fuzzy" not in entries[0].flags, "the header is marked fuzzy"

    problems = []
    for entry in entries[1:]:
        forms = nplurals if entry.msgid_plural is not None else 1
        if "fuzzy" in entry.flags:
            problems.append(f"{entry}: marked fuzzy (check the translation, then drop the flag)")
        if sorted(entry.msgstr) != list(range(forms)):
            problems.append(f"{entry}: {len(entry.msgstr)} forms instead of {forms}")
        if any(not text.strip() for text in entry.msgstr.values()):
            problems.append(f"{entry}: not translated")
        wanted = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in entry.msgstr.values():
            used = set(PLACEHOLDER.findall(text))
            # A plural form may leave the number out ("один человек"), but never invent a name.
            if used - wanted or (entry.msgid_plural is None and used != wanted):
                problems.append(f"{entry}: placeholders {sorted(used)} instead of {sorted(wanted)}")
    assert not problems, f"{lang}:\n" + "\n".join(problems) + "\n" + NEXT_STEP
    assert len(entries) > 100


@pytest.mark.parametrize("lang", LANGS)
def test_the_compiled_catalogue_matches_the_po_file(lang):
    """The committed .mo holds exactly what msgfmt would make of the committed .po."""
    expected: dict[object, str] = {}
    for entry in read_po(po_path(lang)):
        if "fuzzy" in entry.flags and entry.msgid:
            continue  # msgfmt leaves fuzzy entries out
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            if entry.msgstr[0]:
                expected[key] = entry.msgstr[0]
        elif all(entry.msgstr.values()):
            expected.update({(key, i): text for i, text in entry.msgstr.items()})

    mo_path = po_path(lang).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `ZHUSAN_DEMO=1 make messages`"
    with mo_path.open("rb") as fh:
        compiled = dict(gettext.GNUTranslations(fh)._catalog)

    # msgfmt drops the POT-Creation-Date line from the header it compiles.
    for catalogue in (expected, compiled):
        catalogue[""] = re.sub(r"(?m)^POT-Creation-Date:.*\n", "", catalogue.get("", ""))
    stale = sorted(str(k) for k in expected.keys() ^ compiled.keys())
    changed = sorted(
        str(k) for k in expected.keys() & compiled.keys() if expected[k] != compiled[k]
    )
    assert not stale and not changed, (
        f"{mo_path} is out of date with its .po (entries {stale + changed}); "
        "run `ZHUSAN_DEMO=1 make messages` and commit the .mo"
    )


def extract_messages(tmp_path: Path) -> set[tuple[str | None, str, str | None]]:
    """The messages in the code now, by running makemessages over a copy of the tree."""
    copy = tmp_path / "zhusan"
    shutil.copytree(
        ZHUSAN, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "locale", "static")
    )
    cwd = Path.cwd()
    try:
        os.chdir(copy)
        # Only the copy's own locale folder: nothing is written under the real tree.
        with override_settings(LOCALE_PATHS=[str(copy / "locale")]):
            call_command(
                "makemessages",
                locale=["kk"],
                ignore_patterns=IGNORED,
                no_obsolete=True,
                verbosity=0,
            )
    finally:
        os.chdir(cwd)
    return {
        entry.key for entry in read_po(copy / "locale" / "kk" / "LC_MESSAGES" / "django.po")[1:]
    }


def test_the_catalogues_cover_every_translatable_string_in_the_code(tmp_path):
    if not (shutil.which("xgettext") and shutil.which("msgmerge")):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext, msgmerge) must be installed")
        pytest.skip("GNU gettext is not installed: apt-get install gettext")
    in_code = extract_messages(tmp_path)
    assert len(in_code) > 100, "makemessages found next to nothing: is the copy of the tree right?"
    for lang in LANGS:
        in_catalogue = {entry.key for entry in read_po(po_path(lang))[1:]}
        missing = sorted(in_code - in_catalogue, key=str)
        stale = sorted(in_catalogue - in_code, key=str)
        assert not missing and not stale, (
            f"zhusan/locale/{lang}/LC_MESSAGES/django.po is behind the code.\n"
            + "".join(f"  missing: {key[1]!r}\n" for key in missing)
            + "".join(f"  no longer in the code: {key[1]!r}\n" for key in stale)
            + NEXT_STEP
        )


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGS)
def test_the_sign_in_page_speaks_the_language_asked_for(client, lang):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert f'lang="{lang}"' in page
    assert LANGS[lang][1] in page
    assert "Sign in" not in page and "Password" not in page
    # The language switch names each language in that language.
    for name in ("Қазақ", "Русский", "English"):
        assert f">{name}</button>" in page


def test_russian_counts_take_the_right_plural_form():
    with translation.override("ru"):
        phrases = {
            n: translation.ngettext("%(n)s person", "%(n)s persons", n) % {"n": n}
            for n in (1, 3, 5, 11, 21, 24)
        }
    assert phrases == {
        1: "1 человек",
        3: "3 человека",
        5: "5 человек",
        11: "11 человек",
        21: "21 человек",
        24: "24 человека",
    }
