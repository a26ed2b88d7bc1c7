#!/usr/bin/env bash
# Stage 20: make the card-sorting study "demo" from the proposed cards, show it, add two
# optional questions asked after the sort, export a study file for offline sorting, and say
# how to try the sorting app (it is interactive, so the demo itself does not start it).
set -euo pipefail
cardsort study create demo
cardsort study list
cardsort study show demo > "$DEMO_DIR/study-demo.txt"
head -n 20 "$DEMO_DIR/study-demo.txt"
echo "… (all cards in $DEMO_DIR/study-demo.txt)"
cardsort study ask demo "Welke kaart vond je het lastigst?" --en "Which card was hardest to place?"
cardsort study ask demo "Hoe vaak zoek je iets op de schijf?" --en "How often do you look for something on the drive?" \
  --choice "elke dag|every day" --choice "elke week|every week" --choice "zelden|rarely"
cardsort study questions demo
cardsort study export demo "$DEMO_DIR/demo-study.json"
cardsort participants demo
cat <<TRY

Try the sorting app yourself (with the same workspace store):
  export CARDSORT_STORE="$CARDSORT_STORE"
  cardsort sort demo                      # sort in this terminal (Dutch; --lang en for English)
  cardsort serve demo                     # teachers sort in their browsers: http://localhost:8000
  cardsort serve demo --host 0.0.0.0      # the school network (asks for the participant code)
  cardsort sort "$DEMO_DIR/demo-study.json"   # offline, questions too: result and answers go next to the file
  cardsort                                # the coordinator app: studies, live progress, results
TRY
