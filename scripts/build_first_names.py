"""Rebuild ``cardsort/privacy/data/first_names*.txt`` from two maintained first-name sources.

Usage (from the repository root, with both wheels unpacked anywhere)::

    pip download --no-deps faker gender-guesser -d /tmp/names
    (cd /tmp/names && for w in *.whl; do unzip -o -q "$w" -d unpacked; done)
    python scripts/build_first_names.py /tmp/names/unpacked

Two files come out, one per licence, so each keeps its own terms:

- ``first_names_faker.txt`` (MIT): the first names of Faker's person providers for the locales
  whose families are common in Dutch primary schools (Dutch, Flemish, English, German, French,
  Turkish, Moroccan/Arabic in Latin script, Polish, Spanish, Portuguese, Italian, Romanian, ...).
- ``first_names_nam_dict.txt`` (GNU FDL 1.2 or later, derived from Jörg Michael's
  ``nam_dict.txt`` as shipped in the gender-guesser package): every name with a frequency in the
  Netherlands or Belgium, and the more frequent names of the other countries listed below.

A third file, ``not_names.txt``, lists the names that are also ordinary words (``les``,
``van``, ``versie``, ``april``, ``hope``) according to Debian's word lists (``wdutch``,
``wbritish``: /usr/share/dict/dutch and british-english), unless the name is common among Dutch
and Flemish children and parents (frequency at least 3 there, or in Faker's Dutch lists): such a
token alone does not make a file name personal. ``Roos``, ``Iris`` and ``Mark`` stay names.

A fourth file, ``last_names_faker.txt`` (MIT), holds the Dutch and Flemish surnames of Faker's
``nl_NL`` and ``nl_BE`` lists: those with a particle as written (``de vries``, ``van dijk``),
the others only when they are not an ordinary word (``jansen`` stays, ``bakker`` and ``bos``
go: "bakker" is a baker, "bos" a wood).

Names are written case-folded, one a line, sorted; only names written in Latin script are kept
(file names on a Dutch share are). Run it again when either package publishes new data.
"""

from __future__ import annotations

import ast
import sys
import unicodedata
from pathlib import Path

FAKER_LOCALES = [
    "nl_NL",
    "nl_BE",
    "fr_BE",
    "en_GB",
    "en_US",
    "en_IE",
    "en",
    "de_DE",
    "fr_FR",
    "tr_TR",
    "pl_PL",
    "es_ES",
    "pt_PT",
    "pt_BR",
    "it_IT",
    "ro_RO",
    "bg_BG",
    "uk_UA",
    "da_DK",
    "sv_SE",
    "no_NO",
    "fi_FI",
    "cs_CZ",
    "sk_SK",
    "hu_HU",
    "hr_HR",
    "sl_SI",
    "lt_LT",
    "lv_LV",
    "et_EE",
    "en_NG",
    "en_IN",
    "en_PK",
    "id_ID",
    "sw",
    "az_AZ",
]
FAKER_ATTRIBUTES = (
    "first_names",
    "first_names_male",
    "first_names_female",
    "first_names_nonbinary",
)
# nam_dict column order (gender-guesser's Detector.COUNTRIES).
COUNTRIES = [
    "great_britain",
    "ireland",
    "usa",
    "italy",
    "malta",
    "portugal",
    "spain",
    "france",
    "belgium",
    "luxembourg",
    "the_netherlands",
    "east_frisia",
    "germany",
    "austria",
    "swiss",
    "iceland",
    "denmark",
    "norway",
    "sweden",
    "finland",
    "estonia",
    "latvia",
    "lithuania",
    "poland",
    "czech_republic",
    "slovakia",
    "hungary",
    "romania",
    "bulgaria",
    "bosniaand",
    "croatia",
    "kosovo",
    "macedonia",
    "montenegro",
    "serbia",
    "slovenia",
    "albania",
    "greece",
    "russia",
    "belarus",
    "moldova",
    "ukraine",
    "armenia",
    "azerbaijan",
    "georgia",
    "the_stans",
    "turkey",
    "arabia",
    "israel",
    "china",
    "india",
    "japan",
    "korea",
    "vietnam",
    "other_countries",
]
#: Any frequency counts here: these are the school's own countries.
HOME = {"the_netherlands", "belgium"}
#: Frequency at least 4 (of 1..13, each step a factor two) in these: families from there are
#: common in Dutch schools.
ABROAD = {
    "great_britain",
    "usa",
    "germany",
    "france",
    "turkey",
    "arabia",
    "poland",
    "spain",
    "portugal",
    "italy",
    "romania",
    "bulgaria",
    "ukraine",
    "russia",
    "albania",
    "serbia",
    "croatia",
    "bosniaand",
    "india",
    "other_countries",
    "greece",
    "hungary",
}
ABROAD_MIN = 4


