#!/usr/bin/env bash
# Distributed mode on one machine: PostgreSQL and RabbitMQ on loopback, each service its own process.
# Stop with Ctrl+C. Logs go to data/distributed/*.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
deploy/local/infra.sh
dotnet build Directory.sln -c Release -v q -nologo

# The services run as Production: a fresh random key each run unless AUTH_SIGNING_KEY is given (a portal started
# against them needs the same one); the published demo key is refused outside Development.
key="${AUTH_SIGNING_KEY:-$(openssl rand -base64 48)}"
mkdir -p data/distributed
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT INT TERM
port=5101
for service in Directory Referrals Feedback; do
  db="community_$(echo "$service" | tr '[:upper:]' '[:lower:]')"
  PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
    || PGPASSWORD=postgres psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
  # Started from its own build folder, which is its content root: its appsettings.json (log levels: SQL at Warning,
  # not every command at Information) loads, as it does in a container.
  bin="$PWD/services/$service/bin/Release/net10.0"
  log="$PWD/data/distributed/$service.log"
  (
    cd "$bin"
    Urls="http://127.0.0.1:$port" \
    Database__Provider=Postgres \
    ConnectionStrings__Database="Host=127.0.0.1;Username=postgres;Password=postgres;Database=$db" \
    Bus__Transport=RabbitMq Bus__RabbitMq__Host=127.0.0.1 \
    Auth__SigningKey="$key" \
      exec dotnet "${service}Service.dll" --contentRoot "$bin" > "$log" 2>&1
  ) &
  pids+=($!)
  echo "$service: http://127.0.0.1:$port (log: data/distributed/$service.log)"
  port=$((port + 1))
done
wait
