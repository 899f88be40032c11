#!/usr/bin/env bash
# Refreshes docs/screenshots from the portal's browser journeys (an ordinary test run takes no screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=1 deploy/local/infra.sh
SCREENSHOTS_DIR="$PWD/docs/screenshots" dotnet test tests/Portal.Tests
