"""What the sort-file readers and writers tell a coordinator, as data.

Every format hands back its problems, notes and summaries as :class:`~sessions.said.Said`
values made by :func:`said`: a code under ``format.`` with its parameters. The CLI says them
in Dutch or English (``cardsort/formats_texts.py`` has both, and the same English as
:data:`ENGLISH`; a test keeps them in step). Names from the file (cards, participants, groups,
columns) are quoted with typographic quotes, never as Python reprs.
"""

from __future__ import annotations

from sessions.said import Said

__all__ = ["ENGLISH", "said"]

ENGLISH: dict[str, str] = {
    # -- framing (errors.py, parsed.py) -------------------------------------------------------
    "problem.line": "{source}:{line}: {reason}",
    "problem.where": "{source} ({where}): {reason}",
    "problem.file": "{source}: {reason}",
    "more_problems": "… and {count} more problems",
    "nothing_imported": "Nothing was imported.",
    "read_as": "Read {source} as {format}.",
    "columns_used": "Columns used: {columns}",
    "column_meaning": "‘{column}’ → {meaning}",
    "columns_ignored": "Columns ignored: {columns}",
    "quoted": "‘{name}’",
    "skipped_rows": "Skipped {count} invalid row(s) (--skip-invalid-rows):",
    "skipped_row": "  line {line}: {reasons}",
    # -- the import's summary (apply.py) --------------------------------------------------------
    "created_study": "Created study ‘{study}’.",
    "imported": "Imported {count} sort(s) into ‘{study}’: {added} new, {replaced} replaced, "
    "{renamed} renamed; {duplicates} already present (skipped).",
    "renamed": "  ‘{old}’ was already taken by another sort; imported as ‘{new}’.",
    "already_imported": "  Already imported: {names}",
    "answers_stored": "Stored {count} answer(s) to the study's questions.",
    "answers_left_out": "{count} answer(s) left out: study ‘{study}’ does not ask their "
    "question (add it with `cardsort study ask` and import again):",
    "answer_left_out": "  ‘{name}’: ‘{text}’",
    "matched_by_key": "Card ‘{label}’ matched the study's card {key} (‘{study_label}’) by its key.",
    "matches_many": "card ‘{label}’ matches {count} cards of the study ({keys}); give the card "
    "key instead",
    "matches_none": "card ‘{label}’ (id ‘{key}’) matches no card of the study",
    "both_match": "cards ‘{first}’ and ‘{second}’ both match the study's card {key} "
    "(‘{study_label}’)",
    "unmatched": "{count} card(s) of the file match no card of the study; add them to the study "
    "first or correct their labels. Unmatched:",
    "no_study": "there is no study called ‘{study}’",
    "unknown_categories": "categories not in study ‘{study}’: {categories}",
    "conflict": "participant ‘{participant}’ already has a different sort in study ‘{study}’; "
    "use --on-conflict replace or rename",
    # -- reading a file (detect.py, textio.py) --------------------------------------------------
    "json_no_rows": "--skip-invalid-rows is for CSV files; a JSON file has no rows to skip",
    "unknown_format": "unknown format ‘{format}’; choose one of {formats}",
    "no_file": "there is no such file",
    "is_folder": "this is a folder, not a file",
    "cannot_read": "cannot read the file: {why}",
    "xlsx": "this is a spreadsheet workbook (.xlsx), not a text file; save it as CSV first",
    "unknown_encoding": "unknown encoding ‘{encoding}’",
    "not_encoding": "this file is not valid {encoding} text (byte 0x{byte}); save it as ‘CSV "
    "UTF-8’ or name its encoding with --encoding (for example cp1252)",
    "nul": "the file contains NUL characters; is it a binary file?",
    "changed_while_reading": "the file changed while it was being imported; import it again",
    "empty": "the file is empty",
    "bad_header": "unreadable CSV header: {detail}",
    "bad_csv": "unreadable CSV: {detail}",
    "few_columns": "the header has only {count} column(s); expected at least {minimum} columns "
    "separated by ‘,’, ‘;’ or tabs",
    "only_separators": "the file has no header and no rows, only separators",
    "ragged": "ragged row: {count} field(s) where the header has {width}",
    "ragged_delimiter": "ragged row: {count} field(s) where the header has {width} (this line "
    "seems to use {used} where the header uses {header})",
    "tab": "tab",
    # -- rows of the CSV formats (casolysis, wide, longform, optimalsort) -----------------------
    "column_twice": "column ‘{column}’ appears twice",
    "missing_columns": "missing column(s) {missing}; a Casolysis file needs {needed}",
    "cell_empty": "{name} is empty",
    "category_no_id": "category ‘{label}’ has no category_id",
    "column_no_participant": "column {position} has no participant name",
    "participant_two_columns": "participant ‘{participant}’ heads columns {first} and {second}",
    "card_name_empty": "the card name (first column) is empty",
    "card_listed_twice": "card ‘{card}’ is listed twice (also on line {line})",
    "no_cards": "the file has a header but no cards",
    "no_sorts": "the file has a header but no sorts",
    "group_two_labels": "group ‘{group}’ of participant ‘{participant}’ is called ‘{label}’ "
    "here but ‘{earlier}’ on line {line}",
    "card_two_groups": "card ‘{card}’ is in two groups of participant ‘{participant}’ "
    "(‘{earlier}’ on line {line} and ‘{group}’ here)",
    "card_twice_for": "card ‘{card}’ of participant ‘{participant}’ is listed twice (also on "
    "line {line})",
    "card_two_labels": "card ‘{card}’ is called ‘{label}’ here but ‘{earlier}’ on line {line}",
    "no_participant_column": "no participant column found; expected a header such as "
    "‘Participant ID’. Columns seen: {columns}",
    "half_long": "found a {found} column but no {missing} column; a long OptimalSort export "
    "needs participant, card and category columns",
    "no_card_columns": "no card columns found next to the participant column",
    "bad_time": "line {line}: could not read the time taken ‘{raw}’; ignored it.",
    "participant_empty": "the participant is empty",
    "card_empty": "the card is empty",
    "column_no_card": "column {position} has no card name",
    "card_two_columns": "card ‘{card}’ heads two columns",
    "labels_within_participant": "Categories are identified by their label within each "
    "participant.",
    "wide_cells": "{ids} cell(s) held a group id, {words} held label words; blank cells are "
    "cards left unsorted.",
    # -- what an export could not hold ----------------------------------------------------------
    "unsure_left_out_casolysis": "{count} card(s) marked unsure are left out (Casolysis has no "
    "‘unsure’).",
    "unsure_left_out": "{count} card(s) marked unsure are left out.",
    "nested_flat": "{count} subgroup(s) are written as groups of their own (Casolysis is flat).",
    "nested": "{count} subgroup(s) are written as groups of their own.",
    "label_not_unique": "card {key} is written as ‘{name}’: its label is not unique.",
    "relabelled": "{count} group label(s) are written as group ids (they were shared by two "
    "groups of one participant or looked like an id).",
    "unsure_blank": "{count} card(s) marked unsure are written as blank (unsorted).",
    # -- our own JSON (jsonfmt.py) --------------------------------------------------------------
    "json.long_number": "the number {start}… has {digits} digits",
    "json.large_number": "the number {number} is too large",
    "json.not_a_number": "{name} is not a number this file may hold",
    "json.surrogate": "the file holds text that is not valid Unicode ({bad}, a lone surrogate)",
    "json.invalid": "not valid JSON: {detail}",
    "json.too_deep": "the JSON is nested far too deeply to be a sort file",
    "json.unusable": "not a usable JSON value: {detail}",
    "json.missing": "‘{name}’ is missing",
    "json.not_text": "‘{name}’ must be text, not {kind}",
    "json.not_text_or_null": "‘{name}’ must be text or null",
    "json.not_list": "‘{name}’ must be a list",
    "json.not_object": "must be an object",
    "json.too_long": "‘{name}’ is longer than {limit} characters",
    "json.control": "‘{name}’ holds control characters",
    "json.many_questions": "more than {limit} questions",
    "json.bad_number": "‘number’ must be a whole number from 1 to {limit}",
    "json.question_twice": "question number {number} is used twice",
    "json.question_kind": "unknown question kind ‘{kind}’ (text or choice)",
    "json.question_no_text": "the question has no text",
    "json.many_choices": "more than {limit} choices",
    "json.choice_no_text": "the choice has no text",
    "json.few_choices": "a choice needs at least two options",
    "json.text_with_choices": "a free-text question has no choices",
    "json.many_answers": "more than {limit} answers",
    "json.bad_question": "‘question’ must be a question's number",
    "json.answered_twice": "question {number} is answered twice",
    "json.answer_no_question": "the answer of ‘{name}’ to question {number} was left out: the "
    "file has no such question.",
    "json.not_an_option": "question {number} is a choice of {count}; ‘{text}’ is not one of its "
    "option numbers",
    "json.study_kind": "unknown study kind ‘{kind}’ (open, closed or hybrid)",
    "json.not_document": "the JSON document must be an object",
    "json.not_ours": "this JSON is not a cardsort-drive file (format is ‘{format}’)",
    "json.version": "this file has version ‘{version}’; this cardsort-drive reads up to "
    "{supported}",
    "json.not_labels": "must be a list of labels",
    "json.card_key_twice": "card key ‘{key}’ is used twice",
    "json.empty_label": "the card has an empty label",
    "json.audience": "unknown audience ‘{audience}’",
    "json.no_cards": "the file has no cards",
    "json.participant_twice": "participant ‘{participant}’ appears twice",
    "json.changed_after_export": "the sort of ‘{participant}’ was changed after it was exported "
    "(its fingerprint no longer matches); it is read as it is now.",
    "json.no_name": "the participant has no name",
    "json.group_key_twice": "group key ‘{key}’ is used twice",
    "json.unknown_category": "unknown category ‘{category}’",
    "json.unknown_parent": "unknown parent group ‘{group}’",
    "json.cycle": "the groups form a cycle",
    "json.unknown_card": "unknown card ‘{card}’",
    "json.placed_twice": "card ‘{card}’ is placed twice by ‘{name}’ (also placements[{index}])",
    "json.unknown_state": "unknown state ‘{state}’ (placed, unsure or unsorted)",
    "json.group_only_placed": "a placed card needs a group, and only a placed card has one",
    "json.unknown_group": "unknown group ‘{group}’",
    "json.bad_position": "‘position’ must be a whole number from 0 to {limit}",
}


def said(code: str, /, **params: object) -> Said:
    """``said("card_listed_twice", card="Rekenen", line=2)``: catalogue key ``format.<code>``."""
    return Said(f"format.{code}", ENGLISH[code], params)
