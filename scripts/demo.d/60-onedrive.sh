#!/usr/bin/env bash
# Stage 60: a fake SharePoint (the test suite's Graph server, reached through the real
# msgraph-sdk) that rewrites Office files and PDFs on upload and throttles 20% of requests. The
# school has a team site and, for each narrower audience (zorg, directie, personeel), a site whose
# library is shared with that audience's group only (--school). With stage 55's plan: plan it
# again with a library per audience, simulate, apply it into the team's library (the care
# folders go to their own libraries), verify, and print who can open each of them. Otherwise
# stage 50's plan; without a plan, copy the demo share as it is (`cardsort migrate copy`: the
# same executor, journal, verify and undo as a plan). Then stop the server.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
share="$DEMO_DIR/share"
[ -d "$share" ] || cardsort demo-share "$share"
url_file="$DEMO_DIR/graph-fake.url"
(cd "$repo" && exec python -m tests.fakes.graph_server --port 0 --print-url --sharepoint \
  --school blokhuus.example --rate-429 0.2 --retry-after 0.01) \
  >"$url_file" 2>"$DEMO_DIR/graph-fake.log" &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ "$(wc -l <"$url_file")" -ge 5 ] && break; sleep 0.1; done
url="$(head -n1 "$url_file")"
library() { awk -v site="$1" '$1 == site {print $2}' "$url_file"; }
echo "fake Graph server at $url; the team's library: $(library School)"
target="onedrive:site:$(library School)?base_url=$url&concurrency=8"
plan=""
if [ -f "$DEMO_DIR/plan-audiences/plan.yaml" ]; then
  # Stage 55's plan again, with a SharePoint library of its own for each narrower audience.
  read -r -a acks <<<"$(python -c 'import sys
from drive_adapters.plan import load_plan
print(" ".join("--acknowledge " + k for k in load_plan(sys.argv[1]).options.get("acknowledged", [])))' \
    "$DEMO_DIR/plan-audiences")"
  plan="$DEMO_DIR/plan-sharepoint"
  cardsort plan demo --out "$plan" --force --lang nl \
    --group zorg=zorg@blokhuus.example --group directie=directie@blokhuus.example \
    --group personeel=personeelszaken@blokhuus.example \
    --library zorg="$(library Zorg)" --library directie="$(library Directie)" \
    --library personeel="$(library Personeel)" "${acks[@]}" \
    | sed -n '/Wie mag/,/Nog indelen/p'
else
  for candidate in "$DEMO_DIR"/plan*/plan.yaml; do
    [ -f "$candidate" ] && { plan="$(dirname "$candidate")"; break; }
  done
fi
start=$(date +%s)
applied=no
if [ -n "$plan" ] && cardsort migrate simulate "$plan" --target "$target" | tail -n 3; then
  if cardsort migrate apply "$plan" --target "$target" | tail -n 4 \
     && cardsort migrate verify "$plan" --target "$target" --content | tail -n 3; then
    applied=yes
  fi
fi
if [ "$applied" = no ]; then
  echo "(no applicable plan from stage 50 or 55: copying the demo share as it is)"
  rm -rf "$DEMO_DIR/onedrive-copy"  # a fresh fake: a journal of an earlier demo would not fit
  cardsort migrate copy "$share" --target "$target" --into "Schoolshare" \
    --plan "$DEMO_DIR/onedrive-copy" | tail -n 6
else
  # Who can open the folders of a narrower audience, read back through Graph.
  python - "$plan/plan.yaml" "$target" <<'PY'
import sys
from drive_adapters.plan import access_folders, load_plan
from drive_adapters.targets import open_target
plan = load_plan(sys.argv[1])
adapter = open_target(sys.argv[2], plan).adapter
for folder, audience in access_folders(plan):
    item = adapter.root()
    for name in folder:
        item = adapter.find_child(item.id, name) if item is not None else None
    if item is None:
        print(f"  {'/'.join(folder)} ({audience}): not on SharePoint")
        continue
    access = adapter.read_access(item.id)
    where = getattr(adapter, "_of", lambda _i: adapter)(item.id).description
    who = ", ".join(sorted(access.reaches())) or "nobody but the owners"
    print(f"  {'/'.join(folder)} ({audience}) in {where}: opens for {who}")
adapter.close()
PY
fi
echo "took $(( $(date +%s) - start )) s"
kill "$fake_pid"; wait "$fake_pid" 2>/dev/null || true
trap - EXIT
echo "requests the fake served, by endpoint:"
head -n 8 "$DEMO_DIR/graph-fake.log"
