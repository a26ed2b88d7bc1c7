"""What a coordinator reads about importing and exporting sort files, in Dutch and English.

Merged into :data:`cardsort.i18n_catalogue.CATALOGUE`. Keys are ``format.<code>`` for the codes of
:data:`sessions.formats.messages.ENGLISH`, which holds the same English (a test keeps them in
step); :func:`cardsort.cli._say.say` says a reader's messages with them. A teacher's pile is a
*stapel*, never a *groep*.
"""

from __future__ import annotations

__all__ = ["FORMAT_TEXTS"]

FORMAT_TEXTS: dict[str, dict[str, str]] = {
    "format.problem.line": {
        "nl": "{source}:{line}: {reason}",
        "en": "{source}:{line}: {reason}",
    },
    "format.problem.where": {
        "nl": "{source} ({where}): {reason}",
        "en": "{source} ({where}): {reason}",
    },
    "format.problem.file": {
        "nl": "{source}: {reason}",
        "en": "{source}: {reason}",
    },
    "format.more_problems": {
        "nl": "… en nog {count} problemen",
        "en": "… and {count} more problems",
    },
    "format.nothing_imported": {
        "nl": "Er is niets geïmporteerd.",
        "en": "Nothing was imported.",
    },
    "format.read_as": {
        "nl": "{source} gelezen als {format}.",
        "en": "Read {source} as {format}.",
    },
    "format.columns_used": {
        "nl": "Gebruikte kolommen: {columns}",
        "en": "Columns used: {columns}",
    },
    "format.column_meaning": {
        "nl": "‘{column}’ → {meaning}",
        "en": "‘{column}’ → {meaning}",
    },
    "format.columns_ignored": {
        "nl": "Genegeerde kolommen: {columns}",
        "en": "Columns ignored: {columns}",
    },
    "format.quoted": {
        "nl": "‘{name}’",
        "en": "‘{name}’",
    },
    "format.skipped_rows": {
        "nl": "{count} ongeldige regel(s) overgeslagen (--skip-invalid-rows):",
        "en": "Skipped {count} invalid row(s) (--skip-invalid-rows):",
    },
    "format.skipped_row": {
        "nl": "  regel {line}: {reasons}",
        "en": "  line {line}: {reasons}",
    },
    "format.created_study": {
        "nl": "Onderzoek ‘{study}’ aangemaakt.",
        "en": "Created study ‘{study}’.",
    },
    "format.imported": {
        "nl": "{count} sortering(en) geïmporteerd in ‘{study}’: {added} nieuw, {replaced} "
        "vervangen, {renamed} onder een andere naam; {duplicates} waren er al (overgeslagen).",
        "en": "Imported {count} sort(s) into ‘{study}’: {added} new, {replaced} replaced, "
        "{renamed} renamed; {duplicates} already present (skipped).",
    },
    "format.renamed": {
        "nl": "  ‘{old}’ was al in gebruik voor een andere sortering; geïmporteerd als ‘{new}’.",
        "en": "  ‘{old}’ was already taken by another sort; imported as ‘{new}’.",
    },
    "format.already_imported": {
        "nl": "  Al eerder geïmporteerd: {names}",
        "en": "  Already imported: {names}",
    },
    "format.answers_stored": {
        "nl": "{count} antwoord(en) op de vragen van het onderzoek bewaard.",
        "en": "Stored {count} answer(s) to the study's questions.",
    },
    "format.answers_left_out": {
        "nl": "{count} antwoord(en) weggelaten: onderzoek ‘{study}’ stelt die vraag niet (voeg "
        "hem toe met `cardsort study ask` en importeer opnieuw):",
        "en": "{count} answer(s) left out: study ‘{study}’ does not ask their question (add it "
        "with `cardsort study ask` and import again):",
    },
    "format.answer_left_out": {
        "nl": "  ‘{name}’: ‘{text}’",
        "en": "  ‘{name}’: ‘{text}’",
    },
    "format.matched_by_key": {
        "nl": "Kaart ‘{label}’ is via de sleutel gekoppeld aan kaart {key} (‘{study_label}’) van "
        "het onderzoek.",
        "en": "Card ‘{label}’ matched the study's card {key} (‘{study_label}’) by its key.",
    },
    "format.matches_many": {
        "nl": "kaart ‘{label}’ past bij {count} kaarten van het onderzoek ({keys}); geef in "
        "plaats daarvan de sleutel van de kaart",
        "en": "card ‘{label}’ matches {count} cards of the study ({keys}); give the card key "
        "instead",
    },
    "format.matches_none": {
        "nl": "kaart ‘{label}’ (id ‘{key}’) past bij geen enkele kaart van het onderzoek",
        "en": "card ‘{label}’ (id ‘{key}’) matches no card of the study",
    },
    "format.both_match": {
        "nl": "de kaarten ‘{first}’ en ‘{second}’ passen allebei bij kaart {key} "
        "(‘{study_label}’) van het onderzoek",
        "en": "cards ‘{first}’ and ‘{second}’ both match the study's card {key} (‘{study_label}’)",
    },
    "format.unmatched": {
        "nl": "{count} kaart(en) uit het bestand passen bij geen kaart van het onderzoek; voeg ze "
        "eerst toe aan het onderzoek of verbeter hun namen. Niet gevonden:",
        "en": "{count} card(s) of the file match no card of the study; add them to the study "
        "first or correct their labels. Unmatched:",
    },
    "format.no_study": {
        "nl": "er is geen onderzoek met de naam ‘{study}’",
        "en": "there is no study called ‘{study}’",
    },
    "format.unknown_categories": {
        "nl": "categorieën die niet in onderzoek ‘{study}’ staan: {categories}",
        "en": "categories not in study ‘{study}’: {categories}",
    },
    "format.conflict": {
        "nl": "deelnemer ‘{participant}’ heeft al een andere sortering in onderzoek ‘{study}’; "
        "gebruik --on-conflict replace of rename",
        "en": "participant ‘{participant}’ already has a different sort in study ‘{study}’; use "
        "--on-conflict replace or rename",
    },
    "format.json_no_rows": {
        "nl": "--skip-invalid-rows is voor CSV-bestanden; een JSON-bestand heeft geen regels om "
        "over te slaan",
        "en": "--skip-invalid-rows is for CSV files; a JSON file has no rows to skip",
    },
    "format.unknown_format": {
        "nl": "onbekend formaat ‘{format}’; kies uit {formats}",
        "en": "unknown format ‘{format}’; choose one of {formats}",
    },
    "format.no_file": {
        "nl": "dat bestand bestaat niet",
        "en": "there is no such file",
    },
    "format.is_folder": {
        "nl": "dit is een map, geen bestand",
        "en": "this is a folder, not a file",
    },
    "format.cannot_read": {
        "nl": "het bestand is niet te lezen: {why}",
        "en": "cannot read the file: {why}",
    },
    "format.xlsx": {
        "nl": "dit is een spreadsheet (.xlsx), geen tekstbestand; sla het eerst op als CSV",
        "en": "this is a spreadsheet workbook (.xlsx), not a text file; save it as CSV first",
    },
    "format.unknown_encoding": {
        "nl": "onbekende tekencodering ‘{encoding}’",
        "en": "unknown encoding ‘{encoding}’",
    },
    "format.not_encoding": {
        "nl": "dit bestand is geen geldige {encoding}-tekst (byte 0x{byte}); sla het op als ‘CSV "
        "UTF-8’ of noem de codering met --encoding (bijvoorbeeld cp1252)",
        "en": "this file is not valid {encoding} text (byte 0x{byte}); save it as ‘CSV UTF-8’ or "
        "name its encoding with --encoding (for example cp1252)",
    },
    "format.nul": {
        "nl": "het bestand bevat NUL-tekens; is het een binair bestand?",
        "en": "the file contains NUL characters; is it a binary file?",
    },
    "format.changed_while_reading": {
        "nl": "het bestand veranderde tijdens het importeren; importeer het opnieuw",
        "en": "the file changed while it was being imported; import it again",
    },
    "format.empty": {
        "nl": "het bestand is leeg",
        "en": "the file is empty",
    },
    "format.bad_header": {
        "nl": "onleesbare CSV-kopregel: {detail}",
        "en": "unreadable CSV header: {detail}",
    },
    "format.bad_csv": {
        "nl": "onleesbare CSV: {detail}",
        "en": "unreadable CSV: {detail}",
    },
    "format.few_columns": {
        "nl": "de kopregel heeft maar {count} kolom(men); verwacht zijn er minstens {minimum}, "
        "gescheiden door ‘,’, ‘;’ of tabs",
        "en": "the header has only {count} column(s); expected at least {minimum} columns "
        "separated by ‘,’, ‘;’ or tabs",
    },
    "format.only_separators": {
        "nl": "het bestand heeft geen kopregel en geen regels, alleen scheidingstekens",
        "en": "the file has no header and no rows, only separators",
    },
    "format.ragged": {
        "nl": "regel met een afwijkend aantal velden: {count} waar de kopregel er {width} heeft",
        "en": "ragged row: {count} field(s) where the header has {width}",
    },
    "format.ragged_delimiter": {
        "nl": "regel met een afwijkend aantal velden: {count} waar de kopregel er {width} heeft "
        "(deze regel lijkt {used} te gebruiken waar de kopregel {header} gebruikt)",
        "en": "ragged row: {count} field(s) where the header has {width} (this line seems to use "
        "{used} where the header uses {header})",
    },
    "format.tab": {
        "nl": "tab",
        "en": "tab",
    },
    "format.column_twice": {
        "nl": "kolom ‘{column}’ staat er twee keer in",
        "en": "column ‘{column}’ appears twice",
    },
    "format.missing_columns": {
        "nl": "kolom(men) {missing} ontbreken; een Casolysis-bestand heeft {needed} nodig",
        "en": "missing column(s) {missing}; a Casolysis file needs {needed}",
    },
    "format.cell_empty": {
        "nl": "{name} is leeg",
        "en": "{name} is empty",
    },
    "format.category_no_id": {
        "nl": "categorie ‘{label}’ heeft geen category_id",
        "en": "category ‘{label}’ has no category_id",
    },
    "format.column_no_participant": {
        "nl": "kolom {position} heeft geen naam van een deelnemer",
        "en": "column {position} has no participant name",
    },
    "format.participant_two_columns": {
        "nl": "deelnemer ‘{participant}’ staat boven kolom {first} en {second}",
        "en": "participant ‘{participant}’ heads columns {first} and {second}",
    },
    "format.card_name_empty": {
        "nl": "de naam van de kaart (eerste kolom) is leeg",
        "en": "the card name (first column) is empty",
    },
    "format.card_listed_twice": {
        "nl": "kaart ‘{card}’ staat er twee keer in (ook op regel {line})",
        "en": "card ‘{card}’ is listed twice (also on line {line})",
    },
    "format.no_cards": {
        "nl": "het bestand heeft een kopregel maar geen kaarten",
        "en": "the file has a header but no cards",
    },
    "format.no_sorts": {
        "nl": "het bestand heeft een kopregel maar geen sorteringen",
        "en": "the file has a header but no sorts",
    },
    "format.group_two_labels": {
        "nl": "stapel ‘{group}’ van deelnemer ‘{participant}’ heet hier ‘{label}’ maar "
        "‘{earlier}’ op regel {line}",
        "en": "group ‘{group}’ of participant ‘{participant}’ is called ‘{label}’ here but "
        "‘{earlier}’ on line {line}",
    },
    "format.card_two_groups": {
        "nl": "kaart ‘{card}’ ligt op twee stapels van deelnemer ‘{participant}’ (‘{earlier}’ op "
        "regel {line} en ‘{group}’ hier)",
        "en": "card ‘{card}’ is in two groups of participant ‘{participant}’ (‘{earlier}’ on line "
        "{line} and ‘{group}’ here)",
    },
    "format.card_twice_for": {
        "nl": "kaart ‘{card}’ van deelnemer ‘{participant}’ staat er twee keer in (ook op regel "
        "{line})",
        "en": "card ‘{card}’ of participant ‘{participant}’ is listed twice (also on line {line})",
    },
    "format.card_two_labels": {
        "nl": "kaart ‘{card}’ heet hier ‘{label}’ maar ‘{earlier}’ op regel {line}",
        "en": "card ‘{card}’ is called ‘{label}’ here but ‘{earlier}’ on line {line}",
    },
    "format.no_participant_column": {
        "nl": "geen kolom met deelnemers gevonden; verwacht is een kop zoals ‘Participant ID’. "
        "Gevonden kolommen: {columns}",
        "en": "no participant column found; expected a header such as ‘Participant ID’. Columns "
        "seen: {columns}",
    },
    "format.half_long": {
        "nl": "wel een kolom {found} maar geen kolom {missing} gevonden; een lange "
        "OptimalSort-export heeft kolommen voor deelnemer, kaart en categorie nodig",
        "en": "found a {found} column but no {missing} column; a long OptimalSort export needs "
        "participant, card and category columns",
    },
    "format.no_card_columns": {
        "nl": "geen kolommen met kaarten gevonden naast de kolom met deelnemers",
        "en": "no card columns found next to the participant column",
    },
    "format.bad_time": {
        "nl": "regel {line}: de gebruikte tijd ‘{raw}’ is niet te lezen; genegeerd.",
        "en": "line {line}: could not read the time taken ‘{raw}’; ignored it.",
    },
    "format.participant_empty": {
        "nl": "de deelnemer is leeg",
        "en": "the participant is empty",
    },
    "format.card_empty": {
        "nl": "de kaart is leeg",
        "en": "the card is empty",
    },
    "format.column_no_card": {
        "nl": "kolom {position} heeft geen naam van een kaart",
        "en": "column {position} has no card name",
    },
    "format.card_two_columns": {
        "nl": "kaart ‘{card}’ staat boven twee kolommen",
        "en": "card ‘{card}’ heads two columns",
    },
    "format.labels_within_participant": {
        "nl": "Categorieën worden per deelnemer herkend aan hun naam.",
        "en": "Categories are identified by their label within each participant.",
    },
    "format.wide_cells": {
        "nl": "{ids} cel(len) bevatten een stapel-id, {words} een naam; lege cellen zijn kaarten "
        "die niet gesorteerd zijn.",
        "en": "{ids} cell(s) held a group id, {words} held label words; blank cells are cards "
        "left unsorted.",
    },
    "format.unsure_left_out_casolysis": {
        "nl": "{count} kaart(en) met ‘weet ik niet’ zijn weggelaten (Casolysis kent geen ‘weet ik "
        "niet’).",
        "en": "{count} card(s) marked unsure are left out (Casolysis has no ‘unsure’).",
    },
    "format.unsure_left_out": {
        "nl": "{count} kaart(en) met ‘weet ik niet’ zijn weggelaten.",
        "en": "{count} card(s) marked unsure are left out.",
    },
    "format.nested_flat": {
        "nl": "{count} onderstapel(s) zijn als eigen stapel geschreven (Casolysis kent geen "
        "onderstapels).",
        "en": "{count} subgroup(s) are written as groups of their own (Casolysis is flat).",
    },
    "format.nested": {
        "nl": "{count} onderstapel(s) zijn als eigen stapel geschreven.",
        "en": "{count} subgroup(s) are written as groups of their own.",
    },
    "format.label_not_unique": {
        "nl": "kaart {key} is geschreven als ‘{name}’: de naam is niet uniek.",
        "en": "card {key} is written as ‘{name}’: its label is not unique.",
    },
    "format.relabelled": {
        "nl": "{count} stapelnaam/-namen zijn als stapel-id geschreven (twee stapels van één "
        "deelnemer hadden dezelfde naam, of de naam leek op een id).",
        "en": "{count} group label(s) are written as group ids (they were shared by two groups of "
        "one participant or looked like an id).",
    },
    "format.unsure_blank": {
        "nl": "{count} kaart(en) met ‘weet ik niet’ zijn leeg gelaten (niet gesorteerd).",
        "en": "{count} card(s) marked unsure are written as blank (unsorted).",
    },
    "format.json.long_number": {
        "nl": "het getal {start}… heeft {digits} cijfers",
        "en": "the number {start}… has {digits} digits",
    },
    "format.json.large_number": {
        "nl": "het getal {number} is te groot",
        "en": "the number {number} is too large",
    },
    "format.json.not_a_number": {
        "nl": "{name} is geen getal dat dit bestand mag bevatten",
        "en": "{name} is not a number this file may hold",
    },
    "format.json.surrogate": {
        "nl": "het bestand bevat tekst die geen geldige Unicode is ({bad}, een losse surrogaat)",
        "en": "the file holds text that is not valid Unicode ({bad}, a lone surrogate)",
    },
    "format.json.invalid": {
        "nl": "geen geldige JSON: {detail}",
        "en": "not valid JSON: {detail}",
    },
    "format.json.too_deep": {
        "nl": "de JSON is veel te diep genest voor een sorteerbestand",
        "en": "the JSON is nested far too deeply to be a sort file",
    },
    "format.json.unusable": {
        "nl": "geen bruikbare JSON-waarde: {detail}",
        "en": "not a usable JSON value: {detail}",
    },
    "format.json.missing": {
        "nl": "‘{name}’ ontbreekt",
        "en": "‘{name}’ is missing",
    },
    "format.json.not_text": {
        "nl": "‘{name}’ moet tekst zijn, geen {kind}",
        "en": "‘{name}’ must be text, not {kind}",
    },
    "format.json.not_text_or_null": {
        "nl": "‘{name}’ moet tekst of null zijn",
        "en": "‘{name}’ must be text or null",
    },
    "format.json.not_list": {
        "nl": "‘{name}’ moet een lijst zijn",
        "en": "‘{name}’ must be a list",
    },
    "format.json.not_object": {
        "nl": "moet een object zijn",
        "en": "must be an object",
    },
    "format.json.too_long": {
        "nl": "‘{name}’ is langer dan {limit} tekens",
        "en": "‘{name}’ is longer than {limit} characters",
    },
    "format.json.control": {
        "nl": "‘{name}’ bevat stuurtekens",
        "en": "‘{name}’ holds control characters",
    },
    "format.json.many_questions": {
        "nl": "meer dan {limit} vragen",
        "en": "more than {limit} questions",
    },
    "format.json.bad_number": {
        "nl": "‘number’ moet een heel getal van 1 tot {limit} zijn",
        "en": "‘number’ must be a whole number from 1 to {limit}",
    },
    "format.json.question_twice": {
        "nl": "vraagnummer {number} komt twee keer voor",
        "en": "question number {number} is used twice",
    },
    "format.json.question_kind": {
        "nl": "onbekend soort vraag ‘{kind}’ (text of choice)",
        "en": "unknown question kind ‘{kind}’ (text or choice)",
    },
    "format.json.question_no_text": {
        "nl": "de vraag heeft geen tekst",
        "en": "the question has no text",
    },
    "format.json.many_choices": {
        "nl": "meer dan {limit} keuzes",
        "en": "more than {limit} choices",
    },
    "format.json.choice_no_text": {
        "nl": "de keuze heeft geen tekst",
        "en": "the choice has no text",
    },
    "format.json.few_choices": {
        "nl": "een meerkeuzevraag heeft minstens twee opties nodig",
        "en": "a choice needs at least two options",
    },
    "format.json.text_with_choices": {
        "nl": "een open vraag heeft geen keuzes",
        "en": "a free-text question has no choices",
    },
    "format.json.many_answers": {
        "nl": "meer dan {limit} antwoorden",
        "en": "more than {limit} answers",
    },
    "format.json.bad_question": {
        "nl": "‘question’ moet het nummer van een vraag zijn",
        "en": "‘question’ must be a question's number",
    },
    "format.json.answered_twice": {
        "nl": "vraag {number} is twee keer beantwoord",
        "en": "question {number} is answered twice",
    },
    "format.json.answer_no_question": {
        "nl": "het antwoord van ‘{name}’ op vraag {number} is weggelaten: het bestand heeft die "
        "vraag niet.",
        "en": "the answer of ‘{name}’ to question {number} was left out: the file has no such "
        "question.",
    },
    "format.json.not_an_option": {
        "nl": "vraag {number} is een keuze uit {count}; ‘{text}’ is niet een van de optienummers",
        "en": "question {number} is a choice of {count}; ‘{text}’ is not one of its option numbers",
    },
    "format.json.study_kind": {
        "nl": "onbekend soort onderzoek ‘{kind}’ (open, closed of hybrid)",
        "en": "unknown study kind ‘{kind}’ (open, closed or hybrid)",
    },
    "format.json.not_document": {
        "nl": "het JSON-document moet een object zijn",
        "en": "the JSON document must be an object",
    },
    "format.json.not_ours": {
        "nl": "deze JSON is geen cardsort-drive-bestand (formaat is ‘{format}’)",
        "en": "this JSON is not a cardsort-drive file (format is ‘{format}’)",
    },
    "format.json.version": {
        "nl": "dit bestand heeft versie ‘{version}’; deze cardsort-drive leest tot en met "
        "{supported}",
        "en": "this file has version ‘{version}’; this cardsort-drive reads up to {supported}",
    },
    "format.json.not_labels": {
        "nl": "moet een lijst met namen zijn",
        "en": "must be a list of labels",
    },
    "format.json.card_key_twice": {
        "nl": "kaartsleutel ‘{key}’ komt twee keer voor",
        "en": "card key ‘{key}’ is used twice",
    },
    "format.json.empty_label": {
        "nl": "de kaart heeft een lege naam",
        "en": "the card has an empty label",
    },
    "format.json.audience": {
        "nl": "onbekend publiek ‘{audience}’",
        "en": "unknown audience ‘{audience}’",
    },
    "format.json.no_cards": {
        "nl": "het bestand heeft geen kaarten",
        "en": "the file has no cards",
    },
    "format.json.participant_twice": {
        "nl": "deelnemer ‘{participant}’ komt twee keer voor",
        "en": "participant ‘{participant}’ appears twice",
    },
    "format.json.changed_after_export": {
        "nl": "de sortering van ‘{participant}’ is na de export veranderd (de vingerafdruk klopt "
        "niet meer); hij wordt gelezen zoals hij nu is.",
        "en": "the sort of ‘{participant}’ was changed after it was exported (its fingerprint no "
        "longer matches); it is read as it is now.",
    },
    "format.json.no_name": {
        "nl": "de deelnemer heeft geen naam",
        "en": "the participant has no name",
    },
    "format.json.group_key_twice": {
        "nl": "stapelsleutel ‘{key}’ komt twee keer voor",
        "en": "group key ‘{key}’ is used twice",
    },
    "format.json.unknown_category": {
        "nl": "onbekende categorie ‘{category}’",
        "en": "unknown category ‘{category}’",
    },
    "format.json.unknown_parent": {
        "nl": "onbekende bovenliggende stapel ‘{group}’",
        "en": "unknown parent group ‘{group}’",
    },
    "format.json.cycle": {
        "nl": "de stapels liggen in een kringetje in elkaar",
        "en": "the groups form a cycle",
    },
    "format.json.unknown_card": {
        "nl": "onbekende kaart ‘{card}’",
        "en": "unknown card ‘{card}’",
    },
    "format.json.placed_twice": {
        "nl": "kaart ‘{card}’ is twee keer gelegd door ‘{name}’ (ook placements[{index}])",
        "en": "card ‘{card}’ is placed twice by ‘{name}’ (also placements[{index}])",
    },
    "format.json.unknown_state": {
        "nl": "onbekende toestand ‘{state}’ (placed, unsure of unsorted)",
        "en": "unknown state ‘{state}’ (placed, unsure or unsorted)",
    },
    "format.json.group_only_placed": {
        "nl": "een gelegde kaart heeft een stapel nodig, en alleen een gelegde kaart heeft er een",
        "en": "a placed card needs a group, and only a placed card has one",
    },
    "format.json.unknown_group": {
        "nl": "onbekende stapel ‘{group}’",
        "en": "unknown group ‘{group}’",
    },
    "format.json.bad_position": {
        "nl": "‘position’ moet een heel getal van 0 tot {limit} zijn",
        "en": "‘position’ must be a whole number from 0 to {limit}",
    },
    # -- cardsort import / export themselves ---------------------------------------------------
    "import.skip_hint": {
        "nl": "Voeg --skip-invalid-rows toe om de geldige regels te importeren en de overgeslagen "
        "op te sommen (probeer het eerst met --dry-run).",
        "en": "To import the valid rows and list the skipped ones, add --skip-invalid-rows (try "
        "it first with --dry-run).",
    },
    "import.dry_valid": {
        "nl": "Het bestand is in orde: {cards} kaarten, {sorts} sorteringen. Er is niets "
        "geschreven (--dry-run).",
        "en": "The file is valid: {cards} cards, {sorts} sorts. Nothing was written (--dry-run).",
    },
    "import.dry_skipping": {
        "nl": "De geldige regels kunnen geïmporteerd worden: {cards} kaarten, {sorts} "
        "sorteringen; {skipped} regel(s) zouden overgeslagen worden. Er is niets geschreven "
        "(--dry-run).",
        "en": "The valid rows can be imported: {cards} cards, {sorts} sorts; {skipped} row(s) "
        "would be skipped. Nothing was written (--dry-run).",
    },
    "export.note": {"nl": "Let op: {note}", "en": "Note: {note}"},
    "export.wrote": {"nl": "{file} geschreven ({format}).", "en": "Wrote {file} ({format})."},
    "export.no_sorts": {
        "nl": "Onderzoek ‘{study}’ heeft nog geen sorteringen; er is niets te exporteren.",
        "en": "Study ‘{study}’ has no sorts yet; nothing to export.",
    },
}
