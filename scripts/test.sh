#!/usr/bin/env bash
# README command 2 and what CI runs: starts the real servers the tests need, runs every test in the
# solution, and closes with one summary line of passed/failed/skipped counts.
set -uo pipefail
cd "$(dirname "$0")/.."

results=TestResults
rm -rf "$results"
mkdir -p "$results"

# The servers install and start while the solution builds: the build leaves most of a core idle (measured: 178 s of
# CPU in 238 s), and a fresh machine spends a minute or more installing PostgreSQL, RabbitMQ and Chromium. The build
# needs npm for the portal's assets, so where npm is missing the install comes first.
infra_log="$results/infra.log"
if command -v npm >/dev/null 2>&1; then
  WITH_BROWSER=1 deploy/local/infra.sh > "$infra_log" 2>&1 &
  infra=$!
else
  WITH_BROWSER=1 deploy/local/infra.sh > "$infra_log" 2>&1; echo $? > "$results/infra.status"
  infra=
fi
servers_up() {
  local status
  if [ -n "$infra" ]; then wait "$infra"; status=$?; else status=$(cat "$results/infra.status"); fi
  cat "$infra_log"
  [ "$status" -eq 0 ] || { echo; echo "Tests: 0 passed, 1 failed, 0 skipped (the servers did not start)"; exit 1; }
}
# A hung test fails its run after 15 idle minutes instead of eating the CI budget.
run() { dotnet test "$@" --blame-hang-timeout 15m --blame-hang-dump-type none --logger "trx" --logger "console;verbosity=normal" --results-directory "${into:-$results}"; }
if [ $# -gt 0 ]; then
  servers_up
  run Directory.sln "$@"; status=$?
else
  dotnet build Directory.sln -nologo -v:q || { wait; echo; echo "Tests: 0 passed, 1 failed, 0 skipped (the build failed)"; exit 1; }
  servers_up
  # The portal's browser journeys (the longest assembly) run beside the other assemblies; the portal runs on SQLite
  # and the in-memory bus on its own ports, so the two share no server state. The security suite follows the portal
  # in its lane, which ends minutes before the other (measured: portal 18.5 min, the rest 26). Lines are prefixed so
  # the interleaved log still reads.
  (
    lane=0
    into="$results/portal" run tests/Portal.Tests --no-build 2>&1 | sed -u 's/^/[portal] /'; [ "${PIPESTATUS[0]}" -eq 0 ] || lane=1
    into="$results/security" run tests/Security.Tests --no-build 2>&1 | sed -u 's/^/[security] /'; [ "${PIPESTATUS[0]}" -eq 0 ] || lane=1
    exit "$lane"
  ) &
  portal=$!
  run Directory.sln --no-build --filter "FullyQualifiedName!~Resilience.Tests&FullyQualifiedName!~Portal.Tests&FullyQualifiedName!~Security.Tests"; status=$?
  wait "$portal" || status=1
  # The fault run kills and restarts servers and measures a loop against time budgets, so it runs last and alone:
  # beside the other test assemblies on 2 cores its services were starved past any sensible budget.
  run tests/Resilience.Tests --no-build || status=$?
fi

sum() { find "$results" -name '*.trx' -exec cat {} + 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" | awk '{s+=$1} END {print s+0}'; }
passed=$(sum passed); failed=$(sum failed); total=$(sum total); executed=$(sum executed)
skipped=$((total - executed))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a build or runner failure counts as a failure
if [ "$failed" -gt 0 ]; then
  # The failures' names and first lines, here beside the summary, where a truncated CI log still shows them.
  echo; echo "Failed tests:"
  python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for trx in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    for r in ET.parse(trx).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
        message = r.find(".//t:ErrorInfo/t:Message", ns)
        first = (message.text or "").strip().splitlines()[:3] if message is not None else []
        print("  " + r.get("testName", "?"))
        for line in first: print("      " + line[:300])
PY
fi
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
