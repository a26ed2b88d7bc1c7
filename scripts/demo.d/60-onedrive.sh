#!/usr/bin/env bash
# Stage 60: a fake OneDrive (the test suite's Graph server, reached through the real msgraph-sdk).
# Uploads the demo share into it with a journal, verifies every file by size and quickXorHash,
# and lists the result. Applying a card-sort plan there is the migration stage's job.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
share="$DEMO_DIR/share"
[ -d "$share" ] || cardsort demo-share "$share"
url_file="$DEMO_DIR/graph-fake.url"
(cd "$repo" && exec python -m tests.fakes.graph_server --port 0 --print-url) >"$url_file" 2>"$DEMO_DIR/graph-fake.log" &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$url_file" ] && break; sleep 0.1; done
url="$(head -n1 "$url_file")"
echo "fake Graph server at $url"
start=$(date +%s)
cardsort drive onedrive upload "$share" me --into "Schoolshare" --base-url "$url" \
  --concurrency 8 --journal "$DEMO_DIR/onedrive-journal.jsonl" || true
echo "upload + verify took $(( $(date +%s) - start )) s"
cardsort drive onedrive resolve me --base-url "$url" | head -n 5
kill "$fake_pid"; wait "$fake_pid" 2>/dev/null || true
trap - EXIT
echo "requests served by endpoint:"
head -n 8 "$DEMO_DIR/graph-fake.log"
