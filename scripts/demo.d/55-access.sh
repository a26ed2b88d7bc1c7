#!/usr/bin/env bash
# Stage 55: who can open what. The coordinator gives the folder that holds the care cards the
# care team as its audience (the plan suggested it), plans again (acknowledging what is left,
# as the migration stage did), and writes the before/after report the school leader signs
# (HTML and CSV, readable by you only).
set -euo pipefail
plan="$DEMO_DIR/plan-audiences"
if ! cardsort consensus show demo >/dev/null 2>&1; then
  echo "No consensus tree for study 'demo' (the analysis stage was skipped); skipping."
  exit 0
fi
# The school's groups per audience: stored in the plan, shown in the report, and what a cloud
# target limits each folder to (stage 70 applies this plan to the fake shared drive).
groups=(--group zorg=zorg@blokhuus.example --group directie=directie@blokhuus.example
        --group personeel=personeelszaken@blokhuus.example)
out="$(cardsort plan demo --out "$plan" --force "${groups[@]}" 2>&1 || true)"
# The refusal names the command for the narrower audience: take it for the folder that holds
# the most care cards. (sed -n 1p, not head: head would cut the pipe before the writer ends.)
folder="$(echo "$out" | grep -o "consensus audience demo '[^']*' care" | sort | uniq -c \
  | sort -rn | sed -n 1p | sed "s/.*demo '\(.*\)' care/\1/")"
if [ -n "$folder" ]; then
  cardsort consensus audience demo "$folder" zorg --lang nl | sed -n 1p
fi
acks=()
if ! out="$(cardsort plan demo --out "$plan" --force "${groups[@]}" 2>&1)"; then
  # the refusal in English or Dutch (cardsort plan speaks CARDSORT_LANG or the locale)
  for key in $(echo "$out" | grep -Eo '(card|kaart) [A-Za-z0-9_-]* \(' | awk '{print $2}' | sort -u); do
    acks+=(--acknowledge "$key")
  done
  echo "→ the admin acknowledges the rest: ${acks[*]}"
  cardsort plan demo --out "$plan" --force "${groups[@]}" "${acks[@]}" | sed -n '/Wie mag\|Who may/,/names fixed\|namen aangepast/p'

fi
cardsort report access "$plan" --lang nl --force \
  --html "$DEMO_DIR/toegang.html" --csv "$DEMO_DIR/toegang.csv"
sed -n 1,5p "$DEMO_DIR/toegang.csv"
ls -l "$DEMO_DIR/toegang.html" | awk '{print "report:", $1}'   # -rw------- : yours only
