#!/usr/bin/env bash
# `make demo`: the whole job on the bundled demo school share, one stage per script in demo.d/.
# Every stage sees DEMO_DIR (a fresh temporary folder) and CARDSORT_STORE (the demo workspace).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
DEMO_DIR="${DEMO_DIR:-$(mktemp -d -t cardsort-demo.XXXXXX)}"
export DEMO_DIR
export CARDSORT_STORE="$DEMO_DIR/workspace.sqlite"
export COLUMNS="${COLUMNS:-110}"
echo "cardsort-drive demo — working in $DEMO_DIR"
for stage in "$here"/demo.d/*.sh; do
  echo
  echo "════ $(basename "$stage" .sh) ════"
  bash "$stage"
done
echo
echo "Demo finished. Everything it made is in $DEMO_DIR"
