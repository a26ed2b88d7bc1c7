"""The text catalogue: every sentence the apps show, in Dutch (``nl``) and English (``en``).

Dutch words follow the school's language (notes/product.md): a card is a *kaart*, a teacher's
group of cards is a *stapel* or *categorie* — never *groep*, which in a school means a year
group — a folder is a *map*, "don't know" is *weet ik niet*, finishing is *klaar*; short
sentences in the *je/jij* form. ``{name}`` placeholders must match in both languages (a test
checks it).
"""

from __future__ import annotations

__all__ = ["CATALOGUE"]

CATALOGUE: dict[str, dict[str, str]] = {
    # -- keys (footer, help, command palette) --------------------------------------------------
    "key.send": {"nl": "naar stapel", "en": "to group"},
    "key.move": {"nl": "verplaats naar…", "en": "move to…"},
    "key.new_group": {"nl": "nieuwe stapel", "en": "new group"},
    "key.unsure": {"nl": "weet ik niet", "en": "not sure"},
    "key.back": {"nl": "terug op de stapel", "en": "back to the stack"},
    "key.rename": {"nl": "naam geven", "en": "rename"},
    "key.merge": {"nl": "samenvoegen", "en": "merge"},
    "key.delete": {"nl": "stapel weg", "en": "delete group"},
    "key.subgroup": {"nl": "onderstapel", "en": "subgroup"},
    "key.undo": {"nl": "ongedaan maken", "en": "undo"},
    "key.finish": {"nl": "klaar", "en": "finish"},
    "key.show_card": {"nl": "hele kaart", "en": "whole card"},
    "key.help": {"nl": "hulp", "en": "help"},
    "key.contrast": {"nl": "hoog contrast", "en": "high contrast"},
    "key.quit": {"nl": "afsluiten", "en": "quit"},
    "key.cancel": {"nl": "annuleren", "en": "cancel"},
    "key.close": {"nl": "sluiten", "en": "close"},
    "key.down": {"nl": "naar de lijst", "en": "to the list"},
    "key.refresh": {"nl": "vernieuwen", "en": "refresh"},
    "palette": {"nl": "opdrachten", "en": "commands"},
    # -- key names in the footer and the help (cardsort.tui.base.key_label) -------------------
    "keyname.ctrl": {"nl": "Ctrl", "en": "Ctrl"},
    "keyname.shift": {"nl": "Shift", "en": "Shift"},
    "keyname.escape": {"nl": "Esc", "en": "Esc"},
    "keyname.enter": {"nl": "Enter", "en": "Enter"},
    "keyname.delete": {"nl": "Delete", "en": "Delete"},
    "keyname.backspace": {"nl": "Backspace (wissen)", "en": "Backspace"},
    "keyname.space": {"nl": "spatiebalk", "en": "Space"},
    "keyname.tab": {"nl": "Tab", "en": "Tab"},
    "keyname.home": {"nl": "Home (begin)", "en": "Home"},
    "keyname.end": {"nl": "End (einde)", "en": "End"},
    "keyname.pageup": {"nl": "Page Up (pagina omhoog)", "en": "Page Up"},
    "keyname.pagedown": {"nl": "Page Down (pagina omlaag)", "en": "Page Down"},
    "keyname.arrows": {"nl": "pijltjes ↑ ↓", "en": "arrows ↑ ↓"},
    "palette.placeholder": {"nl": "Zoek een opdracht…", "en": "Search for a command…"},
    "palette.contrast_help": {
        "nl": "Wissel tussen gewone kleuren en hoog contrast.",
        "en": "Switch between normal colours and high contrast.",
    },
    "palette.quit_help": {
        "nl": "Sluit het programma. Je werk is al bewaard.",
        "en": "Close the program. Your work is already saved.",
    },
    # -- buttons --------------------------------------------------------------------------------
    "button.ok": {"nl": "OK", "en": "OK"},
    "button.cancel": {"nl": "Annuleren", "en": "Cancel"},
    "button.yes": {"nl": "Ja", "en": "Yes"},
    "button.no": {"nl": "Nee", "en": "No"},
    "button.close": {"nl": "Sluiten", "en": "Close"},
    # -- welcome --------------------------------------------------------------------------------
    "welcome.title": {"nl": "Welkom bij de kaartsortering", "en": "Welcome to the card sort"},
    "welcome.default_instructions": {
        "nl": "Op elke kaart staat iets uit de gedeelde schijf van school. Leg de kaarten die "
        "volgens jou bij elkaar horen op één stapel, en geef elke stapel een naam. Er is "
        "geen goed of fout.",
        "en": "Each card shows something from the school's shared drive. Put the cards that "
        "belong together in your view on one group, and give every group a name. There is no "
        "right or wrong.",
    },
    "welcome.how": {
        "nl": "Kies een kaart met de pijltjes, druk op een cijfer om hem op die stapel te leggen "
        "of op m om te kiezen. Met de muis: klik een kaart en dan een stapel. F1 geeft hulp.",
        "en": "Pick a card with the arrow keys, press a number to put it on that group, or m "
        "to choose one. With the mouse: click a card, then a group. F1 shows help.",
    },
    "welcome.name_label": {"nl": "Wat is je naam?", "en": "What is your name?"},
    "welcome.name_placeholder": {"nl": "Je naam of deelnemerscode", "en": "Your name or code"},
    "welcome.code_label": {
        "nl": "Code van de sessie (staat op het scherm van de ict-coördinator)",
        "en": "Session code (shown on the ICT coordinator's screen)",
    },
    "welcome.start": {"nl": "Beginnen", "en": "Start"},
    "welcome.name_missing": {"nl": "Vul eerst je naam in.", "en": "Please enter your name first."},
    "welcome.code_wrong": {
        "nl": "Deze code klopt niet. Vraag de ict-coördinator om de code.",
        "en": "This code is not right. Ask the ICT coordinator for the code.",
    },
    "welcome.resumed": {
        "nl": "Welkom terug! Je gaat verder waar je was.",
        "en": "Welcome back! You continue where you stopped.",
    },
    # -- participant identity (one live window per participant, codes rate-limited) ---------
    "identity.busy": {
        "nl": "Er sorteert nu al iemand als {name}, misschien in een ander venster. Ben jij "
        "dat? Druk dan nog een keer op Beginnen: je gaat hier verder en het andere venster "
        "stopt. Ben je iemand anders? Typ dan je achternaam erbij.",
        "en": "Somebody is sorting as {name} right now, perhaps in another window. Is that "
        "you? Press Start again: you continue here and the other window stops. Are you "
        "somebody else? Add your surname.",
    },
    "identity.code_wait": {
        "nl": "Te vaak een verkeerde code. Probeer het over {minutes} min opnieuw of vraag de "
        "ict-coördinator om de code.",
        "en": "Too many wrong codes. Try again in {minutes} min or ask the ICT coordinator for "
        "the code.",
    },
    "serve.loading": {
        "nl": "Even geduld: de kaartsortering wordt geopend…",
        "en": "One moment: the card sort is opening…",
    },
    "serve.slow": {
        "nl": "Dit duurt langer dan anders. Laat dit venster open; het gaat vanzelf verder.",
        "en": "This takes longer than usual. Keep this window open; it continues by itself.",
    },
    "serve.ended": {
        "nl": "Deze sessie is gestopt. Alles wat je deed is bewaard.",
        "en": "This session has ended. Everything you did is saved.",
    },
    "serve.restart": {"nl": "Opnieuw openen", "en": "Open again"},
    "serve.treetest.loading": {
        "nl": "Even geduld: de boomtest wordt geopend…",
        "en": "One moment: the tree test is opening…",
    },
    "serve.treetest.no_script": {
        "nl": "Zet JavaScript aan om de boomtest te doen.",
        "en": "Turn on JavaScript to take the tree test.",
    },
    "serve.no_script": {
        "nl": "Zet JavaScript aan om de kaartsortering te gebruiken.",
        "en": "Turn on JavaScript to use the card sort.",
    },
    "identity.taken_title": {
        "nl": "Je gaat verder in een ander venster",
        "en": "You continue in another window",
    },
    "identity.taken_body": {
        "nl": "Iemand is als {name} verder gegaan in een ander venster. Alles wat je hier deed "
        "is bewaard; dit venster bewaart niets meer. Je kunt het sluiten.",
        "en": "Somebody continued as {name} in another window. Everything you did here is "
        "saved; this window no longer saves anything. You can close it.",
    },
    # -- the board ------------------------------------------------------------------------------
    "pile.unsorted": {"nl": "Nog te sorteren ({count})", "en": "To sort ({count})"},
    "pile.unsorted_name": {"nl": "Nog te sorteren", "en": "To sort"},
    "pile.unsure": {"nl": "Weet ik niet ({count})", "en": "Not sure ({count})"},
    "pile.unsure_name": {"nl": "Weet ik niet", "en": "Not sure"},
    "group.unnamed": {"nl": "(zonder naam)", "en": "(no name)"},
    "board.no_groups": {
        "nl": "Nog geen stapels. Druk op n om een nieuwe stapel te maken voor de gekozen kaart.",
        "en": "No groups yet. Press n to make a new group for the chosen card.",
    },
    "board.start_hint": {
        "nl": "Kies een kaart (↑ ↓) en druk op een cijfer, m of n. F1: hulp.",
        "en": "Pick a card (↑ ↓) and press a number, m or n. F1: help.",
    },
    "board.moved": {"nl": "„{card}” ligt nu op: {pile}", "en": "“{card}” is now in: {pile}"},
    "board.focused": {"nl": "Stapel {name} ({count})", "en": "Group {name} ({count})"},
    "board.picked": {
        "nl": "Gekozen: „{card}”. Klik nu op een stapel.",
        "en": "Chosen: “{card}”. Now click a group.",
    },
    "board.choose_card_first": {
        "nl": "Kies eerst een kaart met de pijltjes.",
        "en": "First pick a card with the arrow keys.",
    },
    "board.no_group_number": {
        "nl": "Er is geen stapel {number}. Druk op n voor een nieuwe stapel.",
        "en": "There is no group {number}. Press n for a new group.",
    },
    "board.nothing_to_undo": {"nl": "Er is niets om ongedaan te maken.", "en": "Nothing to undo."},
    "board.undone": {"nl": "Ongedaan gemaakt.", "en": "Undone."},
    "detail.none": {"nl": "Geen kaart gekozen.", "en": "No card chosen."},
    "detail.more": {"nl": "▼ meer: druk op i", "en": "▼ more: press i"},
    "pile.more": {"nl": "▼ {count} meer", "en": "▼ {count} more"},
    "pile.more_above": {"nl": "▲ {count}", "en": "▲ {count}"},
    "board.more_groups": {
        "nl": "▼ Nog {count} stapel(s) hieronder ({numbers}): scroll of druk op m",
        "en": "▼ {count} more group(s) below ({numbers}): scroll or press m",
    },
    "detail.examples": {"nl": "Bijvoorbeeld:", "en": "For example:"},
    "detail.restricted": {
        "nl": "Vertrouwelijk: voorbeelden worden niet getoond.",
        "en": "Confidential: examples are not shown.",
    },
    "move.title": {"nl": "Waar moet „{card}” heen?", "en": "Where does “{card}” go?"},
    "move.filter": {"nl": "Typ om te zoeken…", "en": "Type to filter…"},
    "move.new_group": {"nl": "+ Nieuwe stapel…", "en": "+ New group…"},
    "group.new_title": {"nl": "Naam van de nieuwe stapel", "en": "Name of the new group"},
    "group.new_sub_title": {"nl": "Naam van de onderstapel", "en": "Name of the subgroup"},
    "group.name_hint": {
        "nl": "Je mag de naam ook later invullen (toets r).",
        "en": "You may also fill in the name later (key r).",
    },
    "group.rename_title": {"nl": "Nieuwe naam van de stapel", "en": "New name of the group"},
    "group.created": {"nl": "Nieuwe stapel: {name}", "en": "New group: {name}"},
    "group.renamed": {"nl": "De stapel heet nu: {name}", "en": "The group is now called: {name}"},
    "group.deleted": {
        "nl": "Stapel {name} is weg; {count} kaarten liggen weer bij nog te sorteren.",
        "en": "Group {name} is gone; {count} cards are back on the stack to sort.",
    },
    "group.delete_confirm": {
        "nl": "Stapel {name} weghalen? De kaarten gaan terug naar nog te sorteren.",
        "en": "Delete group {name}? Its cards go back to the stack to sort.",
    },
    "group.merged": {
        "nl": "Stapel {name} is samengevoegd met {target}.",
        "en": "Group {name} was merged into {target}.",
    },
    "group.merge_into": {"nl": "Stapel {name} samenvoegen met…", "en": "Merge group {name} into…"},
    "group.choose_rename": {
        "nl": "Welke stapel wil je een naam geven?",
        "en": "Rename which group?",
    },
    "group.choose_delete": {"nl": "Welke stapel wil je weghalen?", "en": "Delete which group?"},
    "group.choose_merge": {"nl": "Welke stapel wil je samenvoegen?", "en": "Merge which group?"},
    "group.choose_parent": {
        "nl": "In welke stapel komt de onderstapel?",
        "en": "Which group gets the subgroup?",
    },
    "group.none_yet": {
        "nl": "Er zijn nog geen eigen stapels.",
        "en": "There are no own groups yet.",
    },
    "error.no_such_group": {"nl": "Die stapel bestaat niet.", "en": "That group does not exist."},
    "error.no_such_card": {"nl": "Die kaart bestaat niet.", "en": "That card does not exist."},
    "error.unsure_not_allowed": {
        "nl": "In deze sortering is er geen ‘weet ik niet’.",
        "en": "This sort has no ‘not sure’ pile.",
    },
    "error.closed_no_new_groups": {
        "nl": "In deze sortering zijn de categorieën vast; je kunt geen nieuwe stapels maken.",
        "en": "This sort has fixed categories; you cannot make new groups.",
    },
    "error.subgroups_not_allowed": {
        "nl": "In deze sortering zijn geen onderstapels.",
        "en": "This sort has no subgroups.",
    },
    "error.subgroup_depth": {
        "nl": "Een onderstapel kan zelf geen onderstapel hebben.",
        "en": "A subgroup cannot have its own subgroup.",
    },
    "error.fixed_category": {
        "nl": "„{name}” is een vaste categorie; die kun je niet veranderen.",
        "en": "“{name}” is a fixed category; you cannot change it.",
    },
    "error.merge_same": {
        "nl": "Kies een andere stapel om mee samen te voegen.",
        "en": "Choose another group to merge with.",
    },
    "error.merge_into_own_subgroup": {
        "nl": "Een stapel kan niet in zijn eigen onderstapel.",
        "en": "A group cannot go into its own subgroup.",
    },
    "error.save_failed": {
        "nl": "Opslaan lukte niet: {error}",
        "en": "Saving failed: {error}",
    },
    # -- help -----------------------------------------------------------------------------------
    "help.title": {"nl": "Hulp", "en": "Help"},
    "help.board_intro": {
        "nl": "Leg elke kaart op een stapel die bij elkaar hoort. Alles wordt meteen bewaard: "
        "je kunt stoppen en later met dezelfde naam verder gaan. Met de muis: klik een kaart "
        "en dan een stapel, of sleep de kaart.",
        "en": "Put each card on a group of things that belong together. Everything is saved at "
        "once: you can stop and continue later with the same name. With the mouse: click a card "
        "and then a group, or drag the card.",
    },
    "help.welcome_intro": {
        "nl": "Typ je naam en druk op Enter. Ben je al eerder begonnen? Gebruik dan dezelfde "
        "naam; je gaat verder waar je was.",
        "en": "Type your name and press Enter. Started before? Use the same name to continue "
        "where you stopped.",
    },
    "help.tab": {"nl": "naar de volgende stapel", "en": "to the next group"},
    "help.arrows": {"nl": "een kaart kiezen", "en": "pick a card"},
    # -- finishing ------------------------------------------------------------------------------
    "questions.title": {"nl": "Nog een paar vragen", "en": "A few more questions"},
    "questions.intro": {
        "nl": "Je sortering is bewaard. Wil je nog iets vertellen? Alle vragen zijn vrijwillig.",
        "en": "Your sort is saved. Anything you would like to tell us? All questions are optional.",
    },
    "questions.send": {"nl": "Versturen", "en": "Send"},
    "questions.skip": {"nl": "Overslaan", "en": "Skip"},
    "finish.title": {"nl": "Jouw stapels", "en": "Your groups"},
    "finish.cards": {"nl": "{count} kaarten", "en": "{count} cards"},
    "finish.cards.one": {"nl": "{count} kaart", "en": "{count} card"},
    "finish.unsure.one": {"nl": "Weet ik niet: {count} kaart", "en": "Not sure: {count} card"},
    "finish.left.one": {
        "nl": "Nog niet gesorteerd: {count} kaart",
        "en": "Not sorted: {count} card",
    },
    "finish.unsure": {"nl": "Weet ik niet: {count} kaarten", "en": "Not sure: {count} cards"},
    "finish.left": {
        "nl": "Nog niet gesorteerd: {count} kaarten",
        "en": "Not sorted: {count} cards",
    },
    "finish.fix_first": {"nl": "Nog even dit:", "en": "Just this first:"},
    "finish.problem.nothing_sorted": {
        "nl": "Je hebt nog geen kaart op een stapel gelegd.",
        "en": "You have not put any card in a group yet.",
    },
    "finish.problem.unnamed": {
        "nl": "Geef elke stapel een naam (stapel {numbers}). Ga naar de stapel en druk op r.",
        "en": "Give every group a name (group {numbers}). Go to the group and press r.",
    },
    "finish.problem.unsorted": {
        "nl": "Leg alle kaarten op een stapel: er liggen er nog {count}.",
        "en": "Put every card in a group: {count} are left.",
    },
    "finish.question": {
        "nl": "Ben je klaar? Daarna kun je niets meer veranderen.",
        "en": "Are you done? You cannot change anything afterwards.",
    },
    "finish.confirm": {"nl": "Ja, ik ben klaar", "en": "Yes, I am done"},
    "finish.back": {"nl": "Terug naar sorteren", "en": "Back to sorting"},
    "thanks.title": {"nl": "Dank je wel!", "en": "Thank you!"},
    "thanks.time": {
        "nl": "Je sortering is bewaard. Tijd: {time}",
        "en": "Your sort is saved. Time: {time}",
    },
    "thanks.already": {
        "nl": "Je was al klaar met deze sortering.",
        "en": "You had already finished this sort.",
    },
    "thanks.close": {
        "nl": "Je kunt dit venster nu sluiten.",
        "en": "You can close this window now.",
    },
    # -- coordinator ----------------------------------------------------------------------------
    "coord.title": {"nl": "cardsort — ict-coördinator", "en": "cardsort — ICT coordinator"},
    "coord.help.new": {
        "nl": "Maak een nieuwe kaartsortering van de voorgestelde kaarten: geef haar een naam, "
        "kies de soort, vink de kaarten aan die meedoen en pas een kaart aan met F6.",
        "en": "Make a new card sort from the proposed cards: name it, choose its kind, tick the "
        "cards that take part and change a card with F6.",
    },
    "coord.help.progress": {
        "nl": "Wie is begonnen, wie is klaar en hoe ver is iedereen. Dit scherm ververst zichzelf "
        "elke seconde.",
        "en": "Who started, who finished and how far everybody is. This screen refreshes itself "
        "every second.",
    },
    "coord.help.results": {
        "nl": "De uitkomst van de sortering: de voorgestelde mappenstructuur (met overeenstemming "
        "en stabiliteit per map), de gelijkenismatrix, het dendrogram en de deelnemers. Kies een "
        "kaart of map in de mappenstructuur en verplaats, hernoem of voeg samen; elke wijziging "
        "wordt een nieuwe versie. ‘Apart gezet’ zijn kaarten die de leerkrachten niet duidelijk "
        "bij één map legden: kies zelf hun plek. Sorteringen die nog niet klaar zijn, tellen "
        "niet mee.",
        "en": "The results of the sort: the proposed folder structure (with agreement and "
        "stability per folder), the similarity matrix, the dendrogram and the participants. Pick "
        "a card or folder in the structure to move, rename or merge; every change becomes a new "
        "version. ‘Set apart’ are cards the teachers did not clearly put with one folder: choose "
        "their place yourself. Sorts that are not finished are not counted.",
    },
    "coord.help_intro": {
        "nl": "Maak een kaartsortering, volg wie meedoet en bekijk de uitkomst. Alles wat hier "
        "kan, kan ook met de opdrachtregel (cardsort study, cardsort participants).",
        "en": "Create a card sort, follow who takes part and look at the results. Everything "
        "here can also be done on the command line (cardsort study, cardsort participants).",
    },
    "coord.cmd.studies": {"nl": "sorteringen", "en": "studies"},
    "coord.cmd.new_study": {"nl": "nieuwe sortering", "en": "new study"},
    "coord.cmd.progress": {"nl": "deelnemers", "en": "participants"},
    "coord.cmd.results": {"nl": "uitkomst", "en": "results"},
    "coord.key.new": {"nl": "nieuwe sortering", "en": "new study"},
    "coord.key.progress": {"nl": "deelnemers volgen", "en": "follow participants"},
    "coord.key.results": {"nl": "uitkomst", "en": "results"},
    "coord.key.edit_card": {"nl": "kaart aanpassen", "en": "edit card"},
    "coord.key.add_card": {"nl": "kaart toevoegen", "en": "add card"},
    "coord.studies.title": {"nl": "Kaartsorteringen", "en": "Card-sorting studies"},
    "coord.studies.hint": {
        "nl": "n: nieuwe sortering · Enter: deelnemers volgen · r: uitkomst · F1: hulp",
        "en": "n: new study · Enter: follow participants · r: results · F1: help",
    },
    "coord.studies.none": {
        "nl": "Er is nog geen sortering. Druk op n om er een te maken.",
        "en": "There is no study yet. Press n to create one.",
    },
    "coord.col.study": {"nl": "Sortering", "en": "Study"},
    "coord.col.kind": {"nl": "Soort", "en": "Kind"},
    "coord.col.cards": {"nl": "Kaarten", "en": "Cards"},
    "coord.col.people": {"nl": "Deelnemers", "en": "Participants"},
    "coord.col.finished": {"nl": "Klaar", "en": "Finished"},
    "coord.col.code": {"nl": "Code", "en": "Code"},
    "coord.col.name": {"nl": "Naam", "en": "Name"},
    "coord.col.status": {"nl": "Status", "en": "Status"},
    "coord.col.sorted": {"nl": "Gesorteerd", "en": "Sorted"},
    "coord.col.unsure": {"nl": "Weet ik niet", "en": "Not sure"},
    "coord.col.time": {"nl": "Tijd", "en": "Time"},
    "coord.kind.open": {"nl": "open", "en": "open"},
    "coord.kind.closed": {"nl": "gesloten", "en": "closed"},
    "coord.kind.hybrid": {"nl": "hybride", "en": "hybrid"},
    "coord.status.done": {"nl": "✓ klaar", "en": "✓ finished"},
    "coord.status.sorting": {"nl": "… bezig", "en": "… sorting"},
    "coord.progress.title": {
        "nl": "Deelnemers van {name} (code {code})",
        "en": "Participants of {name} (code {code})",
    },
    "coord.progress.summary": {
        "nl": "{started} begonnen, {done} klaar. Wordt elke seconde bijgewerkt.",
        "en": "{started} started, {done} finished. Updated every second.",
    },
    "coord.new.questions": {
        "nl": "Vragen na afloop (vrijwillig; één per regel, Nederlands | Engels)",
        "en": "Questions after the sort (optional; one per line, Dutch | English)",
    },
    "coord.new.title": {"nl": "Nieuwe kaartsortering", "en": "New card sort"},
    "coord.new.no_deck": {
        "nl": "Er zijn nog geen voorgestelde kaarten. Voer eerst `cardsort scan` en "
        "`cardsort cards propose` uit.",
        "en": "No cards have been proposed yet. Run `cardsort scan` and `cardsort cards propose` "
        "first.",
    },
    "coord.new.name": {"nl": "Naam van de sortering", "en": "Name of the study"},
    "coord.new.kind": {"nl": "Soort sortering", "en": "Kind of sort"},
    "coord.new.cards": {
        "nl": "Kaarten ({count} voorgesteld; vinkje weg = niet gebruiken; F6 aanpassen, F7 "
        "toevoegen)",
        "en": "Cards ({count} proposed; untick = leave out; F6 edit, F7 add)",
    },
    "coord.new.categories": {
        "nl": "Vaste categorieën (één per regel; voor gesloten en hybride)",
        "en": "Fixed categories (one per line; for closed and hybrid)",
    },
    "coord.new.instructions_nl": {"nl": "Uitleg in het Nederlands", "en": "Instructions in Dutch"},
    "coord.new.instructions_en": {"nl": "Uitleg in het Engels", "en": "Instructions in English"},
    "coord.new.create": {"nl": "Sortering maken", "en": "Create study"},
    "coord.new.created": {
        "nl": "Sortering {name} gemaakt (deelnemerscode {code}).",
        "en": "Study {name} created (participant code {code}).",
    },
    "coord.new.pick_card": {"nl": "Kies eerst een kaart in de lijst.", "en": "First pick a card."},
    "coord.new.card_label": {"nl": "Tekst op de kaart", "en": "Text on the card"},
    "coord.new.card_description": {"nl": "Uitleg bij de kaart", "en": "Description of the card"},
    "coord.opt.unsure": {"nl": "Stapel ‘weet ik niet’", "en": "‘Not sure’ pile"},
    "coord.opt.names": {"nl": "Elke stapel moet een naam hebben", "en": "Every group needs a name"},
    "coord.opt.subgroups": {"nl": "Onderstapels toestaan", "en": "Allow subgroups"},
    "coord.opt.shuffle": {
        "nl": "Kaarten in willekeurige volgorde",
        "en": "Cards in random order",
    },
    "coord.opt.all_sorted": {
        "nl": "Alle kaarten moeten gesorteerd zijn",
        "en": "Every card must be sorted",
    },
    "coord.opt.file_names": {
        "nl": "Voorbeelden van bestandsnamen tonen",
        "en": "Show example file names",
    },
    "coord.results.title": {"nl": "Uitkomst van {name}", "en": "Results of {name}"},
    "coord.results.key.analyse": {"nl": "opnieuw analyseren", "en": "analyse again"},
    "coord.results.key.move": {"nl": "kaart verplaatsen", "en": "move card"},
    "coord.results.key.rename": {"nl": "map hernoemen", "en": "rename folder"},
    "coord.results.key.merge": {"nl": "mappen samenvoegen", "en": "merge folders"},
    "coord.results.key.groups": {"nl": "aantal hoofdmappen", "en": "number of folders"},
    "coord.results.groups": {
        "nl": "Hoeveel hoofdmappen?",
        "en": "How many top-level folders?",
    },
    "coord.results.groups_hint": {
        "nl": "Elke kaart komt in een van die mappen; kaarten die er slecht passen worden "
        "gemarkeerd. Laat leeg om het aantal uit de sorteringen te laten kiezen.",
        "en": "Every card goes into one of these folders; cards that fit badly are marked. "
        "Leave empty to let the sorts decide the number.",
    },
    "coord.results.fits_poorly": {"nl": "(past hier slecht)", "en": "(fits poorly)"},
    "coord.results.groups_bad": {
        "nl": "Geef een heel getal van 1 tot en met {limit}.",
        "en": "Give a whole number from 1 to {limit}.",
    },
    "coord.results.tab.tree": {"nl": "Mappenstructuur", "en": "Folder structure"},
    "coord.results.tab.heatmap": {"nl": "Gelijkenismatrix", "en": "Similarity matrix"},
    "coord.results.tab.dendrogram": {"nl": "Dendrogram", "en": "Dendrogram"},
    "coord.results.tab.people": {"nl": "Deelnemers", "en": "Participants"},
    "coord.col.flags": {"nl": "Opvallend", "en": "Flags"},
    "coord.col.included": {"nl": "Meegeteld", "en": "Included"},
    "coord.col.agreement": {"nl": "Overeenstemming", "en": "Agreement"},
    "coord.results.running": {"nl": "Bezig met analyseren…", "en": "Analysing…"},
    "coord.results.failed": {
        "nl": "De analyse lukte niet: {error}",
        "en": "The analysis failed: {error}",
    },
    "coord.results.too_few": {
        "nl": "Er zijn {count} sorteringen; voor een analyse zijn er minstens 2 nodig.",
        "en": "There are {count} sorts; the analysis needs at least 2.",
    },
    "coord.results.summary": {
        "nl": "{count} sorteringen, {cards} kaarten.",
        "en": "{count} sorts, {cards} cards.",
    },
    "coord.results.no_tree": {
        "nl": "Nog geen voorgestelde mappenstructuur: druk op a om te analyseren.",
        "en": "No proposed folder structure yet: press a to analyse.",
    },
    "coord.results.tree_root": {
        "nl": "Voorgestelde mappenstructuur (versie {version})",
        "en": "Proposed folder structure (version {version})",
    },
    "coord.results.unassigned": {"nl": "Apart gezet", "en": "Set apart"},
    "coord.results.unassigned_why": {
        "nl": "kaarten die de leerkrachten niet duidelijk bij één map legden; kies zelf hun plek",
        "en": "cards the teachers did not clearly put with one folder; choose their place",
    },
    "coord.results.move_new_folder": {"nl": "+ Nieuwe map…", "en": "+ New folder…"},
    "coord.results.heatmap_caption": {
        "nl": "Hoe vaak leerkrachten twee kaarten op dezelfde stapel legden (rij- en "
        "kolomnummers zijn dezelfde kaarten; █ = vaak samen, leeg = nooit).",
        "en": "How often teachers put two cards in the same group (row and column numbers "
        "are the same cards; █ = often together, blank = never).",
    },
    "coord.results.folder_stats": {
        "nl": "{count} kaarten · overeenstemming {agreement} · stabiliteit {stability}",
        "en": "{count} cards · agreement {agreement} · stability {stability}",
    },
    "coord.results.no_plot": {
        "nl": "Te weinig gesorteerde kaarten voor een dendrogram.",
        "en": "Too few sorted cards for a dendrogram.",
    },
    "coord.results.dendrogram_title": {
        "nl": "Dendrogram (nummers: zie de lijst hieronder)",
        "en": "Dendrogram (numbers: see the list below)",
    },
    "coord.results.excluded": {"nl": "nee (uitgesloten)", "en": "no (left out)"},
    "coord.results.included": {"nl": "ja", "en": "yes"},
    "coord.results.not_finished": {
        "nl": "nee (nog niet klaar)",
        "en": "no (not finished yet)",
    },
    "coord.results.unfinished": {
        "nl": "{count} sortering(en) nog niet klaar: die tellen pas mee als ze klaar zijn "
        "(zie Deelnemers).",
        "en": "{count} sort(s) not finished yet: they count once they are finished (see "
        "Participants).",
    },
    "coord.results.pick_card": {
        "nl": "Kies eerst een kaart in de mappenstructuur.",
        "en": "First pick a card in the folder structure.",
    },
    "coord.results.pick_folder": {"nl": "Kies eerst een map.", "en": "First pick a folder."},
    "coord.results.pick_top_folder": {
        "nl": "Kies eerst een map op het bovenste niveau.",
        "en": "First pick a top-level folder.",
    },
    "coord.results.new_folder": {"nl": "Naam van de nieuwe map", "en": "Name of the new folder"},
    "coord.results.rename": {"nl": "Nieuwe naam van de map", "en": "New name of the folder"},
    # -- analysis: participant flags and exclusion reasons (cardsort.analysis_texts) -----------
    "flag.all_in_one": {"nl": "alle kaarten op één stapel", "en": "all cards in one group"},
    "flag.one_per_group": {
        "nl": "elke kaart op een eigen stapel",
        "en": "every card in a group of its own",
    },
    "flag.too_fast": {"nl": "erg snel gesorteerd", "en": "sorted very fast"},
    "flag.single_character_labels": {
        "nl": "stapelnamen van één teken",
        "en": "group names of one character",
    },
    "flag.mostly_unsorted": {
        "nl": "de meeste kaarten niet gesorteerd",
        "en": "most cards left unsorted",
    },
    "flag.manual": {"nl": "met de hand uitgesloten", "en": "left out by hand"},
    "flag.nothing_sorted": {"nl": "geen kaart gesorteerd", "en": "no card sorted"},
    "flag.none": {"nl": "niets opvallends", "en": "nothing unusual"},
    "flag.left_out": {"nl": "niet meegeteld: {reasons}", "en": "left out: {reasons}"},
    "flag.counted": {"nl": "meegeteld", "en": "counted"},
    # -- tree test (participant app, results, report) -------------------------------------------
    "treetest.title": {"nl": "Boomtest", "en": "Tree test"},
    "treetest.intro": {
        "nl": "Je krijgt een paar vragen: waar zou je iets zoeken? Klik door de mappen, tot je de "
        "map vindt waar je zou kijken. Er zijn geen bestanden te zien, alleen mappen. Je mag terug "
        "omhoog en je mag een vraag overslaan. Er is geen fout antwoord: we testen de mappen, "
        "niet jou.",
        "en": "You get a few questions: where would you look for something? Click through the "
        "folders until you find the folder where you would look. There are no files, only "
        "folders. You may go back up and you may skip a question. There is no wrong answer: we "
        "are testing the folders, not you.",
    },
    "treetest.name_prompt": {"nl": "Je naam of code", "en": "Your name or code"},
    "treetest.start": {"nl": "Beginnen", "en": "Start"},
    "treetest.task_of": {"nl": "Vraag {n} van {total}", "en": "Question {n} of {total}"},
    "treetest.look_here": {"nl": "Hier zou ik kijken", "en": "I would look here"},
    "treetest.skip": {"nl": "Overslaan", "en": "Skip"},
    "treetest.up": {"nl": "Terug omhoog", "en": "Back up"},
    "treetest.top": {"nl": "Begin", "en": "Top"},
    "treetest.open_first": {
        "nl": "Open eerst een map; dan kun je zeggen dat je daar zou kijken.",
        "en": "Open a folder first; then you can say you would look there.",
    },
    "treetest.empty": {
        "nl": "Hier zitten geen mappen meer in. Zou je hier kijken? Kies 'Hier zou ik kijken', "
        "of ga terug omhoog.",
        "en": "There are no more folders inside. Would you look here? Choose 'I would look "
        "here', or go back up.",
    },
    "treetest.busy": {
        "nl": "Er doet nu al iemand de boomtest als {name}, misschien in een ander venster. Ben "
        "jij dat? Druk dan nog een keer op Beginnen: je gaat hier verder en het andere venster "
        "stopt. Ben je iemand anders? Typ dan je achternaam erbij.",
        "en": "Somebody is taking the tree test as {name} right now, perhaps in another window. "
        "Is that you? Press Start again: you continue here and the other window stops. Are you "
        "somebody else? Add your surname.",
    },
    "treetest.answered_elsewhere": {
        "nl": "Deze vraag had je in een ander venster al beantwoord; dat antwoord telt.",
        "en": "You had answered this question in another window; that answer counts.",
    },
    "treetest.coord.title": {"nl": "Boomtests", "en": "Tree tests"},
    "treetest.coord.help": {
        "nl": "De boomtests en de uitkomst van de gekozen test: de vragen (slechtste eerst), de "
        "mappen (meest verwarrend eerst) en de voorgestelde aanpassingen. Nieuwe antwoorden zie "
        "je met F5.",
        "en": "The tree tests and the results of the chosen one: the tasks (worst first), the "
        "folders (most confusing first) and the suggested edits. F5 shows new answers.",
    },
    "treetest.coord.test": {"nl": "boomtest", "en": "tree test"},
    "treetest.coord.tasks": {"nl": "vragen", "en": "tasks"},
    "treetest.coord.people": {"nl": "deelnemers", "en": "participants"},
    "treetest.coord.none": {
        "nl": "Nog geen boomtests. Maak er een met: cardsort treetest create NAAM --study STUDIE",
        "en": "No tree tests yet. Create one with: cardsort treetest create NAME --study STUDY",
    },
    "treetest.coord.apply_hint": {
        "nl": "Druk op A om een voorstel door te voeren als nieuwe versie van de overeenstemming "
        "(of: cardsort treetest apply-edit {name} N)",
        "en": "Press A to apply a suggestion as a new consensus version "
        "(or: cardsort treetest apply-edit {name} N)",
    },
    "treetest.key.apply": {"nl": "voorstel doorvoeren", "en": "apply suggestion"},
    "treetest.coord.apply_which": {
        "nl": "Welk voorstel wordt een nieuwe versie van de overeenstemming? (nummer)",
        "en": "Which suggestion becomes a new consensus version? (number)",
    },
    "treetest.coord.new_name": {
        "nl": "Nieuwe naam voor de map {folder}",
        "en": "New name for the folder {folder}",
    },
    "treetest.coord.applied": {
        "nl": "Bewaard als versie {version} van de overeenstemming. Maak een nieuwe boomtest "
        "van die versie om te zien of het beter gaat.",
        "en": "Stored as consensus version {version}. Create a new tree test of that version "
        "to see whether it works better.",
    },
    "treetest.coord.no_suggestions": {
        "nl": "Deze boomtest heeft geen voorstellen om door te voeren.",
        "en": "This tree test has no suggestions to apply.",
    },
    "treetest.coord.no_edit": {
        "nl": "Er is geen voorstel {number}; de nummers staan tussen [ ] onder Aandachtspunten.",
        "en": "There is no suggestion {number}; the numbers are in [ ] under Flags.",
    },
    "treetest.coord.not_current": {
        "nl": "De boomtest ging over versie {tested}, maar de huidige versie van de "
        "overeenstemming is {current}. Maak versie {tested} eerst weer de huidige, of pas de "
        "huidige zelf aan.",
        "en": "The tree test was of version {tested}, but the current consensus version is "
        "{current}. Make version {tested} current first, or edit the current one yourself.",
    },
    "treetest.coord.name_missing": {
        "nl": "Geef de nieuwe naam van de map.",
        "en": "Give the folder's new name.",
    },
    "treetest.coord.no_longer_fits": {
        "nl": "Dit voorstel past niet op de geteste versie (bestaat de naam al?). Pas de "
        "overeenstemming zelf aan.",
        "en": "This suggestion does not fit the tested version (is the name taken?). Edit the "
        "consensus yourself.",
    },
    "coord.cmd.treetest": {"nl": "boomtests", "en": "tree tests"},
    "treetest.saved": {"nl": "Antwoord bewaard.", "en": "Answer saved."},
    "treetest.done": {
        "nl": "Klaar! Dank je wel. Je antwoorden zijn bewaard; je kunt dit venster sluiten.",
        "en": "Done! Thank you. Your answers are saved; you can close this window.",
    },
    "treetest.resumed": {
        "nl": "Welkom terug; je gaat verder waar je was.",
        "en": "Welcome back; you continue where you left off.",
    },
    "treetest.key.open": {"nl": "map openen", "en": "open folder"},
    "treetest.key.up": {"nl": "terug omhoog", "en": "back up"},
    "treetest.key.look_here": {"nl": "hier zou ik kijken", "en": "I would look here"},
    "treetest.key.skip": {"nl": "overslaan", "en": "skip"},
    "treetest.subfolders": {"nl": "bevat mappen", "en": "has folders"},
    "treetest.col.task": {"nl": "vraag", "en": "task"},
    "treetest.col.version": {"nl": "versie", "en": "version"},
    "treetest.col.n": {"nl": "n", "en": "n"},
    "treetest.col.success": {"nl": "gevonden", "en": "success"},
    "treetest.col.direct": {"nl": "direct", "en": "direct"},
    "treetest.col.directness": {"nl": "zonder omweg", "en": "directness"},
    "treetest.col.time": {"nl": "mediane tijd", "en": "median time"},
    "treetest.col.first_click": {"nl": "1e klik goed", "en": "1st click ok"},
    "treetest.col.skipped": {"nl": "overgesl.", "en": "skipped"},
    "treetest.col.folder": {"nl": "map", "en": "folder"},
    "treetest.col.wrong_turns": {"nl": "verkeerd ingeslagen", "en": "wrong turns"},
    "treetest.col.missed": {"nl": "gemist", "en": "missed"},
    "treetest.col.difference": {"nl": "verschil B − A", "en": "difference B − A"},
    "treetest.tasks_heading": {"nl": "Per vraag (slechtste eerst)", "en": "Per task (worst first)"},
    "treetest.folders_heading": {
        "nl": "Per map (meest verwarrend eerst)",
        "en": "Per folder (most confusing first)",
    },
    "treetest.flags_heading": {"nl": "Aandachtspunten", "en": "Flags"},
    "treetest.overall": {
        "nl": "Versie {variant}: {participants} deelnemers, {pct} van de vragen goed gevonden "
        "(95 %-betrouwbaarheidsinterval {low}–{high}), {direct} zonder omweg.",
        "en": "Version {variant}: {participants} participants, {pct} of the tasks found "
        "(95 % confidence interval {low}–{high}), {direct} without a detour.",
    },
    "treetest.ab_overall": {
        "nl": "B − A over alle vragen: {diff} (95 %-interval {low} tot {high}).",
        "en": "B − A over all tasks: {diff} (95 % interval {low} to {high}).",
    },
    "treetest.no_answers": {"nl": "Nog geen antwoorden.", "en": "No answers yet."},
    "treetest.flag.task_not_found": {
        "nl": "Niemand vond {subject} ({value}).",
        "en": "Nobody found {subject} ({value}).",
    },
    "treetest.flag.task_low_success": {
        "nl": "{subject} werd weinig gevonden ({value}).",
        "en": "{subject} was rarely found ({value}).",
    },
    "treetest.flag.folder_missed": {
        "nl": "Map '{subject}' werd niet herkend door wie hem nodig had ({value} gemist).",
        "en": "Folder '{subject}' was not recognised by those who needed it ({value} missed).",
    },
    "treetest.flag.folder_wrong_turns": {
        "nl": "Map '{subject}' trekt mensen die elders moeten zijn ({value} van de pogingen).",
        "en": "Folder '{subject}' draws people who should be elsewhere ({value} of attempts).",
    },
    "treetest.edit.rename": {
        "nl": "Hernoem map '{folder}' naar '{name}'",
        "en": "Rename folder '{folder}' to '{name}'",
    },
    "treetest.edit.rename_free": {
        "nl": "Geef map '{folder}' een duidelijkere naam",
        "en": "Give folder '{folder}' a clearer name",
    },
    "treetest.edit.move": {
        "nl": "Verplaats '{card}' naar map '{folder}'",
        "en": "Move '{card}' into folder '{folder}'",
    },
    "treetest.report.title": {
        "nl": "Boomtest: vinden collega's hun bestanden?",
        "en": "Tree test: can colleagues find their files?",
    },
    "treetest.report.paths": {"nl": "Waar gingen mensen heen", "en": "Where people went"},
    "treetest.report.paths_help": {
        "nl": "Per vraag: hoeveel deelnemers elke map openden (groen: op weg naar het goede "
        "antwoord, rood: een verkeerde afslag) en waar ze zeiden te zullen kijken "
        "(✔ goed, ✘ fout).",
        "en": "Per task: how many participants opened each folder (green: on the way to the "
        "right answer, red: a wrong turn) and where they said they would look "
        "(✔ right, ✘ wrong).",
    },
    # -- plan: a deep branch lifted to a shorter place (drive_adapters/rules/lift.py) ----------
    "plan.lifted_name": {"nl": "{name} (uit {parent})", "en": "{name} (from {parent})"},
    "plan.lifted": {
        "nl": "{count} diepe mappen zijn hoger gezet, zodat hun paden kort genoeg zijn (bovenaan "
        "de lijst; de reden staat in plan.yaml)",
        "en": "{count} deep folders were moved up so that their paths are short enough (first "
        "in the list; the reason is in plan.yaml)",
    },
    "treetest.report.correct": {"nl": "goede map", "en": "correct folder"},
    "treetest.report.chosen": {"nl": "hier gekozen", "en": "chosen here"},
    "treetest.report.paths_top": {"nl": "Meest gevolgde routes", "en": "Most common paths"},
}

# Privacy texts (audiences, why a name was hidden, the card preview) live beside their package.
from cardsort.privacy.catalogue import PRIVACY_TEXTS  # noqa: E402

CATALOGUE.update(PRIVACY_TEXTS)

# The admin's texts (cardsort plan, cardsort migrate and the executor's messages).
from cardsort.migrate_texts import MIGRATE_TEXTS  # noqa: E402

CATALOGUE.update(MIGRATE_TEXTS)

# What the sort-file readers and writers say (cardsort import / export).
from cardsort.formats_texts import FORMAT_TEXTS  # noqa: E402

CATALOGUE.update(FORMAT_TEXTS)

# What the coordinator reads from study create/export/ask/questions, scan, report, participants.
from cardsort.coordinator_texts import COORDINATOR_TEXTS  # noqa: E402

CATALOGUE.update(COORDINATOR_TEXTS)
