#!/usr/bin/env bash
# Stage 15: privacy by design. Show every card as a teacher will see it, with what was hidden
# (file names carrying pupils' and colleagues' names) and which cards look confidential; the
# coordinator confirms the suggested care card. Proposing again keeps that decision.
set -euo pipefail
cardsort cards preview --lang nl > "$DEMO_DIR/cards-preview.txt"
tail -n 2 "$DEMO_DIR/cards-preview.txt"
echo "… (every card in $DEMO_DIR/cards-preview.txt)"
cardsort cards restrict Zorg --audience zorg --lang nl
cardsort cards propose --target 30-80 | grep -E "keuzes|choices|verborgen|hidden"
ls -l "$CARDSORT_STORE" | awk '{print "workspace store:", $1}'   # -rw------- : yours only
