"""Label standardisation: normalise participants' group labels, suggest merges, apply a map.

"Rekenen", " rekenen " and "Rekenen!" are one label after normalisation; "Rekenen" and
"Rekenen groep 3" are only *suggested* for merging (fuzzy match with rapidfuzz) because a person
should confirm what a merge means. The standardisation map is plain data (normalised label ->
standard category name, plus per-group overrides for splitting one teacher's pile off); applying
it is a pure function, and persisting it is the store's job.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform

from cardsort.analysis._data import SortData

__all__ = [
    "LabelMergeSuggestion",
    "StandardisationMap",
    "StandardisedCategory",
    "StandardisedLabels",
    "best_spelling",
    "folder_name",
    "normalise_label",
    "spencer_agreement",
    "standardise",
    "suggest_label_merges",
]

_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=65536)
def normalise_label(label: str) -> str:
    """Case, accents, punctuation and white space folded away.

    Examples
    --------
    >>> normalise_label("  Spelling & Taal — Groep 3 ")
    'spelling taal groep 3'
    >>> normalise_label("Créatief") == normalise_label("creatief")
    True
    """
    text = unicodedata.normalize("NFKD", label)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _PUNCT.sub(" ", text.casefold())
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class StandardisationMap:
    """Which participant labels form one standard category.

    Attributes
    ----------
    labels : Mapping[str, str]
        Normalised participant label -> standard category name.
    groups : Mapping[tuple[str, int], str]
        ``(participant, local group index)`` -> standard category name; overrides ``labels``
        (used to split one participant's group off a merged category).

    Every method returns a new map.
    """

    labels: Mapping[str, str] = field(default_factory=dict)
    groups: Mapping[tuple[str, int], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        cleaned: dict[str, str] = {}
        for raw, standard in dict(self.labels).items():
            if not str(standard).strip():
                raise ValueError(f"standard name for {raw!r} must not be empty")
            cleaned[normalise_label(str(raw))] = str(standard).strip()
        object.__setattr__(self, "labels", cleaned)
        object.__setattr__(self, "groups", dict(self.groups))

    def standard_for(self, label: str, *, participant: str | None = None, group: int = -1) -> str:
        """Standard name for a participant label (``""`` for an unnamed group)."""
        if participant is not None and (participant, group) in self.groups:
            return self.groups[(participant, group)]
        key = normalise_label(label)
        if not key:
            return ""
        return self.labels.get(key, "")

    def merge(self, labels: Iterable[str], *, into: str) -> StandardisationMap:
        """Map every label in ``labels`` (and everything already mapped to them) to ``into``."""
        if not into.strip():
            raise ValueError("the merged category needs a name")
        keys = {normalise_label(x) for x in labels} - {""}
        if not keys:
            raise ValueError("nothing to merge: give at least one non-empty label")
        olds = {self.labels.get(k, k) for k in keys}
        new = {k: (into if v in olds or k in keys else v) for k, v in self.labels.items()}
        for key in keys:
            new[key] = into
        groups = {g: (into if v in olds else v) for g, v in self.groups.items()}
        return StandardisationMap(new, groups)

    def rename(self, old: str, new: str) -> StandardisationMap:
        """Rename standard category ``old`` (or an unmapped label) to ``new``."""
        if not new.strip():
            raise ValueError("the new name must not be empty")
        labels = {k: (new if v == old else v) for k, v in self.labels.items()}
        if old not in self.labels.values() and normalise_label(old):
            labels[normalise_label(old)] = new
        groups = {g: (new if v == old else v) for g, v in self.groups.items()}
        return StandardisationMap(labels, groups)

    def split(self, labels: Iterable[str]) -> StandardisationMap:
        """Take labels out of whatever category they were merged into (they stand alone again)."""
        drop = {normalise_label(x) for x in labels}
        return StandardisationMap(
            {k: v for k, v in self.labels.items() if k not in drop}, dict(self.groups)
        )

    def assign_group(self, participant: str, group: int, standard: str) -> StandardisationMap:
        """Put one participant's group in ``standard`` regardless of its label."""
        groups = dict(self.groups)
        groups[(participant, group)] = standard
        return StandardisationMap(dict(self.labels), groups)

    def to_rows(self) -> list[tuple[str, str]]:
        """``(normalised label, standard name)`` rows, sorted, for CSV export."""
        return sorted(self.labels.items())

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[str]]) -> StandardisationMap:
        """Inverse of :meth:`to_rows`; raises ``ValueError`` on a malformed row."""
        labels: dict[str, str] = {}
        for number, row in enumerate(rows, start=1):
            if len(row) < 2:
                raise ValueError(f"row {number}: expected 'label, standard name'")
            labels[str(row[0])] = str(row[1])
        return cls(labels)


