"""The privacy texts a coordinator sees, in Dutch and English (merged into the i18n catalogue).

Kept beside the privacy package so the reasons and audiences it produces have their words in
one place; :mod:`cardsort.i18n_catalogue` adds them to ``CATALOGUE``.
"""

from __future__ import annotations

__all__ = ["PRIVACY_TEXTS"]

PRIVACY_TEXTS: dict[str, dict[str, str]] = {
    # -- audiences ------------------------------------------------------------------------------
    "audience.team": {"nl": "hele team", "en": "whole team"},
    "audience.care": {"nl": "zorgteam", "en": "care team"},
    "audience.staff": {"nl": "personeelszaken", "en": "staff administration"},
    "audience.management": {"nl": "directie", "en": "management"},
    "audience.named": {"nl": "{name}", "en": "{name}"},
    "audience.set": {
        "nl": "Map '{folder}' is nu alleen voor: {audience}.",
        "en": "Folder '{folder}' is now for: {audience}.",
    },
    "audience.cleared": {
        "nl": "Map '{folder}': eigen keuze vergeten; de kaarten bepalen weer wie erin mag.",
        "en": "Folder '{folder}': your choice forgotten; its cards decide again.",
    },
    "audience.none_set": {
        "nl": "Voor map '{folder}' was niets ingesteld.",
        "en": "Nothing was set for folder '{folder}'.",
    },
    "audience.title": {
        "nl": "Wie mag welke map openen ({study})",
        "en": "Who may open which folder ({study})",
    },
    "audience.col.folder": {"nl": "Map", "en": "Folder"},
    "audience.col.audience": {"nl": "Wie mag erin", "en": "Audience"},
    "audience.col.restricted": {"nl": "Vertrouwelijke kaarten", "en": "Restricted cards"},
    "audience.how.set": {"nl": "ingesteld", "en": "set"},
    "audience.orphaned": {
        "nl": "Map '{folder}' was alleen voor {audience}, maar de structuur heeft die map niet "
        "meer (hernoemd of samengevoegd?). Stel het opnieuw in met `cardsort consensus "
        "audience`.",
        "en": "Folder '{folder}' was for {audience} only, but the structure no longer has it "
        "(renamed or merged?). Set it again with `cardsort consensus audience`.",
    },
    "coord.results.key.audience": {"nl": "wie mag erin", "en": "audience"},
    "coord.results.audience_title": {
        "nl": "Wie mag map '{folder}' openen?",
        "en": "Who may open folder '{folder}'?",
    },
    "coord.results.audience_new": {"nl": "+ een eigen naam…", "en": "+ a name of your own…"},
    "coord.results.audience_name": {
        "nl": "Naam van de kring (bijvoorbeeld bouw onderbouw)",
        "en": "Name of the audience (for example 'lower school')",
    },
    "audience.plan_heading": {
        "nl": "  Wie mag welke map openen:",
        "en": "  Who may open which folder:",
    },
    "audience.library": {
        "nl": "staat in een eigen SharePoint-bibliotheek, {library}: alleen wie daar lid is "
        "kan de map openen",
        "en": "lives in a SharePoint library of its own, {library}: only that library's members "
        "can open it",
    },
    "audience.bad_library": {
        "nl": "--library verwacht DOELGROEP=URL van een SharePoint-bibliotheek, bijvoorbeeld "
        "zorg=https://school.sharepoint.com/sites/Zorg/Dossiers, niet ‘{given}’.",
        "en": "--library wants AUDIENCE=URL of a SharePoint library, e.g. "
        "zorg=https://school.sharepoint.com/sites/Zorg/Dossiers, not ‘{given}’.",
    },
    "audience.library_for_team": {
        "nl": "Het hele team werkt in de eigen bibliotheek van het plan; --library is voor een "
        "kleinere doelgroep (zorg, directie, personeel of een eigen naam).",
        "en": "The whole team works in the plan's own library; --library is for a narrower "
        "audience (zorg, directie, personeel, or a name).",
    },
    "audience.how.inferred": {"nl": "volgt uit de kaarten", "en": "from its cards"},
    # -- who can open what (report) -------------------------------------------------------------
    "access.title": {
        "nl": "Wie kan wat openen — nu en na de verhuizing",
        "en": "Who can open what — today and after the migration",
    },
    "access.lead": {
        "nl": "Studie {study}, bron {source}. Per map van de nieuwe indeling: wie erin mag na de "
        "verhuizing, en wat het bestandssysteem vandaag zegt over wat erin komt.",
        "en": "Study {study}, source {source}. For each folder of the new structure: who may "
        "open it after the migration, and what the file system says today about what goes in.",
    },
    "access.summary": {
        "nl": "{folders} mappen; {wider} daarvan worden voor meer mensen zichtbaar dan nu.",
        "en": "{folders} folders; {wider} of them become visible to more people than today.",
    },
    "access.col.folder": {"nl": "Map (nieuw)", "en": "Folder (new)"},
    "access.col.after": {"nl": "Wie mag erin (na)", "en": "Who may open it (after)"},
    "access.col.before": {
        "nl": "Wat erin komt, en wie het nu kan openen",
        "en": "What goes in, and who can open it today",
    },
    "access.groups_unmapped": {
        "nl": "nog geen gebruikersgroepen gekoppeld",
        "en": "no groups mapped yet",
    },
    "access.wider_after": {
        "nl": "na de verhuizing voor meer mensen zichtbaar dan nu",
        "en": "visible to more people after the migration than today",
    },
    "access.readers.everyone": {
        "nl": "iedereen op deze server",
        "en": "everyone on this server",
    },
    "access.readers.named": {
        "nl": "{owner}, gebruikersgroep {group} en de mensen in de ACL",
        "en": "{owner}, group {group} and the people in the ACL",
    },
    "access.readers.group": {
        "nl": "{owner} en gebruikersgroep {group}",
        "en": "{owner} and group {group}",
    },
    "access.readers.owner": {"nl": "alleen {owner}", "en": "only {owner}"},
    "access.unknown": {
        "nl": "onbekend (geen lokale bron)",
        "en": "unknown (not a local source)",
    },
    "access.yes": {"nl": "ja", "en": "yes"},
    "access.sign.leader": {"nl": "Akkoord schoolleider", "en": "Approved by the school leader"},
    "access.sign.date": {"nl": "Datum", "en": "Date"},
    "access.csv.folder": {"nl": "map", "en": "folder"},
    "access.csv.audience": {"nl": "wie_mag_erin", "en": "audience"},
    "access.csv.groups": {"nl": "gebruikersgroepen", "en": "groups"},
    "access.csv.source": {"nl": "bron", "en": "source"},
    "access.csv.owner": {"nl": "eigenaar", "en": "owner"},
    "access.csv.group": {"nl": "gebruikersgroep", "en": "group"},
    "access.csv.mode": {"nl": "rechten", "en": "mode"},
    "access.csv.acl": {"nl": "acl", "en": "acl"},
    "access.csv.today": {"nl": "nu_te_openen_door", "en": "readable_today_by"},
    "access.csv.wider": {"nl": "na_voor_meer_mensen", "en": "wider_after"},
    "access.written": {"nl": "Geschreven: {path}", "en": "Written: {path}"},
    # -- why something was hidden ----------------------------------------------------------------
    "privacy.reason.first_name": {
        "nl": "bevat een voornaam ({words})",
        "en": "contains a first name ({words})",
    },
    "privacy.reason.initials": {
        "nl": "bevat voorletters ({words})",
        "en": "contains initials ({words})",
    },
    "privacy.reason.group_pupil": {
        "nl": "noemt waarschijnlijk een leerling ({words})",
        "en": "probably names a pupil ({words})",
    },
    "privacy.reason.title": {
        "nl": "noemt een persoon ({words})",
        "en": "names a person ({words})",
    },
    "privacy.reason.surname": {
        "nl": "bevat een achternaam ({words})",
        "en": "contains a surname ({words})",
    },
    "privacy.reason.email": {
        "nl": "bevat een e-mailadres ({words})",
        "en": "contains an e-mail address ({words})",
    },
    "privacy.reason.restricted": {
        "nl": "vertrouwelijke kaart: nooit bestandsnamen",
        "en": "restricted card: never file names",
    },
    "privacy.reason.no_file_names": {
        "nl": "bestandsnamen uitgezet (--no-file-names)",
        "en": "file names switched off (--no-file-names)",
    },
    "privacy.kind.label": {"nl": "naam van de kaart", "en": "card label"},
    "privacy.kind.example": {"nl": "voorbeeld", "en": "example"},
    # -- sensitive folders ----------------------------------------------------------------------
    "privacy.suggested.name": {
        "nl": "vertrouwelijk voor {audience}: de map heet '{evidence}' ({word})",
        "en": "restricted to {audience}: the folder is called '{evidence}' ({word})",
    },
    "privacy.suggested.content": {
        "nl": "vertrouwelijk voor {audience}: {evidence} bestandsnamen noemen '{word}'",
        "en": "restricted to {audience}: {evidence} file names mention '{word}'",
    },
    "privacy.confirm_hint": {
        "nl": "Bevestig met `cardsort cards restrict KAART`, of hef op met `--off`.",
        "en": "Confirm with `cardsort cards restrict CARD`, or lift it with `--off`.",
    },
    # -- the preview ----------------------------------------------------------------------------
    "preview.title": {
        "nl": "Zo zien leerkrachten de {count} kaarten (stapel {deck})",
        "en": "What teachers see of the {count} cards (deck {deck})",
    },
    "preview.title_study": {
        "nl": "Zo zien leerkrachten de {count} kaarten van studie {study}",
        "en": "What teachers see of the {count} cards of study {study}",
    },
    "preview.col.card": {"nl": "Kaart", "en": "Card"},
    "preview.col.teacher": {"nl": "Leerkracht ziet", "en": "Teacher sees"},
    "preview.col.audience": {"nl": "Wie mag erin", "en": "Audience"},
    "preview.col.hidden": {"nl": "Verborgen, en waarom", "en": "Hidden, and why"},
    "preview.nothing_hidden": {"nl": "niets", "en": "nothing"},
    "preview.more": {"nl": "… en nog {count}", "en": "… and {count} more"},
    "preview.coordinator_text": {
        "nl": "let op: jouw eigen tekst bevat misschien een naam ({reason})",
        "en": "careful: your own text may contain a name ({reason})",
    },
    "preview.summary": {
        "nl": "{hidden} voorbeelden en {labels} kaartnamen verborgen; {restricted} kaarten "
        "vertrouwelijk, waarvan {unconfirmed} nog niet door jou bevestigd.",
        "en": "{hidden} examples and {labels} card labels hidden; {restricted} cards restricted, "
        "{unconfirmed} of them not yet confirmed by you.",
    },
    "preview.unconfirmed": {"nl": "voorstel, nog bevestigen", "en": "suggested, to confirm"},
    "preview.confirmed": {"nl": "bevestigd", "en": "confirmed"},
    "propose.kept": {
        "nl": "{count} eerdere keuzes van jou overgenomen (namen, weggelaten en vertrouwelijke "
        "kaarten).",
        "en": "{count} of your earlier choices kept (labels, dropped and restricted cards).",
    },
    "propose.kept.one": {
        "nl": "1 eerdere keuze van jou overgenomen (naam, weggelaten of vertrouwelijke kaart).",
        "en": "1 of your earlier choices kept (a label, a dropped or a restricted card).",
    },
    "propose.manual_kept.one": {
        "nl": "1 zelf toegevoegde kaart overgenomen.",
        "en": "1 card you added yourself kept.",
    },
    "propose.hidden.one": {
        "nl": "1 voorbeeldnaam verborgen omdat die waarschijnlijk een naam bevat.",
        "en": "1 example name hidden because it probably contains a name.",
    },
    "propose.manual_kept": {
        "nl": "{count} zelf toegevoegde kaarten overgenomen.",
        "en": "{count} cards you added yourself kept.",
    },
    "propose.restricted": {
        "nl": "🔒 {count} kaarten lijken vertrouwelijk (zorg, personeel, directie): ze tonen geen "
        "bestandsnamen en zijn voor de migratie afgeschermd. Bekijk ze met `cardsort cards "
        "preview`.",
        "en": "🔒 {count} cards look confidential (care, staff, management): they show no file "
        "names and are restricted for the migration. Review them with `cardsort cards preview`.",
    },
    "propose.hidden": {
        "nl": "{count} voorbeeldnamen verborgen omdat ze waarschijnlijk een naam bevatten.",
        "en": "{count} example names hidden because they probably contain a name.",
    },
    "restrict.on": {
        "nl": "{key}: vertrouwelijk, alleen voor {audience}; toont geen bestandsnamen.",
        "en": "{key}: restricted to {audience}; shows no file names.",
    },
    "restrict.off": {
        "nl": "{key}: niet meer vertrouwelijk (hele team).",
        "en": "{key}: no longer restricted (whole team).",
    },
    # -- the coordinator's card edits (cardsort cards rename|describe|drop|add) ------------------
    "cards.renamed": {
        "nl": "{key}: ‘{old}’ heet nu ‘{new}’.",
        "en": "{key}: ‘{old}’ is now ‘{new}’.",
    },
    "cards.described": {
        "nl": "{key}: beschrijving bijgewerkt.",
        "en": "{key}: description updated.",
    },
    "cards.dropped": {
        "nl": "{key} ‘{label}’ is uit het voorstel gehaald.",
        "en": "Dropped {key} ‘{label}’.",
    },
    "cards.added": {"nl": "Kaart {key} ‘{label}’ toegevoegd.", "en": "Added card {key} ‘{label}’."},
    # -- who can open what on the target (cardsort migrate, drive_adapters.executor.access) ----
    "access.steps": {
        "nl": "  Rechten: {count} map(pen) alleen voor hun doelgroep, meteen na het maken en "
        "voordat er iets in komt: {folders}",
        "en": "  Access: {count} folder(s) limited to their audience, right after they are made "
        "and before anything goes in: {folders}",
    },
    "access.not_applied": {
        "nl": "  Let op: dit doel kan niet instellen wie een map opent, dus de rechten worden hier "
        "niet gezet. Deze mappen zijn voor een kleinere doelgroep en staan open voor iedereen "
        "die bij het doel kan: {folders}. Stel hun rechten zelf in, of migreer naar de cloud.",
        "en": "  Note: this target cannot set who opens a folder, so access is not applied here. "
        "These folders are meant for a narrower audience and will be open to everyone who can "
        "open the target: {folders}. Set their permissions yourself, or migrate to a cloud.",
    },
    "access.blocked": {
        "nl": "  {count} probleem/problemen met rechten houden apply tegen:",
        "en": "  {count} access problem(s) block apply:",
    },
    "access.verified": {
        "nl": "Rechten teruggelezen van {count} map(pen) met een eigen doelgroep.",
        "en": "Access read back on {count} folder(s) with an audience of their own.",
    },
}
