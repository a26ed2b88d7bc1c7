#!/usr/bin/env bash
# Stage 50: from the consensus to the new folder structure. Build the plan (the study's stored
# consensus, else the consensus JSON the analysis stage wrote), simulate it against the rules of
# OneDrive, Google Drive and the local file system, then apply it to a copy (a new folder next
# to the share), verify every file by content, and undo it. The demo share itself is left as it
# was, for the stages after this one.
set -euo pipefail
plan="$DEMO_DIR/plan"
consensus=()
if ! cardsort consensus show demo >/dev/null 2>&1; then
  if [ -f "$DEMO_DIR/consensus.json" ]; then
    consensus=(--consensus "$DEMO_DIR/consensus.json")
  else
    echo "No consensus tree yet (neither stored for study 'demo' nor $DEMO_DIR/consensus.json);"
    echo "run the analysis stage first. Skipping the migration stage."
    exit 0
  fi
fi

# Restricted cards (care, management, staff) that the team put in a folder for everybody are
# refused until the admin acknowledges them one by one; the demo shows the refusal, then
# acknowledges each refused card.
acks=()
# The school's groups for the narrower audiences: a cloud target limits those folders to them
# (and refuses a narrower audience it has no group for).
groups=(--group zorg=zorg@blokhuus.example --group directie=directie@blokhuus.example
        --group personeel=personeelszaken@blokhuus.example)
if ! out="$(cardsort plan demo --out "$plan" --force "${consensus[@]}" "${groups[@]}" 2>&1)"; then
  echo "$out" | sed -n '1,8p'
  # the refusal in English or Dutch (cardsort plan speaks CARDSORT_LANG or the locale)
  if ! echo "$out" | grep -Eq "Restricted cards|Vertrouwelijke kaarten"; then exit 1; fi
  for key in $(echo "$out" | grep -Eo '(card|kaart) [A-Za-z0-9_-]* \(' | awk '{print $2}' | sort -u); do
    acks+=(--acknowledge "$key")
  done
  echo "→ the admin acknowledges: ${acks[*]}"
  cardsort plan demo --out "$plan" --force "${consensus[@]}" "${groups[@]}" "${acks[@]}"
else
  echo "$out"
fi
echo "plan.yaml: $(wc -l <"$plan/plan.yaml") lines; items.csv: $(($(wc -l <"$plan/items.csv") - 1)) items"

for target in onedrive gdrive local; do
  echo
  echo "── simulate for $target ──"
  cardsort migrate simulate "$plan" --target "simulated:$target" | tail -n 12
done

echo
echo "── apply to a copy: $DEMO_DIR/nieuwe-indeling ──"
copy="local-copy:$DEMO_DIR/nieuwe-indeling"
cardsort migrate apply "$plan" --target "$copy"
ls "$DEMO_DIR/nieuwe-indeling"
cardsort migrate verify "$plan" --target "$copy" --content
cardsort migrate undo "$plan" --target "$copy"
left="$(find "$DEMO_DIR/nieuwe-indeling" -mindepth 1 | wc -l)"
echo "after undo the copy holds $left items; the share was never changed"

echo
echo "── catch-up after a week of school work on the old share ──"
# The migration to a second copy; then the school edits a file on the old share and the
# catch-up brings it over (a second catch-up does nothing). The share is put back afterwards.
switch="local-copy:$DEMO_DIR/overstap"
cardsort migrate apply "$plan" --target "$switch" | tail -n 1
first="$(find "$DEMO_DIR/share" -type f -name '*.docx' | sort | sed -n 1p)"
cp -p "$first" "$DEMO_DIR/catch-up-original.docx"
printf '\nbijgewerkt in de week na de migratie\n' >>"$first"
printf 'nieuw na de migratie\n' >"$(dirname "$first")/Nieuw na de migratie.txt"
cardsort migrate sync "$plan" --target "$switch" --simulate
cardsort migrate sync "$plan" --target "$switch"
echo "a second catch-up:"
cardsort migrate sync "$plan" --target "$switch"
cp -p "$DEMO_DIR/catch-up-original.docx" "$first"
rm "$(dirname "$first")/Nieuw na de migratie.txt"