@dataclass(frozen=True)
class StandardisedCategory:
    """One standard category and its Spencer agreement.

    Attributes
    ----------
    name : str
        Display name (the map's name, else the most used spelling).
    key : str
        Normalised key.
    variants : tuple of str
        Original spellings, most used first.
    participants : int
        Participants with at least one group in this category.
    placements : int
        (participant, card) placements in it.
    unique_cards : int
        Cards placed in it by anyone.
    agreement : float
        Spencer: ``placements / (unique_cards * participants)``.
    card_keys : tuple of str
        Those cards, most placed first.
    """

    name: str
    key: str
    variants: tuple[str, ...]
    participants: int
    placements: int
    unique_cards: int
    agreement: float
    card_keys: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class StandardisedLabels:
    """Every participant group mapped to a standard category.

    Attributes
    ----------
    categories : tuple of StandardisedCategory
        Sorted by participants, then name.
    group_category : tuple of tuple of int
        Per participant and local group: index into ``categories`` or ``-1`` (unnamed).
    """

    categories: tuple[StandardisedCategory, ...]
    group_category: tuple[tuple[int, ...], ...]

    def category_matrix(self, data: SortData) -> npt.NDArray[np.int64]:
        """``(P, C)``: category index of each placement (``-1`` unplaced or unnamed)."""
        out = np.full(data.assignments.shape, -1, dtype=np.int64)
        for p, cats in enumerate(self.group_category):
            if not cats:
                continue
            lookup = np.array(cats, dtype=np.int64)
            row = data.assignments[p]
            ok = row >= 0
            out[p, ok] = lookup[row[ok]]
        return out


def spencer_agreement(placements: int, unique_cards: int, participants: int) -> float:
    """Donna Spencer's agreement for a standardised category.

    Examples
    --------
    >>> round(spencer_agreement(97, 12, 16), 3)  # "content management" in Simple Card Sort
    0.505
    >>> spencer_agreement(10, 2, 5)
    1.0
    """
    if unique_cards <= 0 or participants <= 0:
        raise ValueError("a category needs at least one card and one participant")
    return placements / (unique_cards * participants)


