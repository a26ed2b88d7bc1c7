#!/usr/bin/env bash
# Stage 70: a fake Google shared drive (the test suite's Drive v3 server over HTTPS, reached
# through the unmodified google-api-python-client). Applies the demo plan there when stage 55
# (the plan with a care folder) or stage 50 made one; otherwise copies the demo share as it is
# (`cardsort migrate copy`: the same executor, journal, verify and undo as a plan). Either way
# it verifies every file by content and prints the requests it took. The folders the plan gives
# a narrower audience (care, management) are limited on the drive to their groups; verify reads
# that back, and the stage prints who can open each of them.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
share="$DEMO_DIR/share"
[ -d "$share" ] || cardsort demo-share "$share"
info="$DEMO_DIR/gdrive-fake.json"
rm -f "$info"
(cd "$repo" && exec python -m tests.fakes.drive_server --shared-drive "Team Blokhuus" \
  --member team@blokhuus.example \
  --cert-dir "$DEMO_DIR/gdrive-fake-cert" --ready-file "$info") >/dev/null 2>"$DEMO_DIR/gdrive-fake.log" &
fake_pid=$!
trap 'kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$info" ] && break; sleep 0.1; done
[ -s "$info" ] || { echo "the fake Drive server did not start:"; cat "$DEMO_DIR/gdrive-fake.log"; exit 1; }
field() { python -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$info" "$1"; }
endpoint="$(field api_endpoint)"
ca="$(field ca_certs)"
echo "fake Google Drive at $(field url) (CA certificate $ca)"

plan=""
for candidate in "$DEMO_DIR"/plan-audiences/plan.yaml "$DEMO_DIR"/plan/plan.yaml \
                 "$DEMO_DIR"/plan*/plan.yaml "$DEMO_DIR"/plan.yaml; do
  [ -f "$candidate" ] && plan="$candidate" && break
done
start=$(date +%s)
# The fake has no per-user write limit unless asked, so the demo lifts the adapter's pacing
# (a real Drive gets the default sustained 10 writes a second: 2,600 files take 4-5 minutes).
target="gdrive:shared:Team Blokhuus?api_endpoint=$endpoint&ca_certs=$ca&concurrency=4&writes_per_second=0"
if [ -n "$plan" ]; then
  # A copy of the plan, so this target gets its own journal next to it.
  work="$DEMO_DIR/gdrive-plan"
  rm -rf "$work"; mkdir -p "$work"
  cp "$(dirname "$plan")/plan.yaml" "$(dirname "$plan")/items.csv" "$work/"
  echo "simulating, then applying $plan on the fake shared drive"
  cardsort migrate simulate "$work/plan.yaml" --target simulated:gdrive | tail -n 4
  cardsort migrate apply "$work/plan.yaml" --target "$target" | tail -n 3
  cardsort migrate verify "$work/plan.yaml" --target "$target" --content
  # Verify listed who can open each folder with an audience; the drive itself opens for:
  python - "$work/plan.yaml" "$target" <<'PY'
import sys
from drive_adapters.plan import load_plan
from drive_adapters.targets import open_target
adapter = open_target(sys.argv[2], load_plan(sys.argv[1])).adapter
team = ", ".join(sorted(adapter.read_access(adapter.root().id).reaches()))
print(f"  the shared drive itself: {team} (and its organizers)")
PY
else
  echo "no plan from stage 50 here: copying the demo share as it is"
  rm -rf "$DEMO_DIR/gdrive-copy"
  cardsort migrate copy "$share" --target "$target" --into "Schoolshare" \
    --plan "$DEMO_DIR/gdrive-copy" | tail -n 6
fi
echo "apply + verify took $(( $(date +%s) - start )) s"
kill "$fake_pid"; wait "$fake_pid" 2>/dev/null || true
trap - EXIT
python - "$DEMO_DIR/gdrive-fake.log" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    if line.startswith("{"):
        data = json.loads(line)
        counts = data["requests"]
        calls = sum(v for k, v in counts.items() if k not in ("http", "batch"))
        print(f"requests served: {counts.get('http', 0)} HTTP, {calls} API calls")
        for key, value in sorted(counts.items(), key=lambda kv: -kv[1]):
            print(f"  {key:28s} {value}")
PY
