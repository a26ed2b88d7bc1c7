#!/usr/bin/env bash
# Stage 30: a team of 16 teachers sorts the demo cards (simulated), we import and analyse it.
#
# The simulation is deterministic: every teacher follows one latent structure read from the
# card labels (groups, care, management/staff, celebrations, teaching methods, ICT, school
# organisation, archive junk), with their own names for the piles, some noise, a few
# competing mental models, and one participant who lumps everything in one pile (flagged and
# left out by the analysis). The sorts are written as a kardSort/Casolysis CSV and imported
# like a coordinator would import sorts collected with another tool.
set -euo pipefail

if ! cardsort study show demo >/dev/null 2>&1; then
  cardsort study create demo >/dev/null
  echo "Created study 'demo' from the latest proposed cards."
fi

python - "$DEMO_DIR/team-sorts.csv" <<'PY'
import csv
import random
import re
import sys

from sessions.cards import cards_of
from sessions.store import store_from_env
from sessions.studies import get_study

# (latent category, label keywords) — the first rule that matches a card wins.
RULES = [
    ("archief", r"archief|^oud$|nieuwe map|kopie van|lees mij"),
    ("ict", r"\bict\b|website|logo|scans|inlogcode"),
    ("groepen", r"^groep \d|^juf |^meester "),
    ("zorg", r"zorg|^ib$|groepsplan|leesdossier|cito|toets"),
    ("vieringen", r"kerst|sinterklaas|koningsspel|viering|musical|schoolreis|schoolkamp|excursie|fotograaf"),
    ("organisatie", r"jaarplanning|rooster|formulier|schoolgids|overblijf|nieuwsbrie|luizen|^or$|ouderavond"),
    ("directie", r"directie|personeel|^mr$|beleid|kwaliteit|vergader|stagiair|telefoonlijst|bhv|protocol"),
    ("methodes", r"methode|bibliotheek|techniek|verkeer|gym"),
]
NAMES = {
    "groepen": ["Groepen", "groepen", "Klassen", "Groepsmappen", "Per groep"],
    "zorg": ["Zorg", "Leerlingzorg", "zorg", "IB en zorg", "Zorg & IB"],
    "vieringen": ["Vieringen", "Feesten", "Activiteiten", "vieringen", "Feesten en vieringen"],
    "organisatie": ["Organisatie", "Planning", "Algemeen", "organisatie", "Schoolorganisatie"],
    "directie": ["Directie", "Personeel", "Team", "Directie & personeel", "directie"],
    "methodes": ["Methodes", "Onderwijs", "Lesmateriaal", "methodes", "Vakken"],
    "ict": ["ICT", "Computers", "ict", "ICT en website"],
    "archief": ["Archief", "Oud", "Weg ermee", "archief", "Oude zooi"],
    "overig": ["Overig", "Rest", "Diversen"],
}
TEACHERS = [
    "Anja", "Marieke", "Tom", "Fatima", "Joost", "Ilse", "Bram", "Sanne",
    "Yusuf", "Linda", "Kees", "Noor", "Evelien", "Daan", "Petra", "Stagiair Sem",
]

store = store_from_env()
cards = cards_of(store, study_id=get_study(store, "demo").id)
latent = {}
for card in cards:
    text = card.label.casefold()
    latent[card.key] = next((cat for cat, rx in RULES if re.search(rx, text)), "overig")

rng = random.Random(2024)
rows = []
next_id = 1
for t, teacher in enumerate(TEACHERS):
    if teacher == "Stagiair Sem":  # lumps everything together: the quality check flags this
        mapping = {cat: "alles" for cat in NAMES}
    else:
        mapping = {cat: cat for cat in NAMES}
        if t % 5 == 1:  # "by school year" thinkers keep teaching material with the groups
            mapping["methodes"] = "groepen"
        if t % 7 == 3:  # some see celebrations as part of organising the year
            mapping["vieringen"] = "organisatie"
        if t % 4 == 2:  # ICT is just organisation to them
            mapping["ict"] = "organisatie"
    piles = sorted(set(mapping.values()))
    ids = {}
    labels = {}
    for pile in piles:
        ids[pile] = str(next_id)
        next_id += 1
        labels[pile] = "Alles" if pile == "alles" else rng.choice(NAMES[pile])
    for card in cards:
        if rng.random() < 0.03:  # left unsorted
            continue
        pile = mapping[latent[card.key]]
        if rng.random() < 0.10 and len(piles) > 1:  # a slip of the hand
            pile = rng.choice([p for p in piles if p != pile])
        rows.append([card.key, card.label, ids[pile], labels[pile], teacher])

# A real export is rarely clean: two rows lost their user id on the way out of the other tool.
rows += [[rows[0][0], rows[0][1], rows[0][2], rows[0][3], ""] for _ in range(2)]

with open(sys.argv[1], "w", newline="", encoding="utf-8") as handle:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(["card_id", "card_label", "category_id", "category_label", "user_id"])
    writer.writerows(rows)
print(f"Simulated {len(TEACHERS)} teachers sorting {len(cards)} cards -> {sys.argv[1]}")
PY

# The two broken rows are skipped and listed with their line and reason; the rest is imported.
cardsort import demo "$DEMO_DIR/team-sorts.csv" --skip-invalid-rows
echo
cardsort analyse demo --json "$DEMO_DIR/analysis.json" --html "$DEMO_DIR/report.html" --force
cardsort consensus show demo --json "$DEMO_DIR/consensus.json" --force
echo "Report for the school leader: $DEMO_DIR/report.html"
