"""Name-level rules: what is wrong with one name, and the one deterministic fix for it.

:func:`sanitize_name` is idempotent (a fixed name is left alone) and its result passes
:func:`check_name`; :func:`sibling_key` is how a target compares sibling names (case and
Unicode normalisation), and :func:`with_counter` makes the " (2)" names that resolve a collision.

Names are ``str``; a name that came from bytes that are not valid UTF-8 carries lone surrogates
(``os.fsdecode``). Where a target needs text, those bytes are read as Windows-1252, which is
what old Dutch Windows servers wrote ("caf\\xe9" becomes "café").
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from drive_adapters.rules.model import LengthUnit, Limit, RuleSet

__all__ = [
    "check_name",
    "fit_length",
    "has_undecodable",
    "measure",
    "name_ok",
    "sanitize_name",
    "sibling_key",
    "split_extension",
    "with_counter",
]

_SURROGATES = re.compile("[\udc80-\udcff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_MAX_EXT = 16
_REPLACEMENT = "_"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", "_"), error.end


codecs.register_error("cardsort-cp1252", _cp1252_fallback)


def has_undecodable(name: str) -> bool:
    """Whether the name holds bytes that were not valid UTF-8 (lone surrogates)."""
    return _SURROGATES.search(name) is not None


def as_text(name: str) -> str:
    """The name as real text: undecodable bytes read as Windows-1252."""
    if not has_undecodable(name):
        return name
    raw = name.encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "cardsort-cp1252")


def measure(text: str, unit: LengthUnit) -> int:
    """The length of a name or path as the target counts it."""
    if unit is LengthUnit.CHARS or text.isascii():
        return len(text)
    if unit is LengthUnit.UTF16:
        return len(as_text(text).encode("utf-16-le", "surrogatepass")) // 2
    return len(text.encode("utf-8", "surrogateescape"))


def split_extension(name: str) -> tuple[str, str]:
    """``("Rapport", ".docx")``; no extension for dot-files or very long "extensions"."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or not ext or len(ext) + 1 > _MAX_EXT or " " in ext:
        return name, ""
    return stem, "." + ext


def fit_length(name: str, limits: tuple[Limit, ...], *, is_folder: bool) -> str:
    """Shorten the stem (keeping the extension) until the name fits every limit."""
    if all(measure(name, lim.unit) <= lim.value for lim in limits):
        return name
    stem, ext = ("", "") if is_folder else split_extension(name)
    if not ext:
        stem = name
    while stem and not all(measure(stem + ext, lim.unit) <= lim.value for lim in limits):
        stem = stem[:-1]
    if not stem:  # an absurd extension: shorten the whole name
        whole = name
        while whole and not all(measure(whole, lim.unit) <= lim.value for lim in limits):
            whole = whole[:-1]
        return whole or _REPLACEMENT
    return stem.rstrip(" .") + ext if stem.rstrip(" .") else stem + ext


def _stem_is_reserved(name: str, rules: RuleSet) -> bool:
    if not rules.reserved_stems:
        return False
    return name.split(".", 1)[0].rstrip(" ").casefold() in rules.reserved_stems


class _Compiled:
    """A rule set turned into the fastest checks Python offers (one per rule set)."""

    def __init__(self, rules: RuleSet) -> None:
        chars = "".join(re.escape(c) for c in sorted(rules.invalid_chars))
        ranges = "\x00-\x1f\x7f-\x9f" if rules.control_chars else ""
        if rules.utf8_required:
            ranges += "\udc80-\udcff"
        body = chars + ranges
        self.bad = re.compile(f"[{body}]") if body else None
        self.trailing = (" " if rules.no_trailing_space else "") + (
            "." if rules.no_trailing_dot else ""
        )
        self.min_segment = min((lim.value for lim in rules.segment_limits), default=None)
        self.folder_suffixes = tuple(x.casefold() for x in rules.folder_suffixes)
        self.stem_heads = frozenset(x[:3] for x in rules.reserved_stems)
        self.names_or_parts = bool(rules.reserved_names or rules.reserved_substrings)


