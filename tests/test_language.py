"""The active language and vocabulary labels have one definition (``documents.language``):
templates' filters and Python code (views, forms, feeds, models) give the same wording, and
nothing else asks Django which language is active."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from documents.domain import vocabulary as vocab
from documents.language import (
    VOCABULARIES,
    active_language,
    is_english,
    link_wording,
    local_text,
    vocabulary_label,
)

APP = Path(__file__).resolve().parent.parent / "documents"


@pytest.mark.parametrize(("language", "english"), [
    ("vi", False), ("en", True), ("en-gb", True), ("fr", False),
])
def test_the_active_language(language, english):
    with translation.override(language):
        assert is_english() is english
        assert active_language() == ("en" if english else "vi")


def test_no_active_language_is_vietnamese():
    with translation.override(None):
        assert not is_english()


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_every_vocabulary_label_in_both_languages_from_python_and_templates(name):
    for key, term in VOCABULARIES[name].items():
        for language in ("vi", "en"):
            with translation.override(language):
                assert vocabulary_label(name, key) == getattr(term, language)
        assert vocabulary_label(name, key, "en") == term.en
    assert vocabulary_label(name, "no-such-key") == "no-such-key"
    assert vocabulary_label(name, None) == ""


@pytest.mark.parametrize(("filter_name", "vocabulary", "key"), [
    ("doc_type_label", "doc_type", "ke_hoach"),
    ("status_label", "status", "in_force"),
    ("locality_kind_label", "locality_kind", "ward"),
    ("body_kind_label", "body_kind", "party_committee"),
    ("comparator_label", "comparator", "at_least"),
    ("unit_label", "unit", "people"),
    ("level_label", "level", "1"),
    ("event_kind_label", "event_kind", "conference"),
])
def test_template_filters_say_what_python_says(filter_name, vocabulary, key):
    template = Template("{% load catalogue %}{{ key|" + filter_name + " }}")
    for language in ("vi", "en"):
        with translation.override(language):
            assert template.render(Context({"key": key})) == vocabulary_label(vocabulary, key)


def test_link_wording_from_both_ends():
    kind = vocab.LINK_KIND_BY_KEY["implements"]
    with translation.override("en"):
        assert link_wording("implements") == kind.en_forward
        assert link_wording("implements", "to") == kind.en_backward
        assert link_wording("implements", "to", "vi") == kind.vi_backward
        assert Template('{% load catalogue %}{{ k|kind_wording:"to" }}').render(
            Context({"k": "implements"})) == kind.en_backward
    assert link_wording("no-such-kind") == ""


def test_names_in_the_active_language():
    with translation.override("en"):
        assert local_text("Hà Nội", "Hanoi") == "Hanoi"
        assert local_text("Hà Nội", "") == "Hà Nội"
    with translation.override("vi"):
        assert local_text("Hà Nội", "Hanoi") == "Hà Nội"


def _modules():
    for path in sorted(APP.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_only_documents_language_asks_for_the_active_language():
    callers = [
        str(path.relative_to(APP)) for path, tree in _modules()
        for node in ast.walk(tree)
        if isinstance(node, ast.Name | ast.Attribute)
        and (getattr(node, "id", None) or getattr(node, "attr", None)) == "get_language"
    ]
    assert sorted(set(callers)) == ["language.py"]


def test_no_python_code_imports_the_template_filters():
    importers = []
    for path, tree in _modules():
        if "templatetags" in path.parts:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and "templatetags" in (node.module or ""):
                importers.append(str(path.relative_to(APP)))
    assert importers == []
