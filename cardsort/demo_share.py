"""A deterministic, realistic shared drive of a Dutch primary school, for demos and tests.

``write_demo_share(DIR)`` writes the server folder of the fictional basisschool 't Blokhuus as it
looks after fifteen years: one folder per groep, Zorg and Directie, MR/OR, celebrations,
methods, ICT manuals, archive junk and "Nieuwe map (2)" — about 60 top-level items and a few
thousand small files. It contains every trap a real server holds: a name that is not valid
UTF-8, NFC/NFD twins, case-only twins, symlinks (one pointing out of the share), a very deep
path, zero-byte and sparse files, Office lock files and system files, and identical copies of
the same document in several places.

The same seed always gives the same tree, byte for byte, with fixed modification times.
"""

from __future__ import annotations

import os
import random
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["DemoShareStats", "write_demo_share"]

PUPILS = [
    "Daan",
    "Emma",
    "Sem",
    "Julia",
    "Lucas",
    "Mila",
    "Finn",
    "Tess",
    "Levi",
    "Sara",
    "Noah",
    "Zoë",
    "Bram",
    "Lotte",
    "Jesse",
    "Fleur",
    "Milan",
    "Sophie",
    "Thijs",
    "Noor",
    "Ruben",
    "Eva",
    "Gijs",
    "Anna",
    "Luuk",
    "Isa",
    "Stijn",
    "Roos",
    "Jens",
    "Lieke",
]
SURNAMES = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Dijk",
    "Dekker",
]
YEARS = [f"{y}-{y + 1}" for y in range(2010, 2026)]
SUBJECTS = [
    "Rekenen",
    "Taal",
    "Spelling",
    "Lezen",
    "Wereldoriëntatie",
    "Engels",
    "Topografie",
    "Begrijpend lezen",
    "Schrijven",
    "Verkeer",
]

