#!/usr/bin/env bash
# Adds an EF Core migration for both providers of one service.
# usage: scripts/add-migration.sh Directory|Referrals|Feedback|Portal MigrationName
set -euo pipefail
service="$1"; name="$2"
cd "$(dirname "$0")/.."
project="services/$service/${service}Service.csproj"
[ -f "$project" ] || project="services/$service/$service.csproj"   # the portal: Portal.csproj
dotnet tool restore >/dev/null
dotnet build "$project" -v q -nologo >/dev/null
for provider in Sqlite Postgres; do
  dotnet dotnet-ef migrations add "$name" --no-build --project "$project" --startup-project "$project" \
    --context "${provider}${service}Db" --output-dir "Migrations/$provider"
done