def latin(name: str) -> bool:
    """Whether every letter of ``name`` is Latin script."""
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name) and any(
        ch.isalpha() for ch in name
    )


def faker_names(root: Path) -> set[str]:
    """First names of the chosen Faker locales, read from the source without importing Faker."""
    names: set[str] = set()
    for locale in FAKER_LOCALES:
        source = root / "faker" / "providers" / "person" / locale / "__init__.py"
        if not source.exists():
            continue
        tree = ast.parse(source.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in FAKER_ATTRIBUTES for t in node.targets
            ):
                try:
                    value = ast.literal_eval(node.value)
                except ValueError:
                    continue  # built from other lists: those are read on their own
                items = value.keys() if isinstance(value, dict) else value
                names.update(str(n) for n in items)
    return {n.casefold() for n in names if latin(n)}


HOME_COMMON_MIN = 3
WORD_LISTS = (Path("/usr/share/dict/dutch"), Path("/usr/share/dict/british-english"))


def dutch_common(root: Path) -> set[str]:
    """Names common in the Netherlands or Belgium: never explained away as ordinary words."""
    common: set[str] = set()
    path = root / "gender_guesser" / "data" / "nam_dict.txt"
    for raw in path.read_text("utf-8").splitlines():
        if not raw or raw[0] in "#=" or "$" not in raw:
            continue
        values = raw[30 : raw.rindex("$")]
        for index in (COUNTRIES.index("the_netherlands"), COUNTRIES.index("belgium")):
            digit = values[index] if index < len(values) else " "
            if digit.strip() and int(digit, 16) >= HOME_COMMON_MIN:
                common.add(raw[3:29].strip().casefold())
    saved = FAKER_LOCALES
    try:
        globals()["FAKER_LOCALES"] = ("nl_NL", "nl_BE")
        common |= faker_names(root)
    finally:
        globals()["FAKER_LOCALES"] = saved
    return common


def ordinary_words() -> set[str]:
    """Lower-case entries of Debian's Dutch and British word lists (proper names start upper)."""
    words: set[str] = set()
    for path in WORD_LISTS:
        for line in path.read_text("utf-8", errors="replace").splitlines():
            word = line.strip()
            if word and word == word.lower() and "'" not in word:
                words.add(word)
    return words


def nam_dict_names(root: Path) -> set[str]:
    """Names of nam_dict.txt frequent in the school's own or its families' countries."""
    path = root / "gender_guesser" / "data" / "nam_dict.txt"
    names: set[str] = set()
    for raw in path.read_text("utf-8").splitlines():
        if not raw or raw[0] in "#=" or "$" not in raw:
            continue
        name = raw[3:29].strip()  # column 30 ('+' or '-') is a sorting mark, not a country
        values = raw[30 : raw.rindex("$")]
        keep = False
        for index, country in enumerate(COUNTRIES):
            digit = values[index] if index < len(values) else " "
            if digit.strip() == "":
                continue
            frequency = int(digit, 16)
            if country in HOME or (country in ABROAD and frequency >= ABROAD_MIN):
                keep = True
                break
        if keep and "+" not in name and latin(name):
            names.add(name.casefold())
    return names


