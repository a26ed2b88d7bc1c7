#!/usr/bin/env bash
# Stage 40: before anything moves, the team tree-tests the consensus.
#
# To show what a tree test finds, we plant a confusing folder: the consensus' "Zorg" is renamed
# "Varia" (a vague catch-all name) as a new consensus version. Tasks are proposed from real
# file names in the inventory (never from restricted cards, never with personal names) plus one
# the coordinator writes. A simulated team of 24 (deterministic; they do not recognise "Varia")
# takes the test. The results put that folder and its tasks at the top and suggest renaming it to
# the card sort's own name for it; we apply that as a new consensus version, test again with the
# same tasks, and success goes up. The HTML reports land in $DEMO_DIR.
set -euo pipefail

if cardsort treetest list 2>/dev/null | grep -q "juni-2"; then
  echo "Tree tests already made in this workspace; showing the results again."
else
  cardsort consensus rename demo Zorg Varia >/dev/null
  echo "Planted a confusing folder: 'Zorg' is now called 'Varia' (a new consensus version)."
  cardsort treetest create juni --study demo
  cardsort treetest tasks propose juni --add --limit 8
  cardsort treetest tasks add juni \
    --nl "Waar bewaar je het groepsplan rekenen van groep 5?" \
    --en "Where do you keep the maths group plan of year 5?" \
    --correct Varia/Groepsplannen
  cardsort treetest simulate juni --participants 24 --vague Varia --seed 1
fi
echo
cardsort treetest results juni --html "$DEMO_DIR/treetest.html" --json "$DEMO_DIR/treetest.json" --force
echo
if ! cardsort treetest list 2>/dev/null | grep -q "juni-2"; then
  cardsort treetest apply-edit juni 1
  cardsort treetest create juni-2 --study demo --tasks-from juni
  cardsort treetest simulate juni-2 --participants 24 --vague Varia --seed 2
fi
echo
echo "After the edit, the same tasks again:"
cardsort treetest results juni-2 --html "$DEMO_DIR/treetest-2.html" --force >"$DEMO_DIR/treetest-2.txt"
head -n 1 "$DEMO_DIR/treetest-2.txt"
echo "Tree-test reports: $DEMO_DIR/treetest.html and $DEMO_DIR/treetest-2.html"