_COMPILED: dict[int, tuple[RuleSet, _Compiled]] = {}


def _compiled(rules: RuleSet) -> _Compiled:
    found = _COMPILED.get(id(rules))
    if found is None or found[0] is not rules:
        found = (rules, _Compiled(rules))
        _COMPILED[id(rules)] = found
    return found[1]


def name_ok(name: str, rules: RuleSet, *, is_folder: bool, at_root: bool) -> bool:
    """Whether a name breaks no rule: the fast path of :func:`check_name` (same answer)."""
    c = _compiled(rules)
    if not name or (c.bad is not None and c.bad.search(name)):
        return False
    if (rules.no_leading_space and name[0] == " ") or (c.trailing and name[-1] in c.trailing):
        return False
    if (
        c.min_segment is not None
        and (not name.isascii() or len(name) > c.min_segment)
        and any(measure(name, lim.unit) > lim.value for lim in rules.segment_limits)
    ):
        return False
    if c.stem_heads and name[:3].casefold() in c.stem_heads and _stem_is_reserved(name, rules):
        return False
    if c.names_or_parts or (
        is_folder and (c.folder_suffixes or (at_root and rules.root_folder_names))
    ):
        folded = name.casefold()
        if folded in rules.reserved_names:
            return False
        if any(part in folded for part in rules.reserved_substrings):
            return False
        if is_folder and c.folder_suffixes and folded.endswith(c.folder_suffixes):
            return False
        if is_folder and at_root and folded in rules.root_folder_names:
            return False
    if rules.reserved_prefixes and name.startswith(rules.reserved_prefixes):
        return False
    return not (is_folder and rules.folder_prefixes and name.startswith(rules.folder_prefixes))


def check_name(
    name: str, rules: RuleSet, *, is_folder: bool, at_root: bool
) -> list[tuple[str, str]]:
    """Every rule of ``rules`` the name breaks, as ``(code, message)``; empty when it is fine."""
    found: list[tuple[str, str]] = []
    if not name:
        return [("empty-name", "the name is empty")]
    if rules.utf8_required and has_undecodable(name):
        found.append(("not-utf8", "the name is not valid UTF-8 text"))
    bad = sorted({c for c in name if c in rules.invalid_chars})
    if rules.control_chars and _CONTROL.search(name):
        bad.append("control characters")
    if bad:
        shown = " ".join(repr(c) if len(c) == 1 else c for c in bad)
        found.append(("invalid-char", f"characters not allowed: {shown}"))
    if rules.no_leading_space and name.startswith(" "):
        found.append(("leading-space", "the name starts with a space"))
    if rules.no_trailing_space and name.endswith(" "):
        found.append(("trailing-space", "the name ends with a space"))
    if rules.no_trailing_dot and name.endswith("."):
        found.append(("trailing-dot", "the name ends with a dot"))
    folded = name.casefold()
    if _stem_is_reserved(name, rules) or folded in rules.reserved_names:
        found.append(("reserved-name", f"{name!r} is a reserved name"))
    for prefix in rules.reserved_prefixes:
        if name.startswith(prefix):
            found.append(("reserved-prefix", f"names may not start with {prefix!r}"))
    for part in rules.reserved_substrings:
        if part in folded:
            found.append(("reserved-part", f"names may not contain {part!r}"))
    if is_folder:
        for prefix in rules.folder_prefixes:
            if name.startswith(prefix):
                found.append(("folder-prefix", f"folder names may not start with {prefix!r}"))
        for suffix in rules.folder_suffixes:
            if folded.endswith(suffix.casefold()):
                found.append(("folder-suffix", f"folder names may not end with {suffix!r}"))
        if at_root and folded in rules.root_folder_names:
            found.append(("root-reserved", f"{name!r} is reserved at the top of a library"))
    for limit in rules.segment_limits:
        length = measure(name, limit.unit)
        if length > limit.value:
            found.append(
                (
                    "segment-too-long",
                    f"the name is {length} {limit.unit.value} long (limit {limit.value})",
                )
            )
    return found