# Top-level folders: name -> (subfolders, file name patterns, files per leaf, year span)
_Spec = tuple[list[str], list[str], int, tuple[int, int]]
TOP_LEVEL: dict[str, _Spec] = {
    **{
        f"Groep {g}": (
            ["Weekplanning", "Rapporten", "Werkbladen", "Oudergesprekken", "Foto's"],
            [
                "Weekplanning week {n}.docx",
                "Rapport {pupil}.pdf",
                "Werkblad {subject} {n}.pdf",
                "Gesprek ouders {pupil}.docx",
                "IMG_{n:04d}.jpg",
            ],
            14,
            (2014, 2026),
        )
        for g in range(1, 9)
    },
    "Zorg": (
        ["Leerlingdossiers", "Handelingsplannen", "Overdracht", "Externe verslagen"],
        [
            "Verslag {pupil} {surname}.docx",
            "Handelingsplan {pupil}.docx",
            "Overdracht groep {g}.xlsx",
            "Onderzoek {pupil} {surname}.pdf",
        ],
        18,
        (2012, 2026),
    ),
    "IB": (
        ["Zorgoverleg", "Trendanalyses"],
        ["Zorgoverleg {date}.docx", "Trendanalyse {year}.xlsx"],
        10,
        (2016, 2026),
    ),
    "Directie": (
        ["Begroting", "Formatie", "Schoolplan", "Inspectie"],
        [
            "Begroting {year}.xlsx",
            "Formatieplan {year}.docx",
            "Schoolplan {year}.pdf",
            "Inspectierapport {year}.pdf",
        ],
        6,
        (2011, 2026),
    ),
    "Personeel": (
        ["Functioneringsgesprekken", "Verlof", "Nascholing"],
        [
            "Gesprek {teacher} {year}.docx",
            "Verlofaanvraag {teacher}.pdf",
            "Certificaat {teacher}.pdf",
        ],
        9,
        (2012, 2026),
    ),
    "MR": (
        ["Notulen", "Jaarverslagen"],
        ["Notulen MR {date}.docx", "Jaarverslag MR {year}.pdf"],
        10,
        (2013, 2026),
    ),
    "OR": (
        ["Notulen", "Kascontrole"],
        ["Notulen OR {date}.docx", "Kascontrole {year}.xlsx"],
        8,
        (2013, 2026),
    ),
    "Nieuwsbrieven": ([], ["Nieuwsbrief {date}.pdf"], 60, (2015, 2026)),
    "Jaarplanning": ([], ["Jaarplanning {year}.xlsx", "Jaarkalender {year}.pdf"], 20, (2012, 2026)),
    "Roosters": (
        ["Gym", "Pleinwacht"],
        ["Rooster {subject} {year}.xlsx", "Pleinwacht {year}.docx"],
        8,
        (2016, 2026),
    ),
    "Vergaderingen": (
        ["Teamvergadering", "Bouwoverleg"],
        ["Notulen teamvergadering {date}.docx", "Agenda {date}.docx"],
        16,
        (2014, 2026),
    ),
    "Methodes": (
        ["Veilig leren lezen", "Wereld in getallen", "Taal actief", "Blink"],
        ["{subject} handleiding blok {n}.pdf", "Toets blok {n}.pdf", "Antwoorden les {n}.pdf"],
        12,
        (2013, 2024),
    ),
    "Toetsen": (
        ["Cito", "Methodetoetsen"],
        ["Cito {subject} {year}.pdf", "Toetsuitslag {year}.xlsx"],
        12,
        (2013, 2026),
    ),
    "Cito": (
        [],
        ["Cito groep {g} {year}.pdf", "Leerlingvolgsysteem {year}.xlsx"],
        15,
        (2010, 2020),
    ),
    "Groepsplannen": (
        [f"Groep {g}" for g in range(1, 9)],
        ["Groepsplan {subject} {year}.docx", "Evaluatie groepsplan {year}.docx"],
        5,
        (2015, 2026),
    ),
    "Leesdossiers": ([], ["Leesdossier {pupil} {surname}.docx"], 30, (2017, 2026)),
    "Sinterklaas": (
        ["Draaiboek", "Surprises"],
        ["Draaiboek sinterklaas {year}.docx", "Lootjes groep {g}.xlsx", "Foto sint {n}.jpg"],
        10,
        (2012, 2026),
    ),
    "Kerst": (
        [],
        ["Kerstviering {year}.docx", "Kerstdiner intekenlijst {year}.xlsx"],
        12,
        (2012, 2026),
    ),
    "Koningsspelen": ([], ["Koningsspelen {year}.docx", "Ontbijt {year}.xlsx"], 8, (2014, 2026)),
    "Schoolreis": (
        ["Groep 1-2", "Groep 3-5", "Groep 6-7"],
        ["Schoolreis {year}.docx", "Deelnemerslijst {year}.xlsx"],
        5,
        (2012, 2026),
    ),
    "Musical groep 8": (
        ["Scripts", "Liedjes"],
        ["Script musical {year}.docx", "Liedje {n}.mp3", "Rolverdeling {year}.xlsx"],
        8,
        (2013, 2026),
    ),
    "Schoolkamp": ([], ["Kamp {year}.docx", "Medicijnlijst kamp {year}.xlsx"], 10, (2014, 2026)),
    "ICT": (
        ["Handleidingen", "Wachtwoordbeleid", "Chromebooks"],
        [
            "Handleiding ParnasSys {n}.pdf",
            "Handleiding Snappet.pdf",
            "MOO inloggen.pdf",
            "Esis export {year}.xlsx",
            "Chromebook uitleenlijst {year}.xlsx",
        ],
        8,
        (2015, 2026),
    ),
    "Schoolgids": ([], ["Schoolgids {year}.pdf"], 10, (2014, 2026)),
    "Protocollen": (
        [],
        ["Protocol {subject}.pdf", "Pestprotocol {year}.pdf", "Meldcode {year}.pdf"],
        10,
        (2014, 2025),
    ),
    "BHV": ([], ["Ontruimingsplan {year}.pdf", "BHV oefening {date}.docx"], 10, (2012, 2025)),
    "Formulieren": (
        [],
        [
            "Aanvraag verlof ouders.pdf",
            "Toestemming foto's {year}.pdf",
            "Aanmeldformulier {year}.pdf",
        ],
        10,
        (2014, 2026),
    ),
    "Ouderavond": (
        [],
        ["Presentatie ouderavond {year}.pptx", "Uitnodiging {year}.docx"],
        10,
        (2013, 2026),
    ),
    "Gym": ([], ["Gymrooster {year}.pdf", "Spellen {subject}.docx"], 10, (2012, 2024)),
    "Bibliotheek": ([], ["Boekenlijst {year}.xlsx", "Leesbevordering {n}.docx"], 10, (2013, 2026)),
    "Verkeer": ([], ["Verkeersexamen {year}.pdf", "Fietscontrole {year}.docx"], 8, (2013, 2025)),
    "Techniek": ([], ["Techniekles {n}.docx"], 10, (2016, 2023)),
    "Excursies": ([], ["Excursie {subject} {year}.docx"], 8, (2012, 2026)),
    "Stagiaires": (
        [],
        ["Stageovereenkomst {teacher}.pdf", "Beoordeling {teacher}.docx"],
        8,
        (2015, 2026),
    ),
    "Website": (["Foto's"], ["Tekst website {n}.docx", "IMG_{n:04d}.jpg"], 10, (2016, 2026)),
    "Logo's": ([], ["Logo {n}.png"], 6, (2014, 2020)),
    "Beleid": ([], ["Beleidsplan {subject} {year}.pdf"], 8, (2013, 2026)),
    "Kwaliteit": (
        [],
        ["Tevredenheidspeiling {year}.pdf", "Zelfevaluatie {year}.docx"],
        8,
        (2015, 2026),
    ),
    "Schoolfotograaf": ([], ["Bestellijst {year}.xlsx"], 5, (2014, 2026)),
    "Luizenpluis": ([], ["Rooster luizenpluis {year}.docx"], 6, (2013, 2026)),
    "Overblijf": ([], ["Overblijflijst {year}.xlsx"], 6, (2012, 2022)),
    "Oud": (
        ["Oude methodes", "Diversen"],
        ["oud {n}.doc", "Kopie van {subject}.doc"],
        12,
        (2008, 2013),
    ),
    "Archief 2015": (["Groepen", "Zorg"], ["Archief {subject} {n}.doc"], 15, (2014, 2015)),
    "Archief 2018": ([], ["Archief {subject} {n}.docx"], 20, (2017, 2018)),
    "Nieuwe map": ([], [], 0, (2019, 2019)),
    "Nieuwe map (2)": ([], ["Document {n}.docx"], 3, (2020, 2021)),
    "Kopie van Jaarplanning": ([], ["Jaarplanning {year}.xlsx"], 4, (2018, 2020)),
    "Juf Anja": ([], ["Lesidee {subject} {n}.docx", "Privé {n}.docx"], 12, (2015, 2026)),
    "Meester Tom": ([], ["Les {subject} {n}.pptx"], 10, (2018, 2026)),
    "Juf Marieke": ([], ["Werkblad {subject} {n}.docx"], 8, (2012, 2016)),
    "Scans": ([], ["Scan_{n:04d}.pdf"], 25, (2016, 2026)),
}