def standardise(
    data: SortData, mapping: StandardisationMap | Mapping[str, str] | None = None
) -> StandardisedLabels:
    """Apply a standardisation map to every participant group (pure).

    Unmapped labels stand for themselves after :func:`normalise_label`. In a closed or hybrid
    sort a label matching a predefined category is that category, under its predefined name.
    """
    smap = mapping if isinstance(mapping, StandardisationMap) else StandardisationMap(mapping or {})
    predefined = {normalise_label(c): c for c in data.categories}
    # key -> display name decided by the map or the predefined category
    forced: dict[str, str] = {}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    group_key: list[list[str]] = []
    for p, labels in enumerate(data.group_labels):
        keys = []
        for g, label in enumerate(labels):
            standard = smap.standard_for(label, participant=data.participants[p], group=g)
            norm = normalise_label(label)
            if standard:
                key = normalise_label(standard)
                forced[key] = standard
            elif norm in predefined:
                key = norm
                forced[key] = predefined[norm]
            else:
                key = norm
            if key:
                spellings[key][label.strip()] += 1
            keys.append(key)
        group_key.append(keys)
    # Placements per key, vectorised: the key of each (participant, card), where an unnamed
    # subgroup counts under its parent's name.
    vocabulary = sorted({k for keys in group_key for k in keys if k})
    key_id = {k: i for i, k in enumerate(vocabulary)}
    parents = data.group_parents
    n_p, n_c = data.assignments.shape
    placement_key = np.full((n_p, n_c), -1, dtype=np.int64)
    for p, keys in enumerate(group_key):
        lookup = np.array([key_id.get(k, -1) for k in keys] or [-1], dtype=np.int64)
        if parents is not None:
            for g, parent in enumerate(parents[p]):
                if lookup[g] < 0 and parent >= 0:
                    lookup[g] = lookup[parent]
        row = data.assignments[p]
        ok = row >= 0
        placement_key[p, ok] = lookup[row[ok]]
    rows, cols = np.nonzero(placement_key >= 0)
    keys_of = placement_key[rows, cols]
    n_keys = len(vocabulary)
    card_counts = np.bincount(keys_of * n_c + cols, minlength=n_keys * n_c).reshape(n_keys, n_c)
    people_pairs = np.unique(keys_of * max(n_p, 1) + rows)
    people = np.bincount(people_pairs // max(n_p, 1), minlength=n_keys)
    names = sorted(
        (i for i in range(n_keys) if people[i] > 0),  # a label on an empty pile is no category
        key=lambda i: (-int(people[i]), _display(vocabulary[i], forced, spellings)),
    )
    categories = []
    index = {}
    for position, i in enumerate(names):
        key = vocabulary[i]
        counts = card_counts[i]
        used = np.nonzero(counts)[0]
        placements = int(counts.sum())
        index[key] = position
        ordered = sorted(used.tolist(), key=lambda c: (-int(counts[c]), data.card_keys[c]))
        categories.append(
            StandardisedCategory(
                name=_display(key, forced, spellings),
                key=key,
                variants=tuple(s for s, _ in sorted(spellings[key].items(), key=_by_count)),
                participants=int(people[i]),
                placements=placements,
                unique_cards=int(used.size),
                agreement=spencer_agreement(placements, int(used.size), int(people[i])),
                card_keys=tuple(data.card_keys[c] for c in ordered),
            )
        )
    group_category = tuple(tuple(index.get(k, -1) for k in keys) for keys in group_key)
    return StandardisedLabels(tuple(categories), group_category)


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def _display(key: str, forced: Mapping[str, str], spellings: Mapping[str, Counter[str]]) -> str:
    if key in forced:
        return forced[key]
    counts = spellings.get(key)
    if not counts:
        return key
    return best_spelling(counts)


def _casing(text: str) -> str:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "none"
    if all(ch.isupper() for ch in letters):
        return "upper" if len(letters) > 1 else "capital"
    if all(ch.islower() for ch in letters):
        return "lower"
    return "capital" if letters[0].isupper() else "mixed"


def best_spelling(counts: Mapping[str, int]) -> str:
    """The way most people wrote a label: their casing, single spaces, no stray punctuation.

    The casing is voted on over every variant ("Communicatie", "Communicatie!" and
    "Communicatie." all vote for a capital, so they beat three "communicatie"); spacing runs
    collapse, and trailing punctuation goes unless everybody used it. Among the variants
    written in the winning casing, the most used one wins (ties: fewest characters, then
    alphabetical).

    Examples
    --------
    >>> best_spelling({"communicatie": 3, "Communicatie": 2, "Communicatie!": 2})
    'Communicatie'
    >>> best_spelling({"ict": 2, "ICT": 3}), best_spelling({"IB  en zorg ": 1})
    ('ICT', 'IB en zorg')
    """
    tidy: Counter[str] = Counter()
    for variant, n in counts.items():
        text = " ".join(variant.split())
        stripped = text.rstrip("!?.,;:")
        tidy[stripped or text] += int(n)
    votes: Counter[str] = Counter()
    for text, n in tidy.items():
        votes[_casing(text)] += n
    style = max(votes, key=lambda s: (votes[s], s == "capital"))
    pool = [t for t in tidy if _casing(t) == style]
    return sorted(pool, key=lambda t: (-tidy[t], len(t), t))[0]


# Characters no folder on Windows, SharePoint/OneDrive or Google Drive may hold (the strictest
# target rules in drive_adapters/rules), replaced the way a person would write around them.
_SEPARATORS = re.compile(r"\s*[/\\|]\s*")
_COLON = re.compile(r"\s*:\s*")
_DROPPED = re.compile(r'[*?<>"\x00-\x1f]')


def folder_name(label: str) -> str:
    """A label as a folder name that every target accepts and that still reads naturally.

    ``/``, ``\\`` and ``|`` between words become " - ", a colon becomes " - ", quotes become
    single quotes, ``* ? < >`` and control characters go; trailing dots, dashes and spaces
    go. ``""`` when nothing is left (the caller names the folder otherwise).

    Examples
    --------
    >>> folder_name("IB / zorg"), folder_name("Groep 1/2"), folder_name('Jaar: "2024"?')
    ('IB - zorg', 'Groep 1-2', "Jaar - '2024'")
    """
    text = label.replace('"', "'")
    text = _SEPARATORS.sub(lambda m: "-" if m.group(0).strip() == m.group(0) else " - ", text)
    text = _COLON.sub(" - ", text)
    text = _DROPPED.sub("", text)
    return " ".join(text.split()).rstrip(" .-")


@dataclass(frozen=True)
class LabelMergeSuggestion:
    """Labels that look like one category.

    Attributes
    ----------
    labels : tuple of str
        Normalised labels, most used first; the first is the proposed name.
    score : float
        Lowest pairwise rapidfuzz ``WRatio`` inside the suggestion (0-100).
    card_overlap : float
        Jaccard overlap of the cards placed under the labels (NaN without card data); check
        the cards, not only the labels.
    """

    labels: tuple[str, ...]
    score: float
    card_overlap: float


def suggest_label_merges(
    labels: Sequence[str],
    *,
    threshold: float = 88.0,
    counts: Mapping[str, int] | None = None,
    cards: Mapping[str, frozenset[str]] | None = None,
) -> list[LabelMergeSuggestion]:
    """Suggest merges of near-identical labels (a person confirms them).

    Labels are normalised first (so case and accents never need a suggestion); clusters are
    built by complete linkage on the ``WRatio`` score, so every pair in a suggestion scores at
    least ``threshold`` and chains like "a" ~ "ab" ~ "abc..." do not snowball.

    Parameters
    ----------
    labels : sequence of str
        Raw labels (duplicates allowed).
    threshold : float
        Minimum rapidfuzz ``WRatio`` (0-100).
    counts : mapping, optional
        Uses per normalised label, to order labels; defaults to occurrences in ``labels``.
    cards : mapping, optional
        Normalised label -> card keys placed under it, to report the card overlap.

    Examples
    --------
    >>> [s.labels for s in suggest_label_merges(["Rekenen", "rekenen!", "Rekenen groep 3", "Taal"])]
    [('rekenen', 'rekenen groep 3')]
    """
    if not 0 <= threshold <= 100:
        raise ValueError("threshold is a score between 0 and 100")
    tally = Counter(normalise_label(x) for x in labels)
    tally.pop("", None)
    if counts is not None:
        tally = Counter({k: counts.get(k, v) for k, v in tally.items()})
    keys = sorted(tally, key=lambda k: (-tally[k], k))
    if len(keys) < 2:
        return []
    scores = process.cdist(keys, keys, scorer=fuzz.WRatio, dtype=np.float32, workers=1)
    scores = np.minimum(scores, scores.T)
    # Complete linkage on 100 - score: every pair inside a cluster passes the threshold.
    distance = 100.0 - scores.astype(np.float64)
    np.fill_diagonal(distance, 0.0)
    tree = hierarchy.linkage(squareform(distance, checks=False), method="complete")
    flat = hierarchy.fcluster(tree, t=100.0 - threshold, criterion="distance")
    clusters = [sorted(np.nonzero(flat == f)[0].tolist()) for f in np.unique(flat)]
    out = []
    for members in clusters:
        if len(members) < 2:
            continue
        sub = scores[np.ix_(members, members)]
        names = tuple(keys[i] for i in members)
        overlap = float("nan")
        if cards is not None:
            sets = [cards.get(n, frozenset()) for n in names]
            union = frozenset().union(*sets)
            inter = frozenset(sets[0]).intersection(*sets[1:])
            overlap = len(inter) / len(union) if union else float("nan")
        out.append(LabelMergeSuggestion(names, float(sub.min()), overlap))
    out.sort(key=lambda s: (-s.score, s.labels))
    return out