def _sanitize_once(name: str, rules: RuleSet, *, is_folder: bool, at_root: bool) -> str:
    if rules.utf8_required:
        name = as_text(name)
    if rules.invalid_chars:
        name = "".join(_REPLACEMENT if c in rules.invalid_chars else c for c in name)
    if rules.control_chars:
        name = _CONTROL.sub(_REPLACEMENT, name)
    for part in rules.reserved_substrings:  # "_vti_" -> "_vti-"
        name = re.sub(re.escape(part), part[:-1] + "-", name, flags=re.IGNORECASE)
    for prefix in rules.reserved_prefixes:  # "~$x" -> "_$x"
        if name.startswith(prefix):
            name = _REPLACEMENT + name[1:]
    if is_folder:
        for prefix in rules.folder_prefixes:
            if name.startswith(prefix):
                name = _REPLACEMENT + name[len(prefix) :]
    if rules.no_leading_space:
        name = name.lstrip(" ")
    while (rules.no_trailing_space and name.endswith(" ")) or (
        rules.no_trailing_dot and name.endswith(".")
    ):
        name = name[:-1]
    if not name:
        name = _REPLACEMENT
    if _stem_is_reserved(name, rules):  # "CON.txt" -> "CON_.txt"
        stem, dot, rest = name.partition(".")
        name = stem + _REPLACEMENT + dot + rest
    if name.casefold() in rules.reserved_names:  # ".lock" -> "_.lock"
        name = _REPLACEMENT + name
    if is_folder:
        for suffix in rules.folder_suffixes:  # "Verslag_bestanden" -> "Verslag bestanden"
            if name.casefold().endswith(suffix.casefold()):
                name = name[: -len(suffix)] + " " + name[-len(suffix) + 1 :]
        if at_root and name.casefold() in rules.root_folder_names:
            name = name + _REPLACEMENT
    if rules.segment_limits:
        name = fit_length(name, rules.segment_limits, is_folder=is_folder)
    return name


def sanitize_name(name: str, rules: RuleSet, *, is_folder: bool, at_root: bool = False) -> str:
    """The name fixed for ``rules``: the same name when it is fine, deterministic otherwise."""
    if name_ok(name, rules, is_folder=is_folder, at_root=at_root):
        return name
    for _ in range(8):  # every step only removes a problem; a fixpoint comes quickly
        fixed = _sanitize_once(name, rules, is_folder=is_folder, at_root=at_root)
        if fixed == name:
            return name
        name = fixed
    return name  # pragma: no cover - not reached for any input the property tests found


def sibling_key(name: str, rules: RuleSet) -> str:
    """The key under which the target compares sibling names."""
    if name.isascii():  # NFC leaves ASCII alone; casefold of ASCII is lower()
        return name.lower() if rules.case_insensitive else name
    if rules.normalization_insensitive or rules.case_insensitive:
        name = unicodedata.normalize("NFC", name)
    if rules.case_insensitive:
        name = unicodedata.normalize("NFC", name.casefold())
    return name


def with_counter(name: str, n: int, rules: RuleSet, *, is_folder: bool) -> str:
    """``Rapport (2).docx``: the n-th variant of a name, still within the length limits."""
    stem, ext = (name, "") if is_folder else split_extension(name)
    tail = f" ({n})" + ext
    candidate = stem + tail
    while (
        stem
        and rules.segment_limits
        and not all(measure(candidate, lim.unit) <= lim.value for lim in rules.segment_limits)
    ):
        stem = stem[:-1]
        candidate = stem.rstrip(" ") + tail
    return candidate