LOOSE_FILES = [
    "Jaarplanning 2025-2026.xlsx",
    "Telefoonlijst team.xlsx",
    "rooster_gym_NIEUW.docx",
    "Kopie van Telefoonlijst team.xlsx",
    "Inlogcodes methodes.docx",
    "Lees mij.txt",
]
TEACHERS = ["Anja", "Tom", "Marieke", "Henk", "Ilse", "Karin", "Peter", "Yvonne"]


@dataclass(frozen=True)
class DemoShareStats:
    """What was written."""

    root: Path
    top_level: int
    files: int
    folders: int
    bytes: int


def _stamp(rng: random.Random, span: tuple[int, int]) -> float:
    start = datetime(span[0], 1, 1, tzinfo=UTC).timestamp()
    end = datetime(span[1], 7, 1, tzinfo=UTC).timestamp()
    if span[1] >= 2026:  # "this year" must never run past the real present
        end = min(end, datetime(2026, 6, 30, tzinfo=UTC).timestamp())
    return float(int(rng.uniform(start, max(start + 86_400, end))))


def _content(rng: random.Random, name: str, small: bool) -> bytes:
    size = rng.randint(120, 2_400) if small else rng.randint(2_000, 24_000)
    header = f"{name}\n't Blokhuus\n".encode()
    body = bytes(rng.getrandbits(8) for _ in range(min(size, 512)))
    return header + body * (size // 512 + 1)


def _fill(pattern: str, rng: random.Random, n: int, span: tuple[int, int]) -> str:
    year = rng.randint(span[0], span[1] - 1) if span[1] > span[0] else span[0]
    return pattern.format(
        n=n,
        pupil=rng.choice(PUPILS),
        surname=rng.choice(SURNAMES),
        g=rng.randint(1, 8),
        subject=rng.choice(SUBJECTS),
        year=f"{year}-{year + 1}",
        teacher=rng.choice(TEACHERS),
        date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    )


class _Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = 0
        self.folders = 0
        self.bytes = 0
        self.folder_mtimes: list[tuple[bytes, float]] = []

    def folder(self, rel: bytes | str, mtime: float) -> bytes:
        raw = os.fsencode(rel)
        os.makedirs(os.path.join(os.fsencode(self.root), raw), exist_ok=True)
        self.folders += 1
        self.folder_mtimes.append((raw, mtime))
        return raw

    def file(self, rel: bytes | str, data: bytes, mtime: float) -> None:
        raw = os.path.join(os.fsencode(self.root), os.fsencode(rel))
        if os.path.lexists(raw):
            return
        with open(raw, "xb") as handle:
            handle.write(data)
        os.utime(raw, (mtime, mtime))
        self.files += 1
        self.bytes += len(data)


def write_demo_share(root: Path | str, *, seed: int = 2024) -> DemoShareStats:
    """Write the demo share into ``root`` (created; must be empty or absent)."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    if any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty; the demo share needs an empty folder.")
    rng = random.Random(seed)
    w = _Writer(root)
    shared_docs = {  # identical documents stored in several places (the duplicates report)
        "Pestprotocol.pdf": _content(rng, "Pestprotocol", small=False),
        "Schoolgids 2024-2025.pdf": _content(rng, "Schoolgids", small=False),
        "Telefoonlijst team.xlsx": _content(rng, "Telefoonlijst", small=True),
    }
    for top, (subs, patterns, per_leaf, span) in TOP_LEVEL.items():
        w.folder(top, _stamp(rng, span))
        leaves = [f"{top}/{sub}" for sub in subs] or [top]
        for sub in subs:
            w.folder(f"{top}/{sub}", _stamp(rng, span))
        for leaf in leaves:
            for n in range(1, 2 * per_leaf + 1):  # two school years' worth per folder
                if not patterns:
                    break
                name = _fill(rng.choice(patterns), rng, n, span)
                w.file(
                    f"{leaf}/{name}",
                    _content(rng, name, small=rng.random() < 0.7),
                    _stamp(rng, span),
                )
    for name in LOOSE_FILES:
        data = shared_docs.get(name.removeprefix("Kopie van "), _content(rng, name, small=True))
        w.file(name, data, _stamp(rng, (2016, 2026)))
    # The same documents in several places.
    for where in ("Protocollen", "Zorg/Overdracht", "Schoolgids", "Oud/Diversen"):
        w.file(
            f"{where}/Pestprotocol.pdf", shared_docs["Pestprotocol.pdf"], _stamp(rng, (2019, 2024))
        )
    for where in ("Schoolgids", "Website", "Ouderavond"):
        w.file(
            f"{where}/Schoolgids 2024-2025.pdf",
            shared_docs["Schoolgids 2024-2025.pdf"],
            _stamp(rng, (2024, 2025)),
        )
    w.file(
        "Personeel/Telefoonlijst team.xlsx",
        shared_docs["Telefoonlijst team.xlsx"],
        _stamp(rng, (2024, 2025)),
    )
    _write_traps(w, rng)
    # Folder times last: writing files into a folder changes its mtime.
    for raw, mtime in w.folder_mtimes:
        os.utime(os.path.join(os.fsencode(root), raw), (mtime, mtime))
    top_level = sum(1 for _ in root.iterdir())
    return DemoShareStats(root, top_level, w.files, w.folders, w.bytes)


def _write_traps(w: _Writer, rng: random.Random) -> None:
    """The things real school servers hold that break naive tools."""
    t = _stamp(rng, (2018, 2024))
    # A name that is not valid UTF-8 (Latin-1 from an old Windows server).
    w.file(b"Oud/Verslag ouderavond caf\xe9 2012.doc", b"latin-1 name\n", t)
    # NFC/NFD twins: 'Café' composed and decomposed side by side.
    w.folder("Vieringen", t)
    w.file("Vieringen/" + unicodedata.normalize("NFC", "Café oudervereniging.docx"), b"nfc\n", t)
    w.file("Vieringen/" + unicodedata.normalize("NFD", "Café oudervereniging.docx"), b"nfd\n", t)
    w.file("Vieringen/Kerstmarkt.docx", _content(rng, "Kerstmarkt", small=True), t)
    # Case-only twins.
    w.file("Vergaderingen/Teamvergadering/Notulen.docx", b"Notulen upper\n", t)
    w.file("Vergaderingen/Teamvergadering/notulen.docx", b"notulen lower\n", t)
    # Symlinks: one inside the share, one pointing out of it (must never be followed).
    os.symlink(
        "../Protocollen", os.path.join(os.fsencode(w.root), b"ICT/Snelkoppeling protocollen")
    )
    os.symlink("/etc", os.path.join(os.fsencode(w.root), b"ICT/Systeemmap"))
    # A very deep path (somebody's "Nieuwe map" inside "Nieuwe map" ...).
    deep = "Juf Anja"
    for level in range(1, 19):
        deep = f"{deep}/Nieuwe map {level}"
        w.folder(deep, t)
    w.file(f"{deep}/Eindelijk gevonden.docx", b"deep\n", t)
    # Zero-byte files and a sparse file.
    w.file("Scans/Scan_leeg.pdf", b"", t)
    w.file("Nieuwe map (2)/Nieuw tekstdocument.txt", b"", t)
    sparse = os.path.join(os.fsencode(w.root), b"ICT/Chromebooks/backup.img")
    with open(sparse, "xb") as handle:
        handle.truncate(8 * 1024 * 1024)
    os.utime(sparse, (t, t))
    w.files += 1
    w.bytes += 8 * 1024 * 1024  # its apparent size: what a scan and a cloud upload see
    # Lock and system files.
    w.file("~$Jaarplanning 2025-2026.xlsx", b"lock\n", t)
    w.file("Groep 5/~$Rapport Emma.docx", b"lock\n", t)
    for where in ("Thumbs.db", "Groep 3/Foto's/Thumbs.db", "Website/Foto's/Thumbs.db"):
        w.file(where, b"thumbs\n", t)
    w.file("desktop.ini", b"[.ShellClassInfo]\n", t)
    w.file("Meester Tom/.DS_Store", b"\x00\x00\x00\x01Bud1", t)
    # Characters OneDrive refuses, and a trailing dot/space.
    w.file("Kerst/Kerst: draaiboek?.docx", b"colon\n", t)
    w.file("Schoolreis/Planning schoolreis .docx", b"trailing space\n", t)
    w.file("Roosters/Rooster 2024-2025 versie 2..xlsx", b"double dot\n", t)
