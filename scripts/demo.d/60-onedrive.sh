#!/usr/bin/env bash
# Stage 60: a fake SharePoint library (the test suite's Graph server, reached through the real
# msgraph-sdk) that rewrites Office files and PDFs on upload and throttles 20% of requests.
# With the plan of stage 50: simulate it against OneDrive's rules, apply it into the fake (an
# upload migration from the demo share) and verify. Without a plan: copy the demo share as it is
# (`cardsort migrate copy`: the same executor, journal, verify and undo as a plan) and verify
# every file by size and quickXorHash. Then stop the server.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
share="$DEMO_DIR/share"
[ -d "$share" ] || cardsort demo-share "$share"
url_file="$DEMO_DIR/graph-fake.url"
(cd "$repo" && exec python -m tests.fakes.graph_server --port 0 --print-url --sharepoint --rate-429 0.2 --retry-after 0.01) \
  >"$url_file" 2>"$DEMO_DIR/graph-fake.log" &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$url_file" ] && break; sleep 0.1; done
url="$(head -n1 "$url_file")"
echo "fake Graph server at $url"
target="onedrive:me?base_url=$url&concurrency=8"
plan=""
for candidate in "$DEMO_DIR"/plan*/plan.yaml; do
  [ -f "$candidate" ] && { plan="$(dirname "$candidate")"; break; }
done
start=$(date +%s)
applied=no
if [ -n "$plan" ] && cardsort migrate simulate "$plan" --target "$target" | tail -n 3; then
  if cardsort migrate apply "$plan" --target "$target" | tail -n 4 \
     && cardsort migrate verify "$plan" --target "$target" --content | tail -n 2; then
    applied=yes
  fi
fi
if [ "$applied" = no ]; then
  echo "(no applicable plan from stage 50: copying the demo share as it is)"
  rm -rf "$DEMO_DIR/onedrive-copy"  # a fresh fake: a journal of an earlier demo would not fit
  cardsort migrate copy "$share" --target "$target" --into "Schoolshare" \
    --plan "$DEMO_DIR/onedrive-copy" | tail -n 6
fi
echo "took $(( $(date +%s) - start )) s"
cardsort drive onedrive resolve me --base-url "$url" >"$DEMO_DIR/onedrive-top.txt"
head -n 6 "$DEMO_DIR/onedrive-top.txt"
kill "$fake_pid"; wait "$fake_pid" 2>/dev/null || true
trap - EXIT
echo "requests the fake served, by endpoint:"
head -n 8 "$DEMO_DIR/graph-fake.log"
