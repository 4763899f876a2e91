"""Project-wide guarantees: migrations committed, Chinese catalog complete and compiled."""

import re
import shutil
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

CATALOG = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
def test_migrations_are_committed():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def catalog_entries():
    text = CATALOG.read_text(encoding="utf-8")
    return [entry for entry in text.split("\n\n") if "msgid" in entry][1:]


def test_every_message_has_a_chinese_translation():
    untranslated = []
    for entry in catalog_entries():
        if entry.lstrip().startswith("#~"):
            continue
        translations = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry, re.M)
        if "#, fuzzy" in entry or not any(t.replace('"', "").replace("\n", "").strip() for t in translations):
            untranslated.append(entry.splitlines()[-2] if len(entry.splitlines()) > 1 else entry)
    assert not untranslated, f"{len(untranslated)} messages lack a Chinese translation: {untranslated[:5]}"


def test_the_compiled_catalog_is_in_use():
    with translation.override("zh-hans"):
        assert translation.gettext("Dashboard") == "工作台"
        assert translation.gettext("party branch") == "党支部"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_the_catalog_holds_every_message_in_the_source(tmp_path, monkeypatch, settings):
    """Run makemessages on a copy of the catalog: a message missing from it shows as untranslated."""
    root = CATALOG.parents[3]
    for name in ["branches", "services", "torchbearer", "templates"]:
        shutil.copytree(root / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(root / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["zh_Hans"], verbosity=0)
    monkeypatch.setattr(sys.modules[__name__], "CATALOG", tmp_path / CATALOG.relative_to(root))
    test_every_message_has_a_chinese_translation()
