#!/usr/bin/env bash
# Stage 10: write the demo share, scan it, show the reports, propose the cards.
set -euo pipefail
cardsort demo-share "$DEMO_DIR/share"
cardsort scan "$DEMO_DIR/share" --hash
cardsort report duplicates
cardsort report stale --years 8
cardsort cards propose --target 30-80