HEADERS = {
    "last_names": (
        "# Dutch and Flemish surnames from Faker's nl_NL and nl_BE person providers\n"
        "# (https://github.com/joke2k/faker), MIT licence, Copyright (c) 2012 Daniele Faraglia.\n"
        "# Derived list: case-folded; with a particle as written, alone only when not an\n"
        "# ordinary word or a first name. Rebuilt by scripts/build_first_names.py.\n"
    ),
    "not_names": (
        "# Names in first_names_*.txt that are also ordinary Dutch or English words, according to\n"
        "# Debian's wdutch (OpenTaal) and wbritish word lists, and not common Dutch or Flemish\n"
        "# names. Rebuilt by scripts/build_first_names.py.\n"
    ),
    "faker": (
        "# First names from Faker's person providers (https://github.com/joke2k/faker),\n"
        "# MIT licence, Copyright (c) 2012 Daniele Faraglia. Derived list: case-folded, sorted,\n"
        "# Latin script only. Rebuilt by scripts/build_first_names.py.\n"
    ),
    "nam_dict": (
        "# Derived from nam_dict.txt, Copyright (c) 2007-2008 Joerg Michael, as shipped in the\n"
        "# gender-guesser package (https://github.com/lead-ratings/gender-guesser).\n"
        "# This file is subject to the GNU Free Documentation License, Version 1.2 or any later\n"
        "# version published by the Free Software Foundation; with no Invariant Sections, no\n"
        "# Front-Cover Texts, and no Back-Cover Texts. Changes made: only the names with a\n"
        "# frequency in the Netherlands or Belgium, or a frequency of at least 4 in the countries\n"
        "# listed in scripts/build_first_names.py, case-folded, Latin script only, sorted.\n"
    ),
}


SURNAME_LOCALES = ("nl_NL", "nl_BE")
PARTICLES = ("van", "de", "den", "der", "ter", "ten", "te", "het", "'t")


def faker_last_names(root: Path, words: set[str]) -> set[str]:
    """Dutch and Flemish surnames: with a particle as written, alone only if not a word."""
    names: set[str] = set()
    for locale in SURNAME_LOCALES:
        source = root / "faker" / "providers" / "person" / locale / "__init__.py"
        tree = ast.parse(source.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "last_names" for t in node.targets
            ):
                try:
                    value = ast.literal_eval(node.value)
                except ValueError:
                    continue  # built from other lists at run time: those are read on their own
                names.update(str(n).casefold() for n in value)
    out = set()
    for name in names:
        parts = name.split()
        if not latin(name) or "'" in name:
            continue
        if (len(parts) > 1 and parts[0] in PARTICLES and len(parts[-1]) >= 3) or (
            len(parts) == 1 and len(name) >= 4 and name not in words
        ):
            out.add(name)
    return out


def main(argv: list[str]) -> int:
    """Write both files; the argument is the folder holding the unpacked wheels."""
    if len(argv) != 2:
        print(__doc__)
        return 2
    root = Path(argv[1])
    out = Path(__file__).resolve().parent.parent / "cardsort" / "privacy" / "data"
    every: set[str] = set()
    for key, names in (("faker", faker_names(root)), ("nam_dict", nam_dict_names(root))):
        target = out / f"first_names_{key}.txt"
        target.write_text(HEADERS[key] + "".join(f"{n}\n" for n in sorted(names)), "utf-8")
        print(f"{target}: {len(names)} names")
        every |= names
    vocabulary = ordinary_words()
    words = (every & vocabulary) - dutch_common(root)
    target = out / "not_names.txt"
    target.write_text(HEADERS["not_names"] + "".join(f"{w}\n" for w in sorted(words)), "utf-8")
    print(f"{target}: {len(words)} ordinary words")
    surnames = faker_last_names(root, vocabulary | every)
    target = out / "last_names_faker.txt"
    target.write_text(HEADERS["last_names"] + "".join(f"{n}\n" for n in sorted(surnames)), "utf-8")
    print(f"{target}: {len(surnames)} surnames")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
