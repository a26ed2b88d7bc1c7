"""What the coordinator reads from ``cardsort study create|export|ask|questions``, ``scan``,
``report``, ``participants``, ``consensus``, ``labels``, ``exclude`` and ``include``, in Dutch
and English.

Merged into :data:`cardsort.i18n_catalogue.CATALOGUE`. Keys by command: ``edit.*``
(:mod:`cardsort.cli.consensus`: show, history, use, move, rename, merge), ``labels.*`` and
``exclude.*`` (the same module), ``create.*``,
``export.*``, ``ask.*``, ``questions.*`` (:mod:`cardsort.cli.study`), ``scan.*``
(:mod:`cardsort.cli.scan`), ``report.*`` (:mod:`cardsort.cli.report`), ``people.*``
(:mod:`cardsort.cli.participants`).

Dutch for the coordinator (*ict-coördinator*): *kaart*, *stapel*, *map*, *onderzoek* for a
study, *deelnemer*; never *groep* for anything but a school year group (a set of identical
files is a *set*). Names the user gave are quoted ‘so’; commands stay as they are typed.
"""

from __future__ import annotations

__all__ = ["COORDINATOR_TEXTS"]

COORDINATOR_TEXTS: dict[str, dict[str, str]] = {
    # -- cardsort study create ----------------------------------------------------------------
    "create.no_cards": {
        "nl": "De laatst voorgestelde kaarten zijn leeg. Voer `cardsort cards propose` opnieuw "
        "uit.",
        "en": "The latest deck has no cards. Run `cardsort cards propose` again.",
    },
    "create.open_with_categories": {
        "nl": "Een open sortering heeft geen vaste categorieën; kies --kind closed of hybrid.",
        "en": "An open sort has no fixed categories; use --kind closed or hybrid.",
    },
    "create.done": {
        "nl": "Onderzoek ‘{study}’ ({kind}) gemaakt met {count} kaarten (code voor deelnemers: "
        "{code}).",
        "en": "Created {kind} study ‘{study}’ with {count} cards (participant code {code}).",
    },
    "create.try": {
        "nl": "Probeer het: cardsort sort {study}   of   cardsort serve {study}",
        "en": "Try it: cardsort sort {study}   or   cardsort serve {study}",
    },
    # -- cardsort study export ----------------------------------------------------------------
    "export.done": {
        "nl": "Onderzoeksbestand {file} geschreven. Een leerkracht voert `cardsort sort {file}` "
        "uit; het resultaat komt ernaast te staan.",
        "en": "Wrote study file {file}. A teacher runs `cardsort sort {file}`; the result is "
        "written next to it.",
    },
    # -- cardsort study ask | questions --------------------------------------------------------
    "ask.done.choice": {
        "nl": "Vraag {position} toegevoegd (keuze uit {count}); leerkrachten zien hem als ze "
        "klaar zijn met sorteren.",
        "en": "Question {position} added (a choice of {count}); teachers see it after they finish.",
    },
    "ask.done.text": {
        "nl": "Vraag {position} toegevoegd (vrije tekst); leerkrachten zien hem als ze klaar "
        "zijn met sorteren.",
        "en": "Question {position} added (free text); teachers see it after they finish.",
    },
    "questions.removed": {
        "nl": "Vraag {position} verwijderd.",
        "en": "Question {position} removed.",
    },
    "questions.none": {
        "nl": "Onderzoek ‘{study}’ stelt geen vragen na het sorteren.",
        "en": "Study ‘{study}’ asks no questions after the sort.",
    },
    "questions.col.nl": {"nl": "vraag (nl)", "en": "question (nl)"},
    "questions.col.en": {"nl": "vraag (en)", "en": "question (en)"},
    "questions.col.kind": {"nl": "soort", "en": "kind"},
    "questions.col.answers": {"nl": "antwoorden", "en": "answers"},
    "questions.kind.choice": {"nl": "keuze: {options}", "en": "choice: {options}"},
    "questions.kind.text": {"nl": "tekst", "en": "text"},
    # -- cardsort scan ------------------------------------------------------------------------
    "scan.title": {"nl": "Scan {scan} van {root}", "en": "Scan {scan} of {root}"},
    "scan.col.top": {"nl": "Bovenste niveau", "en": "Top-level item"},
    "scan.col.files": {"nl": "Bestanden", "en": "Files"},
    "scan.col.size": {"nl": "Grootte", "en": "Size"},
    "scan.col.changed": {"nl": "Laatst gewijzigd", "en": "Last change"},
    "scan.col.problems": {"nl": "Problemen", "en": "Problems"},
    "scan.total": {"nl": "Totaal", "en": "Total"},
    "scan.entries": {
        "nl": "{entries} items: {files} bestanden in {folders} mappen, {size}.",
        "en": "{entries} entries: {files} files in {folders} folders, {size}.",
    },
    "scan.problems.title": {"nl": "Gevonden problemen", "en": "Problems found"},
    "scan.col.entries": {"nl": "Items", "en": "Entries"},
    "scan.col.what": {"nl": "Wat", "en": "What"},
    "scan.problem.not-utf8": {
        "nl": "namen die geen geldige UTF-8 zijn (byte voor byte bewaard)",
        "en": "names that are not valid UTF-8 (kept byte-exact)",
    },
    "scan.problem.nfc-nfd-twin": {
        "nl": "namen die alleen in Unicode-vorm verschillen (NFC/NFD-tweelingen)",
        "en": "names that differ only in Unicode form (NFC/NFD twins)",
    },
    "scan.problem.case-twin": {
        "nl": "namen die alleen in hoofd- en kleine letters verschillen",
        "en": "names that differ only in upper/lower case",
    },
    "scan.problem.unreadable": {
        "nl": "mappen of bestanden die niet gelezen konden worden",
        "en": "folders or files that could not be read",
    },
    "scan.problem.symlink": {
        "nl": "symbolische koppelingen (vastgelegd, nooit gevolgd)",
        "en": "symbolic links (recorded, never followed)",
    },
    "scan.problem.deep-path": {"nl": "heel diep geneste items", "en": "entries nested very deep"},
    "scan.problem.long-path": {"nl": "heel lange paden", "en": "very long paths"},
    "scan.problem.empty-file": {
        "nl": "lege bestanden (0 bytes)",
        "en": "empty (zero-byte) files",
    },
    "scan.problem.sparse-file": {
        "nl": "ijle bestanden (nemen minder schijfruimte in dan hun grootte)",
        "en": "sparse files (take less disk than their size)",
    },
    "scan.problem.lock-file": {
        "nl": "Office-vergrendelbestanden (~$…)",
        "en": "Office lock files (~$…)",
    },
    "scan.problem.system-file": {
        "nl": "systeembestanden (Thumbs.db, desktop.ini, .DS_Store)",
        "en": "system files (Thumbs.db, desktop.ini, .DS_Store)",
    },
    "scan.problem.cloud-document": {
        "nl": "clouddocumenten zonder grootte of controlegetal",
        "en": "cloud documents without size or checksum",
    },
    "scan.list.title": {"nl": "Scans", "en": "Scans"},
    "scan.col.id": {"nl": "Nr", "en": "Id"},
    "scan.col.root": {"nl": "Map", "en": "Root"},
    "scan.col.started": {"nl": "Begonnen", "en": "Started"},
    "scan.col.status": {"nl": "Status", "en": "Status"},
    "scan.status.running": {"nl": "bezig", "en": "running"},
    "scan.status.complete": {"nl": "klaar", "en": "complete"},
    "scan.status.aborted": {"nl": "afgebroken", "en": "aborted"},
    "scan.no_path": {
        "nl": "Geef de map die gescand moet worden, bijvoorbeeld: cardsort scan /mnt/schijf-S",
        "en": "Give the folder to scan, for example: cardsort scan /mnt/schijf-S",
    },
    "scan.progress": {"nl": "Scannen", "en": "Scanning"},
    "scan.progress.entries": {"nl": "items", "en": "entries"},
    "scan.find_failed": {
        "nl": "GNU find kon {path} niet doorlopen: {error}. Scan met --walker python.",
        "en": "GNU find could not walk {path}: {error}. Scan with --walker python instead.",
    },
    # -- cardsort report ----------------------------------------------------------------------
    "report.output_needs_format": {
        "nl": "--output hoort bij --format csv of json.",
        "en": "--output goes with --format csv or json.",
    },
    "report.wrote": {"nl": "Geschreven: {path}", "en": "Wrote {path}"},
    "report.duplicates.title": {
        "nl": "Identieke bestanden in scan {scan}: {sets} sets, {size} in extra kopieën",
        "en": "Identical files in scan {scan}: {sets} groups, {size} in extra copies",
    },
    "report.col.copies": {"nl": "Kopieën", "en": "Copies"},
    "report.col.size": {"nl": "Grootte", "en": "Size"},
    "report.col.wasted": {"nl": "Verspild", "en": "Wasted"},
    "report.col.where": {"nl": "Waar", "en": "Where"},
    "report.stale.title": {
        "nl": "Niet gewijzigd in {years} jaar (scan {scan}): {items} items, {size}",
        "en": "Not changed in {years} years (scan {scan}): {items} items, {size}",
    },
    "report.col.item": {"nl": "Item", "en": "Item"},
    "report.col.files": {"nl": "Bestanden", "en": "Files"},
    "report.col.changed": {"nl": "Laatst gewijzigd", "en": "Last change"},
    # -- cardsort participants ----------------------------------------------------------------
    "people.ambiguous": {
        "nl": "‘{given}’ past bij {matches}; geef het nummer, bijvoorbeeld #{first}.",
        "en": "‘{given}’ matches {matches}; give the number, e.g. #{first}.",
    },
    "people.unknown": {
        "nl": "Er is geen deelnemer ‘{given}’; `cardsort participants ONDERZOEK` toont ze.",
        "en": "There is no participant ‘{given}’; `cardsort participants STUDY` lists them.",
    },
    "people.none": {
        "nl": "Nog niemand is begonnen aan ‘{study}’ (code voor deelnemers: {code}).",
        "en": "Nobody has started ‘{study}’ yet (participant code {code}).",
    },
    "people.col.name": {"nl": "naam", "en": "name"},
    "people.col.status": {"nl": "status", "en": "status"},
    "people.col.sorted": {"nl": "gesorteerd", "en": "sorted"},
    "people.col.unsure": {"nl": "weet ik niet", "en": "unsure"},
    "people.col.started": {"nl": "begonnen", "en": "started"},
    "people.col.time": {"nl": "tijd", "en": "time"},
    "people.status.finished": {"nl": "klaar", "en": "finished"},
    "people.status.sorting": {"nl": "bezig", "en": "sorting"},
    "people.finished": {
        "nl": "{done} van de {count} klaar.",
        "en": "{done} of {count} finished.",
    },
    "people.merged": {
        "nl": "‘{gone}’ samengevoegd met ‘{kept}’: {count} kaarten overgenomen; ‘{gone}’ is "
        "verwijderd.",
        "en": "Merged ‘{gone}’ into ‘{kept}’: {count} card(s) taken over; ‘{gone}’ is removed.",
    },
    # -- cardsort consensus show|history|use|move|rename|merge ------------------------------
    "edit.no_folder_number": {
        "nl": "Er is geen map {ref}; zie `cardsort consensus show`.",
        "en": "There is no folder {ref}; see `cardsort consensus show`.",
    },
    "edit.no_folder": {
        "nl": "Geen enkele map heet ‘{ref}’; gebruik het nummer uit `cardsort consensus show` "
        "(bijvoorbeeld 2 of 2.1).",
        "en": "No folder is called ‘{ref}’; use its number from `cardsort consensus show` (for "
        "example 2 or 2.1).",
    },
    "edit.folders": {
        "nl": "Meer dan één map heet ‘{ref}’; gebruik het nummer uit `cardsort consensus show` "
        "(bijvoorbeeld 2 of 2.1).",
        "en": "More than one folder is called ‘{ref}’; use its number from `cardsort consensus "
        "show` (for example 2 or 2.1).",
    },
    "edit.no_card": {
        "nl": "Geen enkele kaart past bij ‘{ref}’; gebruik de sleutel van de kaart.",
        "en": "No card matches ‘{ref}’; use the card key.",
    },
    "edit.cards": {
        "nl": "Meer dan één kaart past bij ‘{ref}’; gebruik de sleutel van de kaart.",
        "en": "More than one card matches ‘{ref}’; use the card key.",
    },
    "edit.no_consensus": {
        "nl": "Onderzoek ‘{study}’ heeft nog geen voorgestelde mappenstructuur; voer eerst "
        "`cardsort analyse` uit.",
        "en": "Study ‘{study}’ has no consensus yet; run `cardsort analyse` first.",
    },
    "edit.unreadable": {
        "nl": "Versie {version} van de mappenstructuur is niet te lezen: {error}",
        "en": "Consensus version {version} cannot be read: {error}",
    },
    "edit.stored": {
        "nl": "{what}. Bewaard als versie {version} van de mappenstructuur (bewerkt; "
        "overeenstemming opnieuw gemeten, voor de stabiliteit is een nieuwe analyse nodig).",
        "en": "{what}. Stored as consensus version {version} (edited; agreement measured again, "
        "stability needs a new analysis).",
    },
    "edit.title": {
        "nl": "Mappenstructuur (versie {version})",
        "en": "Consensus (version {version})",
    },
    "edit.wrote": {
        "nl": "Versie {version} van de mappenstructuur geschreven naar {file}.",
        "en": "Wrote consensus version {version} to {file}.",
    },
    "edit.kind.edited": {"nl": "bewerkt", "en": "edited"},
    "edit.kind.analysis": {"nl": "uit de analyse", "en": "from the analysis"},
    "edit.state.current": {"nl": "huidige", "en": "current"},
    "edit.state.old": {"nl": "niet de huidige", "en": "not current"},
    "edit.version_title": {
        "nl": "Mappenstructuur versie {version} ({kind}, {state})",
        "en": "Consensus version {version} ({kind}, {state})",
    },
    "edit.history": {
        "nl": "Versies van de mappenstructuur van ‘{study}’",
        "en": "Consensus versions of ‘{study}’",
    },
    "edit.col.version": {"nl": "versie", "en": "version"},
    "edit.col.made": {"nl": "gemaakt", "en": "made"},
    "edit.col.by": {"nl": "door", "en": "by"},
    "edit.col.from": {"nl": "op basis van", "en": "from"},
    "edit.col.folders": {"nl": "mappen", "en": "folders"},
    "edit.col.note": {"nl": "notitie", "en": "note"},
    "edit.by.edit": {"nl": "bewerking", "en": "edit"},
    "edit.by.analysis": {"nl": "analyse", "en": "analysis"},
    "edit.current_mark": {"nl": "← huidige", "en": "← current"},
    "edit.now_current": {
        "nl": "Versie {version} van de mappenstructuur is nu de huidige.",
        "en": "Consensus version {version} is now current.",
    },
    "edit.one_of": {
        "nl": "Geef precies één van MAP, --new NAAM of --apart.",
        "en": "Give exactly one of FOLDER, --new NAME or --apart.",
    },
    "edit.new_needs_name": {
        "nl": "De nieuwe map heeft een naam nodig.",
        "en": "The new folder needs a name.",
    },
    "edit.moved": {
        "nl": "‘{card}’ verplaatst naar ‘{folder}’",
        "en": "Moved ‘{card}’ to ‘{folder}’",
    },
    "edit.moved_apart": {"nl": "‘{card}’ apart gezet", "en": "Set ‘{card}’ apart"},
    "edit.renamed": {"nl": "‘{old}’ hernoemd tot ‘{new}’", "en": "Renamed ‘{old}’ to ‘{new}’"},
    "edit.merged": {
        "nl": "‘{old}’ samengevoegd met ‘{into}’",
        "en": "Merged ‘{old}’ into ‘{into}’",
    },
    # -- cardsort labels …, exclude, include ---------------------------------------------------
    "labels.title": {"nl": "Namenlijst van ‘{study}’", "en": "Label map of ‘{study}’"},
    "labels.col.raw": {"nl": "naam (genormaliseerd)", "en": "label (normalised)"},
    "labels.col.standard": {"nl": "telt als", "en": "counts as"},
    "labels.col.how": {"nl": "hoe", "en": "how"},
    "labels.col.scope": {"nl": "alleen voor", "en": "only for"},
    "labels.everyone": {"nl": "iedereen", "en": "everyone"},
    "labels.no_sorts": {
        "nl": "Onderzoek ‘{study}’ heeft nog geen sorteringen.",
        "en": "Study ‘{study}’ has no sorts yet.",
    },
    "labels.cannot_run": {
        "nl": "De analyse kan niet draaien: {error}",
        "en": "The analysis cannot run: {error}",
    },
    "labels.none_similar": {
        "nl": "Geen bijna gelijke namen gevonden.",
        "en": "No near-identical labels found.",
    },
    "labels.suggest.title": {"nl": "Namen die samen kunnen", "en": "Labels that could be merged"},
    "labels.col.labels": {"nl": "namen", "en": "labels"},
    "labels.col.similarity": {"nl": "gelijkenis van de naam", "en": "name similarity"},
    "labels.col.same": {"nl": "dezelfde kaarten", "en": "same cards"},
    "labels.merge_with": {
        "nl": "Samenvoegen met: cardsort labels merge {study} NAAM NAAM … --into NAAM",
        "en": "Merge with: cardsort labels merge {study} LABEL LABEL … --into NAME",
    },
    "labels.merged.one": {
        "nl": "1 naam telt nu als ‘{standard}’.",
        "en": "1 label now counts as ‘{standard}’.",
    },
    "labels.merged": {
        "nl": "{count} namen tellen nu als ‘{standard}’.",
        "en": "{count} labels now count as ‘{standard}’.",
    },
    "labels.renamed": {"nl": "‘{old}’ heet nu ‘{new}’.", "en": "‘{old}’ is now called ‘{new}’."},
    "labels.not_in_map": {
        "nl": "‘{label}’ staat niet in de namenlijst.",
        "en": "‘{label}’ is not in the label map.",
    },
    "labels.on_its_own": {
        "nl": "‘{label}’ staat weer op zichzelf.",
        "en": "‘{label}’ stands on its own again.",
    },
    "labels.split_needs_as": {
        "nl": "Zeg met --as NAAM bij welke categorie die stapel hoort.",
        "en": "Say which category that pile counts as with --as NAME.",
    },
    "labels.no_participant": {
        "nl": "Geen deelnemer ‘{name}’ in onderzoek ‘{study}’.",
        "en": "No participant ‘{name}’ in study ‘{study}’.",
    },
    "labels.no_pile": {
        "nl": "‘{name}’ heeft geen stapel met de naam ‘{label}’.",
        "en": "‘{name}’ has no pile called ‘{label}’.",
    },
    "labels.split": {
        "nl": "‘{label}’ van ‘{name}’ telt nu als ‘{standard}’.",
        "en": "‘{label}’ of ‘{name}’ now counts as ‘{standard}’.",
    },
    "labels.not_utf8": {
        "nl": "{file} is geen UTF-8-tekst; sla het op als ‘CSV UTF-8’.",
        "en": "{file} is not UTF-8 text; save it as ‘CSV UTF-8’.",
    },
    "labels.imported.one": {
        "nl": "De namenlijst heeft nu 1 regel.",
        "en": "The label map now has 1 entry.",
    },
    "labels.imported": {
        "nl": "De namenlijst heeft nu {count} regels.",
        "en": "The label map now has {count} entries.",
    },
    "exclude.unknown_rule": {
        "nl": "Onbekende regel ‘{rule}’; kies uit {rules}.",
        "en": "Unknown rule ‘{rule}’; choose one of {rules}.",
    },
    "exclude.title": {"nl": "Weggelaten in ‘{study}’", "en": "Exclusions in ‘{study}’"},
    "exclude.col.who": {"nl": "wie", "en": "who"},
    "exclude.col.what": {"nl": "wat", "en": "what"},
    "exclude.col.reason": {"nl": "reden", "en": "reason"},
    "exclude.col.since": {"nl": "sinds", "en": "since"},
    "exclude.col.undone": {"nl": "teruggedraaid", "en": "undone"},
    "exclude.rule": {"nl": "regel {rule}", "en": "rule {rule}"},
    "exclude.one_of": {
        "nl": "Noem een deelnemer of een --rule (niet allebei).",
        "en": "Name a participant or a --rule (not both).",
    },
    "exclude.rule_out": {
        "nl": "Deelnemers die regel {rule} markeert, tellen niet mee in de analyse.",
        "en": "Participants flagged {rule} are left out of the analysis.",
    },
    "exclude.out": {
        "nl": "‘{name}’ telt niet mee in de analyse.",
        "en": "‘{name}’ is left out of the analysis.",
    },
    "exclude.rule_in": {
        "nl": "Regel {rule} laat niemand meer weg.",
        "en": "The rule {rule} no longer leaves anybody out.",
    },
    "exclude.in": {
        "nl": "‘{name}’ telt weer mee in de analyse.",
        "en": "‘{name}’ is part of the analysis again.",
    },
    # -- cardsort analyse (the terminal's lines; the summary's figures stay as computed) --------
    "run.unfinished": {
        "nl": "Onderzoek ‘{study}’ heeft nog geen afgeronde sorteringen ({count} nog bezig). "
        "Wacht tot ze klaar zijn, of geef --include-unfinished mee om ze toch te tellen.",
        "en": "Study ‘{study}’ has no finished sorts yet ({count} still sorting). Wait until they "
        "finish, or add --include-unfinished to count them anyway.",
    },
    "run.no_sorts": {
        "nl": "Onderzoek ‘{study}’ heeft nog geen sorteringen. Importeer ze met `cardsort import "
        "{study} BESTAND`, of laat leerkrachten eerst sorteren.",
        "en": "Study ‘{study}’ has no sorts yet. Import some with `cardsort import {study} FILE` "
        "or let teachers sort first.",
    },
    "run.skipped": {
        "nl": "Nog niet in de analyse (geen kaart geplaatst): {names}.",
        "en": "Not yet in the analysis (no card placed): {names}.",
    },
    "run.not_counted": {
        "nl": "Niet geteld (nog niet klaar): {names}. Geef --include-unfinished mee om ze te "
        "tellen.",
        "en": "Not counted (not finished yet): {names}. Add --include-unfinished to count them.",
    },
    "run.unchanged_current": {
        "nl": "De mappenstructuur is niet veranderd (versie {version}, de huidige).",
        "en": "The consensus is unchanged (version {version}, current).",
    },
    "run.unchanged_edited": {
        "nl": "De analyse is niet veranderd (versie {version}). De bewerkte structuur blijft de "
        "huidige; wissel met `cardsort consensus use {study} {version}`.",
        "en": "The analysis is unchanged (version {version}). The current tree stays the edited "
        "one; switch with `cardsort consensus use {study} {version}`.",
    },
    "run.stored_current": {
        "nl": "Bewaard als versie {version} van de mappenstructuur (de huidige).",
        "en": "Stored as consensus version {version} (current).",
    },
    "run.stored_edited": {
        "nl": "Bewaard als versie {version} van de mappenstructuur. De bewerkte structuur blijft "
        "de huidige; wissel met `cardsort consensus use {study} {version}`.",
        "en": "Stored as consensus version {version}. The current tree stays the edited one; "
        "switch with `cardsort consensus use {study} {version}`.",
    },
    "run.wrote": {"nl": "Geschreven: {file}.", "en": "Wrote {file}."},
    # -- cardsort cards (language from CARDSORT_LANG, else the locale) -------------------------
    "cards.col.key": {"nl": "Sleutel", "en": "Key"},
    "cards.col.card": {"nl": "Kaart", "en": "Card"},
    "cards.col.description": {"nl": "Beschrijving", "en": "Description"},
    "cards.col.sources": {"nl": "Staat voor", "en": "Stands for"},
    "cards.nothing": {
        "nl": "Scan {scan} bevat niets dat het sorteren waard is (alleen systeembestanden?).",
        "en": "Scan {scan} holds nothing worth sorting (only system files?).",
    },
    "cards.needs_label": {"nl": "Een kaart heeft een naam nodig.", "en": "A card needs a label."},
    "cards.not_in_scan": {
        "nl": "Niet in scan {scan}: {paths}",
        "en": "Not in scan {scan}: {paths}",
    },
    # -- cardsort treetest create | tasks add|edit|remove ---------------------------------------
    "tt.ab_needs_two": {
        "nl": "Een A/B-test heeft twee verschillende versies nodig.",
        "en": "An A/B test needs two different versions.",
    },
    "tt.task_gone": {
        "nl": "Taak {task}, versie {variant}: {error}.",
        "en": "Task {task}, version {variant}: {error}.",
    },
    "tt.and": {"nl": " en ", "en": " and "},
    "tt.version": {"nl": "versie {version} ({variant})", "en": "version {version} ({variant})"},
    "tt.created": {
        "nl": "Boomtest ‘{name}’ gemaakt van de mappenstructuur, {what}.",
        "en": "Created tree test ‘{name}’ of consensus {what}.",
    },
    "tt.copied.one": {
        "nl": "1 taak overgenomen uit ‘{name}’.",
        "en": "Copied 1 task from ‘{name}’.",
    },
    "tt.copied": {
        "nl": "{count} taken overgenomen uit ‘{name}’.",
        "en": "Copied {count} tasks from ‘{name}’.",
    },
    "tt.next": {
        "nl": "Volgende stap: voeg taken toe met `cardsort treetest tasks add` of `tasks propose`.",
        "en": "Next: add tasks with `cardsort treetest tasks add` or `tasks propose`.",
    },
    "tt.no_folder": {
        "nl": "Er is geen map ‘{folder}’ in de geteste structuur. Geef een kaartsleutel (c18) of "
        "een mappad zoals ‘Zorg/Groepsplannen’.",
        "en": "There is no folder ‘{folder}’ in the tested tree. Give a card key (c18) or a "
        "folder path such as ‘Zorg/Groepsplannen’.",
    },
    "tt.in_version": {"nl": "Versie {variant}: {error}.", "en": "Version {variant}: {error}."},
    "tt.added": {"nl": "Taak {task} toegevoegd.", "en": "Added task {task}."},
    "tt.changed": {"nl": "Taak {task} gewijzigd.", "en": "Changed task {task}."},
    "tt.removed": {"nl": "Taak {task} verwijderd.", "en": "Removed task {task}."},
}
