"""What the admin reads from ``cardsort plan`` and ``cardsort migrate …``, in Dutch and English.

Merged into :data:`cardsort.i18n_catalogue.CATALOGUE`. Three families of keys:

- ``plan.*`` and ``migrate.*``: the commands' own sentences (:mod:`cardsort.cli.plan`,
  :mod:`cardsort.cli.migrate`);
- ``exec.<code>``: the executor's messages (:data:`drive_adapters.executor.results.ENGLISH`
  holds the same English; a test keeps them in step), said at the CLI edge by
  :func:`cardsort.cli._say.say`;
- ``rule.*``, ``note.*``: the plan's problem codes and the planner's notes on items, in words;
- ``copy.*``: ``cardsort migrate copy``; ``study.*``: ``cardsort study list|show``;
- ``exec.reason.*``: why a target refused one item. The English is the platform's own words
  (``{detail}``); the Dutch names the kind of refusal and quotes the platform after it.

Dutch for the admin (*systeembeheerder*): *doel* for the target, *bron* for the old share,
*logboek* for the journal, *opzijgezet* for an item set aside; the command names stay English
(they are what is typed).
"""

from __future__ import annotations

__all__ = ["MIGRATE_TEXTS"]

MIGRATE_TEXTS: dict[str, dict[str, str]] = {
    # -- cardsort plan --------------------------------------------------------------------------
    "plan.title": {
        "nl": "Plan voor {study} (scan {scan} van {root}, regels: {rules})",
        "en": "Plan for {study} (scan {scan} of {root}, rules: {rules})",
    },
    "plan.items": {
        "nl": "  {items} items verantwoord: {files} bestanden ({bytes} bytes) geplaatst, "
        "{excluded} uitgesloten",
        "en": "  {items} items accounted for: {files} files ({bytes} bytes) placed, "
        "{excluded} excluded",
    },
    "plan.folders": {
        "nl": "  {folders} nieuwe mappen, {units} verplaatsingen als geheel, {removals} "
        "leeggemaakte oude mappen verwijderd",
        "en": "  {folders} new folders, {units} moves as whole items, {removals} emptied old "
        "folders removed",
    },
    "plan.unsorted": {
        "nl": "  {count} kaarten gaan naar ‘{folder}’: {cards}",
        "en": "  {count} cards go to ‘{folder}’: {cards}",
    },
    "plan.fixed": {
        "nl": "  {count} namen aangepast voor het doel, bijvoorbeeld:",
        "en": "  {count} names fixed for the target, e.g.:",
    },
    "plan.unsorted.one": {
        "nl": "  1 kaart gaat naar ‘{folder}’: {cards}",
        "en": "  1 card goes to ‘{folder}’: {cards}",
    },
    "plan.warnings.one": {"nl": "  1 waarschuwing ({codes})", "en": "  1 warning ({codes})"},
    "plan.warnings": {
        "nl": "  {count} waarschuwingen ({codes})",
        "en": "  {count} warnings ({codes})",
    },
    "plan.unreadable.one": {
        "nl": "  1 map kon niet gelezen worden: die blijft waar hij is (verplaats hem met de "
        "hand, of scan opnieuw als iemand die hem kan lezen):",
        "en": "  1 folder could not be read: it stays where it is (move it by hand, or scan again "
        "as someone who can read it):",
    },
    "plan.unreadable": {
        "nl": "  {count} mappen konden niet gelezen worden: ze blijven waar ze zijn (verplaats "
        "ze met de hand, of scan opnieuw als iemand die ze kan lezen):",
        "en": "  {count} folders could not be read: they stay where they are (move them by "
        "hand, or scan again as someone who can read them):",
    },
    "plan.blocking.one": {
        "nl": "  1 probleem blokkeert dit plan:",
        "en": "  1 problem blocks this plan:",
    },
    "plan.blocking": {
        "nl": "  {count} problemen blokkeren dit plan:",
        "en": "  {count} problems block this plan:",
    },
    # -- target specs that cannot be used (drive_adapters/targets.py, TargetError) -----------
    "target.not_a_target": {
        "nl": "{spec} is geen doel. Gebruik local:PAD, smb:PAD, local-copy:PAD, onedrive:…, "
        "gdrive:… of simulated:onedrive|gdrive|local|smb|local-copy.",
        "en": "{spec} is not a target. Use local:PATH, smb:PATH, local-copy:PATH, onedrive:…, "
        "gdrive:… or simulated:onedrive|gdrive|local|smb|local-copy.",
    },
    "target.bad_option": {
        "nl": "Elke optie na ? moet naam=waarde zijn (gescheiden door &); optie {number} van het "
        "doel {scheme} is dat niet.",
        "en": "Every option after ? must be name=value (joined by &); option {number} of the "
        "{scheme} target is not.",
    },
    "target.source_elsewhere": {
        "nl": "Kopiëren heeft de bron op deze computer nodig; dit plan is gemaakt van een "
        "{kind}-scan.",
        "en": "Copying needs the source share on this machine; this plan was made from a {kind} "
        "scan.",
    },
    "target.source_unreadable": {
        "nl": "De bron {root} is niet te lezen: {error}",
        "en": "The source share {root} cannot be read: {error}",
    },
    "target.not_installed": {
        "nl": "Het doel {scheme} is in deze installatie niet beschikbaar ({error}). Probeer "
        "`--target simulated:{scheme}` om het plan aan de regels van dat doel te toetsen.",
        "en": "The {scheme} target is not available in this installation ({error}). Try "
        "`--target simulated:{scheme}` to check the plan against its rules.",
    },
    "target.unfinished": {
        "nl": "{module} heeft geen {func}(); het doel {scheme} is in deze versie nog niet af.",
        "en": "{module} has no {func}(); the {scheme} target is not finished in this version.",
    },
    "target.cannot_open": {
        "nl": "{spec} kan niet geopend worden: {error}",
        "en": "Cannot open {spec}: {error}",
    },
    "target.source_not_cloud": {
        "nl": "--source is voor plannen van een OneDrive- of Google Drive-scan; dit plan is "
        "gemaakt van de lokale bron {root}.",
        "en": "--source is for plans made from a OneDrive or Google Drive scan; this plan was "
        "made from the local share {root}.",
    },
    "target.source_kind": {
        "nl": "Dit plan is gemaakt van een {kind}-scan; daaruit kan niet gekopieerd worden.",
        "en": "This plan was made from a {kind} scan, which cannot be copied from.",
    },
    "target.source_other_kind": {
        "nl": "Dit plan is gemaakt van een {kind}-scan ({root}); --source moet die schijf noemen, "
        "geen {scheme}-schijf.",
        "en": "This plan was made from a {kind} scan ({root}); --source must name that drive, "
        "not a {scheme} one.",
    },
    "target.source_other_drive": {
        "nl": "{spec} is niet de schijf waarvan dit plan gescand is ({root}); noem die schijf met "
        "--source.",
        "en": "{spec} is not the drive this plan was scanned from ({root}); name that drive with "
        "--source.",
    },
    "target.unknown_simulated": {
        "nl": "simulated:{name} bestaat niet; kies uit: {known}.",
        "en": "simulated:{name} is unknown; use one of: {known}.",
    },
    "target.needs_path": {
        "nl": "{scheme}: heeft het pad van de bron nodig, bijvoorbeeld {scheme}:/srv/share.",
        "en": "{scheme}: needs the path of the share, e.g. {scheme}:/srv/share.",
    },
    "target.in_place_elsewhere": {
        "nl": "Ter plekke betekent: de bron waarvan het plan gemaakt is ({root}); {folder} is een "
        "andere map. Gebruik local-copy:{folder} om er een kopie in te maken.",
        "en": "In place means the share the plan was made from ({root}); {folder} is another "
        "folder. Use local-copy:{folder} to copy into it instead.",
    },
    "target.copy_needs_folder": {
        "nl": "local-copy: heeft een map nodig, bijvoorbeeld local-copy:/srv/nieuw.",
        "en": "local-copy: needs a folder, e.g. local-copy:/srv/nieuw.",
    },
    "target.copy_onto_share": {
        "nl": "local-copy heeft een andere map nodig dan de bron zelf; gebruik local:{folder} om "
        "ter plekke te herindelen.",
        "en": "local-copy needs a folder other than the share itself; use local:{folder} to "
        "restructure in place.",
    },
    "target.copy_unusable": {
        "nl": "{folder} kan niet als doel voor de kopie dienen: {error}",
        "en": "Cannot use {folder} as the copy target: {error}",
    },
    "target.unknown_type": {
        "nl": "Onbekend soort doel ‘{scheme}’: gebruik local, smb, local-copy, onedrive, gdrive "
        "of simulated.",
        "en": "Unknown target type ‘{scheme}’: use local, smb, local-copy, onedrive, gdrive or "
        "simulated.",
    },
    # -- cardsort plan: restricted cards refused (cardsort/privacy/placement.py) ---------------
    "plan.refused": {
        "nl": "Vertrouwelijke kaarten zouden in een map komen die voor meer mensen open staat:"
        "\n  - {refusals}",
        "en": "Restricted cards would land in a folder meant for a wider audience:\n  - {refusals}",
    },
    "plan.refused.unsorted": {
        "nl": "kaart {card} ({label}, voor {audience}) is vertrouwelijk maar komt in ‘{folder}’, "
        "de map voor alles wat nog niet gesorteerd is: geef de kaart een plek in de voorgestelde "
        "mappenstructuur, of bevestig dat het zo mag (--acknowledge {card}).",
        "en": "card {card} ({label}, for {audience}) is restricted but lands in ‘{folder}’, the "
        "folder for everything not yet sorted: place it in the consensus tree, or acknowledge it "
        "(--acknowledge {card}).",
    },
    "plan.refused.wider": {
        "nl": "kaart {card} ({label}, voor {audience}) is vertrouwelijk maar komt in ‘{folder}’ "
        "(open voor {folder_audience}){together}. Kies: splits de map (zet de kaart in een eigen "
        "map in de voorgestelde mappenstructuur); geef de map de kleinere doelgroep (`cardsort "
        "consensus audience {study} '{top}' {code}`); of bevestig dat het zo mag (--acknowledge "
        "{card}).",
        "en": "card {card} ({label}, for {audience}) is restricted but lands in ‘{folder}’ (open "
        "to {folder_audience}){together}. Choose: split the folder (move the card to a folder of "
        "its own in the consensus tree); give the folder the narrower audience (`cardsort "
        "consensus audience {study} '{top}' {code}`); or acknowledge it (--acknowledge {card}).",
    },
    "plan.refused.together": {"nl": " samen met {cards}", "en": " together with {cards}"},
    "plan.written": {"nl": "Geschreven: {plan} en {items}", "en": "Written: {plan} and {items}"},
    "plan.next": {"nl": "Volgende stap: {command}", "en": "Next: {command}"},
    "plan.no_consensus": {
        "nl": "Onderzoek ‘{study}’ heeft nog geen voorgestelde mappenstructuur. Voer eerst de "
        "analyse uit, of geef --consensus BESTAND.json mee.",
        "en": "Study ‘{study}’ has no consensus tree yet. Run the analysis first, or pass "
        "--consensus FILE.json.",
    },
    "plan.bad_group": {
        "nl": "--group verwacht AUDIENCE=GROUP (wie=gebruikersgroep), bijvoorbeeld "
        "zorg=zorgteam@school.nl, niet ‘{given}’.",
        "en": "--group wants AUDIENCE=GROUP, e.g. zorg=zorgteam@school.nl, not ‘{given}’.",
    },
    "plan.applied_there": {
        "nl": "{out} bevat het logboek van een plan dat is uitgevoerd; kies een andere --out, "
        "zodat het beschikbaar blijft voor undo.",
        "en": "{out} holds the journal of a plan that was applied; choose another --out so it "
        "stays available for undo.",
    },
    "plan.exists": {
        "nl": "{out} bevat al een plan; geef --force mee om het te vervangen, of kies een andere "
        "--out.",
        "en": "{out} already holds a plan; pass --force to replace it, or choose another --out.",
    },
    "plan.bad_consensus": {
        "nl": "Het bestand met de mappenstructuur {path} is niet te lezen: {error}",
        "en": "Cannot read the consensus file {path}: {error}",
    },
    # -- cardsort migrate: shared -----------------------------------------------------------
    "migrate.none": {"nl": "geen", "en": "none"},
    "migrate.nothing": {"nl": "niets", "en": "nothing"},
    "migrate.more": {"nl": "  … en nog {count}", "en": "  … and {count} more"},
    "migrate.more_report": {
        "nl": "  … en nog {count} (zie het rapport)",
        "en": "  … and {count} more (see the report)",
    },
    "migrate.progress": {
        "nl": "{action}: stap {done}/{total}",
        "en": "{action}: operation {done}/{total}",
    },
    "migrate.progress_amount": {
        "nl": "{files_done}/{files_total} bestanden, {mb_done}/{mb_total} MB",
        "en": "{files_done}/{files_total} files, {mb_done}/{mb_total} MB",
    },
    "migrate.eta": {"nl": "nog {time}", "en": "ETA {time}"},
    "migrate.seconds": {"nl": "{n} s", "en": "{n} s"},
    "migrate.minutes": {"nl": "{n} min", "en": "{n} min"},
    "migrate.hours": {"nl": "{n} uur", "en": "{n} h"},
    "migrate.days": {"nl": "{n} dagen", "en": "{n} days"},
    "migrate.action.apply": {"nl": "uitvoeren", "en": "apply"},
    "migrate.action.resume": {"nl": "hervatten", "en": "resume"},
    "migrate.action.undo": {"nl": "ongedaan maken", "en": "undo"},
    "migrate.action.simulate": {"nl": "simuleren", "en": "simulate"},
    "migrate.action.sync": {"nl": "inhalen", "en": "sync"},
    "migrate.rule_warnings": {
        "nl": "{count} waarschuwingen voor {target}: {codes}",
        "en": "{count} warnings for {target}: {codes}",
    },
    "migrate.rule_blocking": {
        "nl": "{count} namen of grenzen passen niet bij de regels van {target} (het plan is "
        "gemaakt voor ‘{rules}’; maak het opnieuw met --rules {name}):",
        "en": "{count} names or limits break the rules of {target} (the plan was fixed for "
        "‘{rules}’; re-plan with --rules {name}):",
    },
    "migrate.library_prefix": {
        "nl": "Het adres van de bibliotheek telt mee in de padlengte van het doel: maak het plan "
        "opnieuw met --library-url (het webadres van de bibliotheek), dan worden lange paden "
        "ervoor ingekort.",
        "en": "The target's library address counts in its path limit: re-plan with "
        "--library-url set to the library's web address so long paths are shortened for it.",
    },
    "migrate.unreadable.one": {
        "nl": "1 map kon niet gelezen worden en blijft waar hij is (verplaats hem met de hand, of "
        "scan opnieuw als iemand die hem kan lezen):",
        "en": "1 folder could not be read and stays where it is (move it by hand, or scan again "
        "as someone who can read it):",
    },
    "migrate.unreadable": {
        "nl": "{count} mappen konden niet gelezen worden en blijven waar ze zijn (verplaats ze "
        "met de hand, of scan opnieuw als iemand die ze kan lezen):",
        "en": "{count} folders could not be read and stay where they are (move them by hand, "
        "or scan again as someone who can read them):",
    },
    "migrate.summary": {
        "nl": "{action}: {ran} stappen uitgevoerd ({kinds}), {already} waren al gedaan, "
        "{recovered} hersteld na een onderbreking, in {seconds} s",
        "en": "{action}: {ran} operations run ({kinds}), {already} already done, {recovered} "
        "recovered after an interruption, in {seconds} s",
    },
    "migrate.skipped": {"nl": "  overgeslagen: {line}", "en": "  skipped: {line}"},
    "migrate.set_aside_head.one": {
        "nl": "1 stap opzijgezet (al het andere is klaar); los de oorzaak op en voer dan {verb} "
        "opnieuw uit om hem nog eens te proberen:",
        "en": "1 operation set aside (everything else is done); fix the cause, then run {verb} "
        "again to retry it:",
    },
    "migrate.set_aside_head": {
        "nl": "{count} stappen opzijgezet (al het andere is klaar); los de oorzaak op en voer "
        "dan {verb} opnieuw uit om ze nog eens te proberen:",
        "en": "{count} operations set aside (everything else is done); fix the cause, then run "
        "{verb} again to retry them:",
    },
    "migrate.set_aside": {"nl": "  opzijgezet: {line}", "en": "  set aside: {line}"},
    "migrate.listed": {"nl": "  op de lijst: {line}", "en": "  listed: {line}"},
    "migrate.report": {"nl": "Rapport per item: {path}", "en": "Per-item report: {path}"},
    "migrate.journal_report": {
        "nl": "Logboek: {journal}. Rapport per item: {report}",
        "en": "Journal: {journal}. Per-item report: {report}",
    },
    "migrate.retry": {"nl": "Opnieuw proberen: {command}", "en": "Retry: {command}"},
    "migrate.check": {"nl": "Controleer het: {command}", "en": "Check it: {command}"},
    "migrate.nothing_to_do": {
        "nl": "Alles in dit plan was al gedaan; er is niets veranderd.",
        "en": "Everything in this plan was done already; nothing changed.",
    },
    "migrate.simulated_changes_nothing": {
        "nl": "Een gesimuleerd doel verandert niets; gebruik `cardsort migrate simulate`.",
        "en": "A simulated target changes nothing; use `cardsort migrate simulate`.",
    },
    "migrate.no_journal": {
        "nl": "Er is geen logboek in {directory}: dit plan is nooit uitgevoerd. Gebruik "
        "`cardsort migrate apply`.",
        "en": "There is no journal in {directory}: this plan was never applied. Use "
        "`cardsort migrate apply`.",
    },
    "migrate.busy": {
        "nl": "Dit plan is in gebruik: {holder}. Wacht tot dat klaar is (of stop het) en voer "
        "de opdracht dan opnieuw uit; er is niets veranderd.",
        "en": "This plan is in use: {holder}. Wait for it to finish (or stop it), then run the "
        "command again; nothing was changed.",
    },
    "migrate.holder": {"nl": "{action} door proces {pid}", "en": "{action} by process {pid}"},
    "migrate.holder_unknown": {"nl": "een ander proces", "en": "another process"},
    # -- simulate -------------------------------------------------------------------------------
    "migrate.cannot_simulate": {
        "nl": "‘{spec}’ kan niet gesimuleerd worden; gebruik simulated:onedrive, gdrive, local, "
        "smb of local-copy.",
        "en": "Cannot simulate ‘{spec}’; use simulated:onedrive, gdrive, local, smb or local-copy.",
    },
    "migrate.simulating": {
        "nl": "Simulatie van plan {plan} op {target} ({mode})",
        "en": "Simulating plan {plan} on {target} ({mode})",
    },
    "migrate.kind.mkdir": {"nl": "map maken", "en": "mkdir"},
    "migrate.kind.move": {"nl": "verplaatsen", "en": "move"},
    "migrate.kind.rename": {"nl": "hernoemen", "en": "rename"},
    "migrate.kind.rmdir": {"nl": "map weghalen", "en": "rmdir"},
    "migrate.kind.upload": {"nl": "uploaden", "en": "upload"},
    "migrate.change.remove": {"nl": "naar archief", "en": "remove"},
    "migrate.rules.onedrive": {"nl": "OneDrive / SharePoint", "en": "OneDrive / SharePoint"},
    "migrate.rules.gdrive": {
        "nl": "Google Drive (gedeelde drive)",
        "en": "Google Drive (shared drive)",
    },
    "migrate.rules.local": {
        "nl": "lokaal bestandssysteem (Linux/Unix)",
        "en": "Local file system (Linux/Unix)",
    },
    "migrate.rules.smb": {"nl": "Windows-/SMB-share", "en": "Windows / SMB share"},
    "migrate.rules.portable": {
        "nl": "elk doel (de strengste regels van allemaal)",
        "en": "Any target (strictest of all)",
    },
    "migrate.mode.in-place": {"nl": "op dezelfde plek", "en": "in-place"},
    "migrate.mode.copy": {"nl": "kopie", "en": "copy"},
    "migrate.plan_blocks.one": {
        "nl": "1 probleem in het plan blokkeert het.",
        "en": "1 problem in the plan blocks it.",
    },
    "migrate.plan_blocks": {
        "nl": "{count} problemen in het plan blokkeren het.",
        "en": "{count} problems in the plan block it.",
    },
    "migrate.source_changed": {
        "nl": "De bron is veranderd sinds de scan ({count}):",
        "en": "The source changed since the scan ({count}):",
    },
    "migrate.note": {"nl": "Let op: {note}", "en": "Note: {note}"},
    "migrate.would_do": {"nl": "Wat apply zou doen", "en": "What apply would do"},
    "migrate.col.operation": {"nl": "stap", "en": "operation"},
    "migrate.col.count": {"nl": "aantal", "en": "count"},
    "migrate.op.mkdir": {"nl": "mappen aanmaken", "en": "folders to create"},
    "migrate.op.move": {
        "nl": "verplaatsingen (hele mappen/bestanden)",
        "en": "moves (whole folders/files)",
    },
    "migrate.op.rename": {"nl": "nieuwe namen", "en": "renames"},
    "migrate.op.upload": {"nl": "bestanden kopiëren/uploaden", "en": "files to copy/upload"},
    "migrate.op.rmdir": {
        "nl": "leeggemaakte oude mappen verwijderen",
        "en": "emptied old folders to remove",
    },
    "migrate.files_placed": {"nl": "bestanden geplaatst", "en": "files placed"},
    "migrate.bytes": {"nl": "bytes", "en": "bytes"},
    "migrate.fixed": {
        "nl": "Problemen gevonden en opgelost in het plan: {count}",
        "en": "Problems found and fixed in the plan: {count}",
    },
    "migrate.more_in_plan": {
        "nl": "  … en nog {count} (zie plan.yaml)",
        "en": "  … and {count} more (see plan.yaml)",
    },
    "migrate.excluded": {
        "nl": "Uitgesloten en op de lijst: {count} (lock- en systeembestanden, koppelingen)",
        "en": "Excluded and listed: {count} (lock/system files, links)",
    },
    "migrate.tree_folder.one": {
        "nl": "{name}/  (1 bestand, {bytes} bytes)",
        "en": "{name}/  (1 file, {bytes} bytes)",
    },
    "migrate.tree_folder": {
        "nl": "{name}/  ({count} bestanden, {bytes} bytes)",
        "en": "{name}/  ({count} files, {bytes} bytes)",
    },
    "migrate.tree_file": {"nl": "{name}  ({bytes} bytes)", "en": "{name}  ({bytes} bytes)"},
    "migrate.tree_more": {"nl": "… nog {count}", "en": "… {count} more"},
    "migrate.tree": {"nl": "Zo wordt de mappenstructuur:", "en": "Resulting tree:"},
    "migrate.estimate": {
        "nl": "Geschatte duur op {target}: {duration}{budget}",
        "en": "Estimated duration on {target}: {duration}{budget}",
    },
    "migrate.budget_days": {
        "nl": "; het uploadbudget van {gb} GB per dag alleen al vraagt {days} dagen",
        "en": "; the {gb} GB/day upload budget alone needs {days} days",
    },
    "migrate.budget_fits": {
        "nl": "; past in het uploadbudget van {gb} GB voor één dag",
        "en": "; fits in one day's {gb} GB upload budget",
    },
    "migrate.blocked.one": {
        "nl": "Geblokkeerd: 1 probleem moet opgelost zijn vóór apply.",
        "en": "Blocked: 1 problem must be solved before apply.",
    },
    "migrate.blocked": {
        "nl": "Geblokkeerd: {count} problemen moeten opgelost zijn vóór apply.",
        "en": "Blocked: {count} problems must be solved before apply.",
    },
    "migrate.clear": {"nl": "Niets blokkeert dit plan.", "en": "Nothing blocks this plan."},
    # -- verify ---------------------------------------------------------------------------------
    "migrate.verify_caught_up": {
        "nl": "Vergeleken met de stand van de laatste inhaalslag (migrate sync).",
        "en": "Compared with the state of the last catch-up (migrate sync).",
    },
    "migrate.verify_checked": {
        "nl": "{files} bestanden en {folders} mappen gecontroleerd: {hashed} bestanden op "
        "inhoud, {unhashed} alleen op grootte.",
        "en": "Checked {files} files and {folders} folders: {hashed} files by content, "
        "{unhashed} by size only.",
    },
    "migrate.verify_checked_mtime": {
        "nl": "{files} bestanden en {folders} mappen gecontroleerd: {hashed} bestanden op "
        "inhoud, {unhashed} alleen op grootte en wijzigingsdatum.",
        "en": "Checked {files} files and {folders} folders: {hashed} files by content, "
        "{unhashed} by size and modification time only.",
    },
    "migrate.verify_reference": {
        "nl": "Inhoud vergeleken: {reference}.",
        "en": "Content compared: {reference}.",
    },
    "migrate.verify_service": {
        "nl": "{count} bestanden zijn na het uploaden door de dienst zelf veranderd (een "
        "SharePoint-bibliotheek schrijft zijn gegevens in Office-bestanden en pdf's); elk bevat "
        "nog precies wat de dienst bij het uploaden meldde:",
        "en": "{count} files were changed by the service itself after upload (a SharePoint "
        "library adds its metadata to Office files and PDFs); each still holds exactly what the "
        "service reported when it was uploaded:",
    },
    "migrate.verify_ok": {
        "nl": "Het doel klopt met het plan.",
        "en": "The target matches the plan.",
    },
    "migrate.verify_differences.one": {
        "nl": "1 verschil:",
        "en": "1 difference:",
    },
    "migrate.verify_differences": {"nl": "{count} verschillen:", "en": "{count} differences:"},
    # -- copy (cardsort migrate copy, drive onedrive/gdrive upload) ------------------------------
    "copy.record_is_file": {
        "nl": "{path} is een bestand (een hervatbestand van een oudere versie?); geef een map "
        "voor het plan en het logboek van de kopie.",
        "en": "{path} is a file (a resume record of an older version?); give a folder for the "
        "copy's plan and journal.",
    },
    "copy.not_here": {
        "nl": "Een kopie gaat naar een andere plek: gebruik local-copy:PAD, onedrive:… of "
        "gdrive:…, niet ‘{spec}’.",
        "en": "A copy goes to another place: use local-copy:PATH, onedrive:… or gdrive:…, not "
        "‘{spec}’.",
    },
    "copy.simulated": {
        "nl": "Een gesimuleerd doel verandert niets; kopieer naar een echt doel (local-copy:, "
        "onedrive:, gdrive:).",
        "en": "A simulated target changes nothing; copy to a real target (local-copy:, "
        "onedrive:, gdrive:).",
    },
    "copy.other_plan": {
        "nl": "In {directory} staat een ander plan (geen kopie van {source}); kies een andere "
        "map voor deze kopie.",
        "en": "{directory} holds another plan (not a copy of {source}); choose another folder "
        "for this copy.",
    },
    "copy.other_into": {
        "nl": "In {directory} staat de kopie van {source} naar {into}; voer die opnieuw uit met "
        "die map, of kies een andere planmap.",
        "en": "{directory} holds the copy of {source} into {into}; run it again with that "
        "folder, or choose another plan folder.",
    },
    "copy.top": {"nl": "de bovenste map van het doel", "en": "the top of the target"},
    "copy.other_rules": {
        "nl": "In {directory} staat de kopie gepland voor {rules}; kies een andere planmap voor "
        "{target}.",
        "en": "{directory} holds the copy planned for {rules}; choose another plan folder for "
        "{target}.",
    },
    "copy.continuing": {
        "nl": "De kopie uit {directory} ({created}) gaat verder.",
        "en": "Continuing the copy planned in {directory} ({created}).",
    },
    "copy.title.one": {
        "nl": "Kopie van {source} naar {target}{into}: 1 bestand ({bytes} bytes).",
        "en": "Copy of {source} to {target}{into}: 1 file ({bytes} bytes).",
    },
    "copy.title": {
        "nl": "Kopie van {source} naar {target}{into}: {count} bestanden ({bytes} bytes).",
        "en": "Copy of {source} to {target}{into}: {count} files ({bytes} bytes).",
    },
    "copy.into": {"nl": " in ‘{into}’", "en": " into ‘{into}’"},
    "copy.renamed.one": {
        "nl": "1 naam aangepast voor {rules}:",
        "en": "1 name renamed for {rules}:",
    },
    "copy.renamed": {
        "nl": "{count} namen aangepast voor {rules}:",
        "en": "{count} names renamed for {rules}:",
    },
    "copy.left_out.one": {
        "nl": "1 item niet gekopieerd (staat in het rapport):",
        "en": "1 item not copied (listed in the report):",
    },
    "copy.left_out": {
        "nl": "{count} items niet gekopieerd (staan in het rapport):",
        "en": "{count} items not copied (listed in the report):",
    },
    "copy.continue": {
        "nl": "Verder gaan: {command} (of voer deze opdracht opnieuw uit)",
        "en": "Continue: {command} (or run this command again)",
    },
    "copy.verified": {
        "nl": "verify: {files} bestanden gecontroleerd, {hashed} op inhoud; {differences} "
        "verschillen.",
        "en": "verify: {files} files checked, {hashed} by content; {differences} differences.",
    },
    "copy.undo": {"nl": "Ongedaan maken: {command}", "en": "Undo: {command}"},
    "copy.matches": {
        "nl": "De kopie klopt met de bron.",
        "en": "The copy matches the source.",
    },
    # -- sync -----------------------------------------------------------------------------------
    "migrate.sync_not_copy": {
        "nl": "Een inhaalslag kopieert wijzigingen van de oude schijf naar een kopie ervan "
        "(local-copy:, onedrive:, gdrive:); op dezelfde plek is de schijf zelf al de nieuwe "
        "structuur.",
        "en": "A catch-up copies changes from the old share to a copy of it (local-copy:, "
        "onedrive:, gdrive:); in place the share itself is already the new structure.",
    },
    "migrate.sync_not_applied": {
        "nl": "Dit plan is nog niet (helemaal) uitgevoerd op dit doel; voer apply of resume "
        "eerst uit en haal dan pas in.",
        "en": "This plan has not been applied to this target (or not finished); apply or "
        "resume it first, then catch up.",
    },
    "migrate.scan_needed": {
        "nl": "{error} Een kopie van een {source}-schijf heeft de scan nodig waarvan het plan "
        "gemaakt is, in deze werkruimte.",
        "en": "{error} A copy from a {source} drive needs the scan the plan was made from, in "
        "this workspace.",
    },
    "migrate.sync_would": {
        "nl": "De inhaalslag zou doen: {counts}",
        "en": "Catch-up would do: {counts}",
    },
    "migrate.sync_nothing": {
        "nl": "Niets veranderd sinds de laatste inhaalslag; er is niets gedaan.",
        "en": "Nothing changed since the last catch-up; nothing was done.",
    },
    "migrate.sync_done": {"nl": "Inhaalslag: {done}.", "en": "Catch-up: {done}."},
    "migrate.sync_done_resumed": {
        "nl": "Inhaalslag (hervat): {done}.",
        "en": "Catch-up (resumed): {done}.",
    },
    "migrate.sync_look": {
        "nl": "Sommige bestanden zijn opzijgezet of botsen (zie hierboven); bekijk ze en voer "
        "sync dan opnieuw uit.",
        "en": "Some files were set aside or are in conflict (listed above); run sync again after "
        "looking at them.",
    },
    "migrate.change.new": {"nl": "nieuw", "en": "new"},
    "migrate.change.update": {"nl": "bijgewerkt", "en": "update"},
    "migrate.change.gone": {"nl": "verdwenen", "en": "gone"},
    "migrate.change.conflict": {"nl": "botsing", "en": "conflict"},
    # -- the plan's and the rules' problem codes, as words (cardsort.cli._say.rule_label) -------
    "rule.card-label": {"nl": "kaartnaam als mapnaam", "en": "card label as folder name"},
    "rule.empty-name": {"nl": "lege naam", "en": "empty name"},
    "rule.file-too-big": {"nl": "bestand te groot", "en": "file too big"},
    "rule.folder-prefix": {
        "nl": "verboden begin van een mapnaam",
        "en": "forbidden start of a folder name",
    },
    "rule.folder-suffix": {
        "nl": "verboden einde van een mapnaam",
        "en": "forbidden end of a folder name",
    },
    "rule.invalid-char": {"nl": "teken niet toegestaan", "en": "character not allowed"},
    "rule.leading-space": {"nl": "spatie aan het begin", "en": "leading space"},
    "rule.long-path": {"nl": "lang pad", "en": "long path"},
    "rule.many-children": {"nl": "veel items in één map", "en": "many items in one folder"},
    "rule.many-items": {"nl": "veel items", "en": "many items"},
    "rule.merge-collision": {"nl": "botsing bij samenvoegen", "en": "collision when merging"},
    "rule.name-collision": {"nl": "naam al in gebruik", "en": "name already taken"},
    "rule.not-utf8": {"nl": "naam is geen UTF-8", "en": "name is not UTF-8"},
    "rule.path-too-long": {"nl": "pad te lang", "en": "path too long"},
    "rule.reserved-name": {"nl": "gereserveerde naam", "en": "reserved name"},
    "rule.reserved-part": {"nl": "gereserveerd deel van een naam", "en": "reserved part of a name"},
    "rule.reserved-prefix": {
        "nl": "gereserveerd begin van een naam",
        "en": "reserved start of a name",
    },
    "rule.root-collision": {"nl": "botsing bovenaan", "en": "collision at the top"},
    "rule.root-reserved": {
        "nl": "gereserveerd bovenaan een bibliotheek",
        "en": "reserved at the top of a library",
    },
    "rule.segment-too-long": {"nl": "naam te lang", "en": "name too long"},
    "rule.too-deep": {"nl": "te diep genest", "en": "nested too deeply"},
    "rule.too-many-items": {"nl": "te veel items", "en": "too many items"},
    "rule.trailing-dot": {"nl": "punt aan het einde", "en": "trailing dot"},
    "rule.trailing-space": {"nl": "spatie aan het einde", "en": "trailing space"},
    "rule.zero-byte": {"nl": "leeg bestand (0 bytes)", "en": "empty file (0 bytes)"},
    "rule.line": {"nl": "{path}: {label} ({message})", "en": "{path}: {message} ({label})"},
    # -- cardsort study list|show (the coordinator's overview) ---------------------------------
    "study.none": {
        "nl": "Nog geen onderzoeken. Maak er een met `cardsort study create NAAM`.",
        "en": "No studies yet. Create one with `cardsort study create NAME`.",
    },
    "study.col.name": {"nl": "naam", "en": "name"},
    "study.col.kind": {"nl": "soort", "en": "kind"},
    "study.col.cards": {"nl": "kaarten", "en": "cards"},
    "study.col.people": {"nl": "deelnemers", "en": "participants"},
    "study.col.finished": {"nl": "klaar", "en": "finished"},
    "study.col.code": {"nl": "code", "en": "code"},
    "study.col.key": {"nl": "sleutel", "en": "key"},
    "study.col.card": {"nl": "kaart", "en": "card"},
    "study.col.description": {"nl": "beschrijving", "en": "description"},
    "study.col.sources": {"nl": "bronnen", "en": "sources"},
    "study.kind.open": {"nl": "open", "en": "open"},
    "study.kind.closed": {"nl": "gesloten", "en": "closed"},
    "study.kind.hybrid": {"nl": "hybride", "en": "hybrid"},
    "study.heading": {
        "nl": "({kind} sorteren), gemaakt op {created}",
        "en": "({kind} sort), created {created}",
    },
    "study.code": {"nl": "Code voor deelnemers: {code}", "en": "Participant code: {code}"},
    "study.settings": {"nl": "Instellingen: {settings}", "en": "Settings: {settings}"},
    "study.instructions.nl": {
        "nl": "Uitleg (Nederlands): {text}",
        "en": "Instructions (nl): {text}",
    },
    "study.instructions.en": {"nl": "Uitleg (Engels): {text}", "en": "Instructions (en): {text}"},
    "study.categories": {"nl": "Categorieën: {labels}", "en": "Categories: {labels}"},
    # -- the planner's notes on an item (cardsort.cli._say.plan_note) --------------------------
    "note.symlink": {"nl": "snelkoppeling (wordt nooit gevolgd)", "en": "symlink (never followed)"},
    "note.special": {
        "nl": "geen gewoon bestand of gewone map",
        "en": "not a regular file or folder",
    },
    "note.lock": {"nl": "lockbestand", "en": "lock file"},
    "note.system": {"nl": "systeembestand", "en": "system file"},
    "note.with_folder": {
        "nl": "gaat mee met zijn map bij herindelen op dezelfde plek",
        "en": "travels with its folder when restructuring in place",
    },
    "note.stays": {"nl": "blijft waar het is", "en": "stays where it is"},
    "note.keeps_excluded": {
        "nl": "bevat uitgesloten items, dus blijft staan",
        "en": "keeps excluded items, so it stays",
    },
    "note.emptied": {
        "nl": "door het plan leeggemaakt en dan verwijderd",
        "en": "emptied by the plan, then removed",
    },
    "note.unreadable_folder": {
        "nl": "niet leesbaar (geen toestemming), blijft staan: verplaats de map met de hand, of "
        "scan opnieuw als iemand die hem kan lezen",
        "en": "not readable (no permission), left in place: move it by hand, or scan again as "
        "someone who can read it",
    },
    "note.unreadable": {"nl": "niet leesbaar: {why}", "en": "unreadable: {why}"},
    # -- the executor's messages (drive_adapters.executor.results.ENGLISH) ----------------------
    "exec.the_item": {"nl": "het item", "en": "the item"},
    "exec.op.mkdir": {"nl": "map maken {path}", "en": "mkdir {path}"},
    "exec.op.upload": {"nl": "uploaden {path}", "en": "upload {path}"},
    "exec.op.rmdir": {"nl": "map weghalen {path}", "en": "rmdir {path}"},
    "exec.op.move": {"nl": "verplaatsen {src} -> {dst}", "en": "move {src} -> {dst}"},
    "exec.op.rename": {"nl": "hernoemen {src} -> {dst}", "en": "rename {src} -> {dst}"},
    "exec.journal.cannot_open": {
        "nl": "Het logboek {path} kan niet geopend worden: {detail}.",
        "en": "The journal {path} cannot be opened: {detail}.",
    },
    "exec.journal.other_plan": {
        "nl": "Het logboek {path} hoort bij een ander plan ({plan}). Gebruik de planmap waarvoor "
        "het gemaakt is, of een nieuwe map voor een nieuw plan.",
        "en": "The journal {path} belongs to another plan ({plan}). Use the plan folder it was "
        "made for, or a new folder for a new plan.",
    },
    "exec.journal.ops_changed": {
        "nl": "De stappen van het plan zijn veranderd sinds het voor het eerst is uitgevoerd (is "
        "het bewerkt?). Maak de eerdere uitvoering eerst af of maak hem ongedaan, met het "
        "oorspronkelijke plan.",
        "en": "The plan's operations changed since it was first applied (was it edited?). "
        "Finish or undo the earlier run with the original plan first.",
    },
    "exec.journal.other_target": {
        "nl": "Dit plan is uitgevoerd op {was} ({was_mode}); het kan niet verder op {target} "
        "({mode}). Maak het daar eerst ongedaan.",
        "en": "This plan was applied to {was} ({was_mode}); it cannot continue on {target} "
        "({mode}). Undo it there first.",
    },
    "exec.plan.missing": {
        "nl": "Er is geen plan in {path}. Maak er een met `cardsort plan STUDY`.",
        "en": "There is no plan at {path}. Make one with `cardsort plan STUDY`.",
    },
    "exec.plan.unreadable": {
        "nl": "{path} is niet te lezen als plan: {detail}",
        "en": "{path} cannot be read as a plan: {detail}",
    },
    "exec.plan.not_a_plan": {
        "nl": "{path} is geen plan van cardsort-drive.",
        "en": "{path} is not a cardsort-drive plan.",
    },
    "exec.plan.version": {
        "nl": "{path} is een plan van versie {version}; deze cardsort-drive leest versie "
        "{supported}. Maak het plan opnieuw met `cardsort plan`.",
        "en": "{path} is plan version {version}; this cardsort-drive reads version {supported}. "
        "Re-create the plan with `cardsort plan`.",
    },
    "exec.plan.items_changed": {
        "nl": "{name} naast {plan} is veranderd nadat het plan gemaakt is. Dat bestand wordt "
        "gemaakt door het programma: maak het plan opnieuw met `cardsort plan` in plaats van het "
        "te bewerken.",
        "en": "{name} next to {plan} was changed after the plan was made. The items file is "
        "generated: re-create the plan with `cardsort plan` instead of editing it.",
    },
    "exec.plan.damaged": {
        "nl": "{path} is beschadigd of met de hand bewerkt ({what}); maak het opnieuw met "
        "`cardsort plan`.",
        "en": "{path} is damaged or was edited by hand ({what}); re-create it with "
        "`cardsort plan`.",
    },
    "exec.item": {"nl": "{what}: {reason}", "en": "{what}: {reason}"},
    "exec.plan_problem": {"nl": "{path}: {rule} ({message})", "en": "{path}: {message} ({rule})"},
    "exec.next.resume": {"nl": "voer resume uit", "en": "run resume"},
    "exec.next.undo": {"nl": "voer undo opnieuw uit", "en": "run undo again"},
    "exec.next.sync": {"nl": "voer sync opnieuw uit", "en": "run sync again"},
    "exec.locked": {
        "nl": "{name} is ergens geopend (in Word of een andere app, of uitgecheckt); sluit het "
        "en {then}",
        "en": "{name} is open somewhere (in Word or another app, or checked out); close it, "
        "then {then}",
    },
    "exec.waits_for": {
        "nl": "wacht op {name}, dat is opzijgezet",
        "en": "waits for {name}, which was set aside",
    },
    "exec.skip.added_since_scan": {
        "nl": "niet leeg (er is sinds de scan iets bijgekomen); blijft staan",
        "en": "not empty (something was added since the scan); left in place",
    },
    "exec.skip.holds_more": {
        "nl": "niet leeg (er staat iets in dat het plan er niet neerzette); blijft staan",
        "en": "not empty (it holds something the plan did not put there); left in place",
    },
    "exec.skip.changed_since_copy": {
        "nl": "veranderd sinds het gekopieerd is; blijft staan",
        "en": "changed since it was copied; left in place",
    },
    "exec.sync.new_taken": {
        "nl": "nieuw in de bron, maar het doel heeft daar al een bestand; er is niets overschreven",
        "en": "new in the source, but the target already holds a file there; nothing was "
        "overwritten",
    },
    "exec.sync.edited": {
        "nl": "veranderd in de bron en intussen bewerkt in het doel; er is niets overschreven",
        "en": "changed in the source and edited in the target meanwhile; nothing was overwritten",
    },
    "exec.sync.removed": {
        "nl": "veranderd in de bron en intussen weggehaald in het doel; er is niets overschreven",
        "en": "changed in the source and removed in the target meanwhile; nothing was overwritten",
    },
    "exec.sync.gone_keep": {
        "nl": "verdwenen uit de bron; blijft staan (keep)",
        "en": "gone from the source; keep",
    },
    "exec.sync.gone_list": {
        "nl": "verdwenen uit de bron; alleen op de lijst (list)",
        "en": "gone from the source; list",
    },
    "exec.sync.gone_edited": {
        "nl": "verdwenen uit de bron maar intussen bewerkt in het doel; blijft staan",
        "en": "gone from the source but edited in the target meanwhile; left in place",
    },
    "exec.reason.not_found": {
        "nl": "niet gevonden: het staat niet (meer) waar het plan het verwacht (het doel "
        "meldt: {detail})",
        "en": "{detail}",
    },
    "exec.reason.permission_denied": {
        "nl": "geen toestemming: het account mag dit niet lezen of veranderen (het doel meldt: "
        "{detail})",
        "en": "{detail}",
    },
    "exec.reason.name_taken": {
        "nl": "de naam is al in gebruik in die map; er is niets overschreven (het doel meldt: "
        "{detail})",
        "en": "{detail}",
    },
    "exec.reason.throttled": {
        "nl": "het doel vraagt om te wachten; er gaat niets verloren (het doel meldt: {detail})",
        "en": "{detail}",
    },
    "exec.reason.path_too_long": {
        "nl": "het pad is te lang of te diep voor het doel (het doel meldt: {detail})",
        "en": "{detail}",
    },
    "exec.reason.invalid_name": {
        "nl": "het doel weigert deze naam (het doel meldt: {detail})",
        "en": "{detail}",
    },
    "exec.reason.disk_full": {
        "nl": "de schijf is vol (het doel meldt: {detail})",
        "en": "{detail}",
    },
    "exec.source.gone": {
        "nl": "de bron {path} is er niet meer ({why})",
        "en": "the source {path} is gone ({why})",
    },
    "exec.source.changed": {
        "nl": "de bron {path} is veranderd sinds de scan; scan opnieuw en maak een nieuw plan",
        "en": "the source {path} changed since the scan; scan again and make a new plan",
    },
    "exec.source.item_changed": {
        "nl": "{path} is veranderd sinds de scan; scan opnieuw en maak een nieuw plan",
        "en": "{path} changed since the scan; scan again and make a new plan",
    },
    "exec.stopped.pause": {
        "nl": "Het doel vraagt om een pauze ({detail}). Voer resume uit na {seconds} s; er gaat "
        "niets verloren.",
        "en": "The target asked to pause ({detail}). Run resume after {seconds} s; nothing is "
        "lost.",
    },
    "exec.stopped.at": {
        "nl": "Gestopt bij stap {seq} ({what}): {reason}. Los de oorzaak op en voer dan resume "
        "uit.",
        "en": "Stopped at operation {seq} ({what}): {reason}. Fix the cause, then run resume.",
    },
    "exec.stopped.failing": {
        "nl": "Gestopt: de laatste {count} stappen mislukten allemaal (de laatste: {what}: "
        "{reason}). Het doel zelf lijkt te haperen; los de oorzaak op en voer dan resume uit.",
        "en": "Stopped: the last {count} operations all failed (the last: {what}: {reason}). "
        "The target itself seems to fail; fix the cause, then run resume.",
    },
    "exec.stopped.undo": {
        "nl": "Undo gestopt bij stap {seq} ({what}): {reason}. Los de oorzaak op en voer undo "
        "dan opnieuw uit.",
        "en": "Undo stopped at operation {seq} ({what}): {reason}. Fix the cause, then run undo "
        "again.",
    },
    "exec.stopped.undo_failing": {
        "nl": "Undo gestopt: de laatste {count} stappen mislukten allemaal (de laatste: {what}: "
        "{reason}). Het doel zelf lijkt te haperen; los de oorzaak op en voer undo dan opnieuw "
        "uit.",
        "en": "Undo stopped: the last {count} operations all failed (the last: {what}: "
        "{reason}). The target itself seems to fail; fix the cause, then run undo again.",
    },
    "exec.undo.fix": {
        "nl": "{reason}; los de oorzaak op en voer undo dan opnieuw uit",
        "en": "{reason}; fix the cause, then run undo again",
    },
    "exec.undo.os_error": {
        "nl": "{path}: {why}; los de oorzaak op en voer undo dan opnieuw uit",
        "en": "{path}: {why}; fix the cause, then run undo again",
    },
    "exec.undo.not_ours": {
        "nl": "niet leeg, er staan bestanden in die de migratie er niet neerzette ({names}); "
        "zet ze ergens anders neer en voer undo dan opnieuw uit",
        "en": "not empty, holds files the migration did not put there ({names}); move them "
        "elsewhere, then run undo again",
    },
    "exec.skip.holds_left": {
        "nl": "bevat wat de undo liet staan; blijft staan",
        "en": "holds what the undo left in place; left in place",
    },
    "exec.blocked.never_applied": {
        "nl": "Dit plan is nooit uitgevoerd op dit doel; er is niets ongedaan te maken.",
        "en": "This plan was never applied to this target; nothing to undo.",
    },
    "exec.blocked.undone": {
        "nl": "Dit plan is op dit doel ongedaan gemaakt. Maak een nieuw plan om de structuur "
        "opnieuw toe te passen.",
        "en": "This plan was undone on this target. Make a new plan to apply the structure again.",
    },
    "exec.blocked.plan": {
        "nl": "Er is niets veranderd: het plan kan zo niet uitgevoerd worden.",
        "en": "Nothing was changed: the plan cannot be applied as it is.",
    },
    "exec.blocked.occupied": {
        "nl": "het doel bevat al ‘{name}’; kopieer naar een lege map, of haal het eerst weg",
        "en": "the target already holds ‘{name}’; copy into an empty folder, or remove it first",
    },
    "exec.changes.unreadable": {
        "nl": "nu niet te lezen ({detail}): {path}",
        "en": "cannot be read now ({detail}): {path}",
    },
    "exec.changes.new": {"nl": "nieuw sinds de scan: {path}", "en": "new since the scan: {path}"},
    "exec.changes.kind": {
        "nl": "ander soort item ({was} → {now}): {path}",
        "en": "changed kind ({was} → {now}): {path}",
    },
    "exec.changes.size": {
        "nl": "andere grootte ({was} → {now} bytes): {path}",
        "en": "changed size ({was} → {now} bytes): {path}",
    },
    "exec.changes.modified": {
        "nl": "gewijzigd sinds de scan: {path}",
        "en": "changed since the scan (modified): {path}",
    },
    "exec.changes.gone": {
        "nl": "verdwenen sinds de scan: {path}",
        "en": "gone since the scan: {path}",
    },
    "exec.changes.more": {"nl": "… en misschien nog meer", "en": "… and possibly more"},
    "exec.verify.staging": {
        "nl": "de tussenmap ‘{name}’ is er nog: apply is niet afgemaakt (voer resume uit)",
        "en": "the staging folder ‘{name}’ is still there: the apply did not finish (run resume)",
    },
    "exec.verify.missing": {"nl": "ontbreekt: {path}", "en": "missing: {path}"},
    "exec.verify.missing_from": {
        "nl": "ontbreekt: {path} (uit {source})",
        "en": "missing: {path} (from {source})",
    },
    "exec.verify.missing_folder": {"nl": "map ontbreekt: {path}", "en": "missing folder: {path}"},
    "exec.verify.extra": {"nl": "staat niet in het plan: {path}", "en": "not in the plan: {path}"},
    "exec.verify.not_folder": {
        "nl": "zou een map moeten zijn: {path}",
        "en": "should be a folder: {path}",
    },
    "exec.verify.not_file": {
        "nl": "zou een bestand moeten zijn: {path}",
        "en": "should be a file: {path}",
    },
    "exec.verify.size": {
        "nl": "andere grootte ({now} in plaats van {want}): {path}",
        "en": "size differs ({now} instead of {want}): {path}",
    },
    "exec.verify.content": {"nl": "andere inhoud: {path}", "en": "content differs: {path}"},
    "exec.verify.unlistable": {
        "nl": "kan niet uitgelezen worden ({detail}): {path}",
        "en": "cannot be listed ({detail}): {path}",
    },
    "exec.verify.modified": {
        "nl": "gewijzigd sinds de scan: {path}",
        "en": "modified since the scan: {path}",
    },
    "exec.verify.ref.none": {
        "nl": "het doel bewaart geen hashes: bestanden zijn op grootte vergeleken",
        "en": "the target keeps no hashes: files are compared by size",
    },
    "exec.verify.ref.copy": {
        "nl": "{hash} van elke kopie met de hash uit de scan of, waar de scan er geen nam, met "
        "het bronbestand dat nu gehasht is",
        "en": "{hash} of each copy against the scan's hash or, where the scan took none, "
        "against the source file hashed now",
    },
    "exec.verify.ref.in_place": {
        "nl": "{hash} met de hashes uit de scan; op dezelfde plek is er geen andere kopie, dus "
        "bestanden die de scan niet hashte zijn op grootte en wijzigingsdatum vergeleken",
        "en": "{hash} against the hashes the scan took; in place there is no other copy, so "
        "files the scan did not hash are compared by size and modification time",
    },
    "exec.verify.ref.scan": {
        "nl": "{hash} waar de scan er een nam (--content hasht in een kopie ook de rest)",
        "en": "{hash} where the scan took one (--content also hashes the rest in a copy)",
    },
    # -- who can open what (drive_adapters/executor/access.py) ---------------------------------
    "migrate.kind.access": {"nl": "rechten", "en": "access"},
    "exec.op.access": {"nl": "rechten {path} ({audience})", "en": "access {path} ({audience})"},
    "exec.access.nobody": {
        "nl": "niemand behalve de beheerders van de drive",
        "en": "nobody but the drive's owners",
    },
    "exec.access.top": {"nl": "het hoogste niveau", "en": "the top"},
    "exec.access.not_applied": {
        "nl": "Rechten worden op dit doel niet gezet: het kan niet bepalen wie een map opent. "
        "Deze mappen zijn voor een kleinere doelgroep en staan open voor iedereen die bij het "
        "doel kan: {folders}. Stel hun rechten zelf in, of migreer naar de cloud.",
        "en": "Access is not applied on this target: it cannot change who opens a folder. These "
        "folders are meant for a narrower audience and will be open to everyone who can open "
        "the target: {folders}. Set their permissions by hand, or migrate to a cloud target.",
    },
    "exec.access.no_group": {
        "nl": "{path} is voor: {audience}, maar het plan noemt op dit doel geen gebruikersgroep "
        "daarvoor; maak het plan opnieuw met --group {code}=GROUP",
        "en": "{path} is meant for: {audience}, but the plan names no group for it on this "
        "target; plan again with --group {code}=GROUP",
    },
    "exec.access.no_group_step": {
        "nl": "het plan noemt op dit doel geen gebruikersgroep voor: {audience}; maak het plan "
        "opnieuw met --group {code}=GROUP",
        "en": "the plan names no group on this target for: {audience}; plan again with "
        "--group {code}=GROUP",
    },
    "exec.access.wider": {
        "nl": "{path} zou na het verplaatsen naar {folder} te openen zijn voor {who} (nu alleen "
        "voor {now}); geweigerd, zodat niets meer mensen bereikt dan vandaag: geef die map de "
        "doelgroep van het item (cardsort consensus audience) of zet de kaart ergens anders, en "
        "maak het plan opnieuw",
        "en": "{path} would be opened by {who} after the move to {folder} (now only by {now}); "
        "refused so nothing reaches more people than today: give that folder the item's "
        "audience (cardsort consensus audience) or place its card elsewhere, and plan again",
    },
    "exec.access.not_recorded": {
        "nl": "wie het mocht openen is nooit vastgelegd; gelaten zoals het is",
        "en": "its access before was never recorded; left as it is",
    },
    "exec.access.cannot_narrow": {
        "nl": "{path} is bedoeld voor: {audience}, maar zou komen waar {who} het kan openen, en "
        "deze drive kan één map niet afschermen; geef de doelgroep een eigen bibliotheek waarvan "
        "haar gebruikersgroepen lid zijn (cardsort plan --library {code}=URL) en plan opnieuw",
        "en": "{path} is meant for: {audience}, but it would be made where {who} can open it, "
        "and this drive cannot narrow one folder; give the audience a library of its own whose "
        "members are its groups (cardsort plan --library {code}=URL) and plan again",
    },
    "exec.access.unreadable": {
        "nl": "wie het mag openen is niet te lezen ({detail}): {path}",
        "en": "who can open it cannot be read ({detail}): {path}",
    },
    "exec.access.too_wide": {
        "nl": "laat {who} erin, meer dan de doelgroep ({audience}): {path}",
        "en": "lets in {who}, more than its audience ({audience}): {path}",
    },
    "exec.access.audience_cannot": {
        "nl": "de doelgroep ({audience}) kan het niet openen ({who}): {path}",
        "en": "its audience ({audience}) cannot open it ({who}): {path}",
    },
}
