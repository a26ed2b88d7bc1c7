"""The catalogue is complete in both languages, speaks the school's Dutch, and the TUI source
passes catalogue keys (never literal sentences) to everything a person reads."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from cardsort.i18n import Translator, locale_language, pick_language
from cardsort.i18n_catalogue import CATALOGUE

TUI = Path(__file__).parents[2] / "cardsort" / "tui"

#: Calls whose string arguments a person reads.
SHOWN = {
    "Static",
    "Label",
    "Button",
    "Input",
    "Checkbox",
    "RadioButton",
    "Option",
    "Selection",
    "notify",
    "SystemCommand",
    "TextPrompt",
    "ConfirmModal",
    "MoveToModal",
    "HelpModal",
    "PickTarget",
    "update",
    "Text",
    "DiscoveryHit",
    "Hit",
    "append",
}
#: Keyword arguments that are identifiers or styles, not text.
NOT_TEXT = {
    "id",
    "classes",
    "variant",
    "style",
    "key",
    "severity",
    "cursor_type",
    "name",
    "origin",
}
#: Words that are not language: key caps and Rich style names.
SYMBOLS = {"Tab", "Enter", "ctrl+p", "bold", "italic", "underline", "reverse", "bold underline"}
WORDS = re.compile(r"[A-Za-zÀ-ÿ]{3,}")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_both_languages_with_the_same_placeholders() -> None:
    for key, texts in CATALOGUE.items():
        assert set(texts) == {"nl", "en"}, key
        assert texts["nl"].strip() and texts["en"].strip(), key
        assert _placeholders(texts["nl"]) == _placeholders(texts["en"]), key


def test_dutch_never_calls_a_group_of_cards_groep() -> None:
    offenders = [k for k, t in CATALOGUE.items() if re.search(r"\bgroep(en)?\b", t["nl"], re.I)]
    assert offenders == []


def test_translator_fills_placeholders_and_refuses_unknown_keys() -> None:
    assert Translator("nl")("finish.cards", count=3) == "3 kaarten"
    assert Translator("en")("finish.cards", count=3) == "3 cards"
    assert Translator("nl").count("finish.cards", 1) == "1 kaart"
    assert Translator("nl").count("finish.cards", 0) == "0 kaarten"
    with pytest.raises(KeyError):
        Translator("en")("no.such.key")
    assert Translator("en").get("Focus Next") == "Focus Next"
    with pytest.raises(ValueError, match="unknown language"):
        Translator("de")


def test_language_choice_order() -> None:
    assert pick_language("en", "nl", {"CARDSORT_LANG": "nl"}) == "en"
    assert pick_language(None, "en", {"CARDSORT_LANG": "nl"}) == "en"
    assert pick_language(None, None, {"CARDSORT_LANG": "en"}) == "en"
    assert pick_language(None, None, {"LANG": "nl_NL.UTF-8"}) == "nl"
    assert pick_language(None, None, {"LANG": "de_DE.UTF-8"}) == "en"
    assert pick_language(None, None, {"LANG": "C"}) == "nl"
    assert locale_language({"LC_ALL": "en_GB.UTF-8", "LANG": "nl_NL"}) == "en"


def literal_texts(source: str) -> list[tuple[int, str]]:
    """String literals passed to widgets that are neither catalogue keys nor wordless symbols."""
    found: list[tuple[int, str]] = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        args: list[ast.expr] = []
        if name == "Binding":
            args = node.args[2:3] + [k.value for k in node.keywords if k.arg == "description"]
        elif name in SHOWN:
            args = list(node.args) + [k.value for k in node.keywords if k.arg not in NOT_TEXT]
        for arg in args:
            for const in _constants(arg):
                text = const.value
                if text in CATALOGUE or text in SYMBOLS or not WORDS.search(text):
                    continue
                if text.endswith(".") and any(k.startswith(text) for k in CATALOGUE):
                    continue  # a key built from a prefix: f"coord.kind.{kind}"
                found.append((const.lineno, text))
    return found


def _constants(node: ast.expr) -> list[ast.Constant]:
    """String constants in an argument, not looking into nested calls (checked on their own)
    or dictionary keys (identifiers)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node]
    if isinstance(node, ast.Call):
        return []
    found: list[ast.Constant] = []
    for child in ast.iter_child_nodes(node):
        if isinstance(node, ast.Dict) and child in node.keys:
            continue
        if isinstance(child, ast.expr):
            found.extend(_constants(child))
    return found


def test_the_checker_finds_a_literal_sentence() -> None:
    bad = 'Static("Hello teacher")\nBinding("q", "quit", "Quit now")\nLabel(tr("key.quit"))\n'
    assert [t for _, t in literal_texts(bad)] == ["Hello teacher", "Quit now"]
    assert literal_texts('Static("", id="status")\nButton(self.tr("button.ok"), id="ok")') == []


def test_tui_source_shows_only_catalogue_texts() -> None:
    offenders = [
        f"{path.relative_to(TUI)}:{line}: {text!r}"
        for path in sorted(TUI.rglob("*.py"))
        for line, text in literal_texts(path.read_text("utf-8"))
    ]
    assert offenders == []


def test_every_key_used_in_the_tui_exists() -> None:
    used: set[str] = set()
    for path in TUI.rglob("*.py"):
        used |= set(
            re.findall(
                r'"((?:key|board|pile|group|error|move|button|help|welcome|'
                r'finish|thanks|detail|palette|coord)\.[a-z_.]+)"',
                path.read_text("utf-8"),
            )
        )
    missing = sorted(k for k in used if k not in CATALOGUE and not k.endswith("."))
    assert missing == []
