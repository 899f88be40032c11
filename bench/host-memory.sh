#!/usr/bin/env bash
# Resident memory of the embedded default (the README's run command: every service, the portal, SQLite, the in-memory
# bus, the demo data) after searches through the API and the portal pages, so the semantic model is loaded. Prints the
# figures and appends them to docs/search/host-memory.md. Usage: bench/host-memory.sh [label]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
label=${1:-$(git -C "$root" rev-parse --short HEAD)}
cd "$root"
dotnet build services/Host -c Release > /dev/null
data=$(mktemp -d)
Database__DataFolder="$data" dotnet run --project services/Host -c Release --no-build > /tmp/host-memory.log 2>&1 &
runner=$!
trap 'pkill -P $runner 2>/dev/null || true; kill $runner 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 90); do curl -sf http://localhost:5080/health/ready > /dev/null && break; sleep 2; done
host=$(pgrep -f "net10.0/CommunityDirectory$")
rss() { awk '/^(VmRSS|RssAnon|RssFile|RssShmem):/ {printf "%s %d MB, ", $1, $2 / 1024}' "/proc/$host/status" | sed 's/, $//'; }
started=$(rss)
queries=("hot meal and a chat for someone living alone" "my dad has parkinsons" "sailing club" "walking group on a tuesday"
  "free exercise for over 60s" "somebody to ring my mum every morning" "coffee morning near cosham" "help with money worries")
for round in 1 2 3; do
  for q in "${queries[@]}"; do
    curl -s -o /dev/null --get --data-urlencode "q=$q" http://localhost:5080/api/directory/search
    curl -s -o /dev/null --get --data-urlencode "q=$q" http://localhost:5000/search
  done
done
sleep 3
searched=$(rss)
machine="$(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2 / 1048576}' /proc/meminfo), $(dotnet --version)"
echo "started: $started"
echo "after $((round * ${#queries[@]} * 2)) searches: $searched"
{
  echo
  echo "### $(date -u '+%Y-%m-%d %H:%M UTC'), $label ($machine)"
  echo
  echo "- started, demo seeded: $started"
  echo "- after 48 searches (24 through the API, 24 through the portal's search page), model loaded: $searched"
} >> docs/search/host-memory.md
