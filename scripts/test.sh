#!/usr/bin/env bash
# README command 2 and what CI runs: starts the real servers the tests need, runs every test in the
# solution, and closes with one summary line of passed/failed/skipped counts.
set -uo pipefail
cd "$(dirname "$0")/.."

WITH_BROWSER=1 deploy/local/infra.sh || { echo "0 passed, 1 failed"; exit 1; }

results=TestResults
rm -rf "$results"
# A hung test fails its run after 15 idle minutes instead of eating the CI budget.
dotnet test Directory.sln --blame-hang-timeout 15m --blame-hang-dump-type none --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

sum() { cat "$results"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | grep -o "[0-9]*" | awk '{s+=$1} END {print s+0}'; }
passed=$(sum passed); failed=$(sum failed); total=$(sum total); executed=$(sum executed)
skipped=$((total - executed))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a build or runner failure counts as a failure
echo
echo "Tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
