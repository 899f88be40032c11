#!/usr/bin/env bash
# Installs (where missing) and starts PostgreSQL 15 and RabbitMQ on loopback. Idempotent; needs root for installs.
# Tests call it too, so `dotnet test` on a fresh machine of this kind brings its own servers up.
set -euo pipefail
# One run at a time: several test processes may call this at once.
# The servers started below must not inherit the lock's descriptor (9>&-), or they would hold it for ever
# and the next caller (a test process) would wait on it for ever.
exec 9>/tmp/community-directory-infra.lock
flock -w 900 9 || { echo "[infra] another infra.sh has held the lock for 15 minutes" >&2; exit 1; }

log() { echo "[infra] $*" >&2; }
need_install=()
command -v pg_ctlcluster >/dev/null 2>&1 || need_install+=(postgresql postgresql-contrib)
command -v rabbitmq-server >/dev/null 2>&1 || [ -x /usr/sbin/rabbitmq-server ] || need_install+=(rabbitmq-server)
# Chromium's headless shell (the old headless mode, what Playwright itself runs headless): the portal's browser tests
# measured 0.61 of the full browser's CPU on the same journeys.
if [ "${WITH_BROWSER:-0}" = "1" ] && [ ! -x /usr/lib/chromium/chromium-headless-shell ]; then need_install+=(chromium-headless-shell); fi
# A Bengali font, so the browser tests' screenshots of the portal in Bengali show letters (docs/LANGUAGES.md).
if [ "${WITH_BROWSER:-0}" = "1" ] && ! dpkg -s fonts-lohit-beng-bengali >/dev/null 2>&1; then need_install+=(fonts-lohit-beng-bengali); fi
# npm builds the portal's NHS.UK frontend assets and brings axe-core and the k8s schema validator.
command -v npm >/dev/null 2>&1 || need_install+=(nodejs npm)
command -v kubectl >/dev/null 2>&1 || need_install+=(kubectl)
if [ ${#need_install[@]} -gt 0 ]; then
  log "installing ${need_install[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_install[@]}" >/dev/null 9>&-   # its post-install scripts may start servers
fi

# PostgreSQL: the Debian cluster, with a password for TCP logins from the services and tests.
cluster_version=$(pg_lsclusters -h | awk 'NR==1{print $1}')
if [ -z "$cluster_version" ]; then
  pg_createcluster 15 main >/dev/null 9>&-
  cluster_version=15
fi
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  log "starting PostgreSQL $cluster_version"
  pg_ctlcluster "$cluster_version" main start 9>&-
fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
runuser -u postgres -- psql -q -c "ALTER USER postgres PASSWORD 'postgres';" >/dev/null
current_max=$(runuser -u postgres -- psql -tAq -c "SHOW max_connections;")
if [ "$current_max" -lt 400 ]; then
  log "raising max_connections to 400"
  runuser -u postgres -- psql -q -c "ALTER SYSTEM SET max_connections = 400;" >/dev/null
  pg_ctlcluster "$cluster_version" main restart 9>&-
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
fi

# RabbitMQ: quorum queues need nothing extra on 3.10. Loopback only, like PostgreSQL: AMQP, and the management UI
# where its plugin is enabled. Inter-node distribution and epmd too where the node's host name (rabbit@<host>, what
# rabbitmqctl dials) resolves to loopback; elsewhere binding them to loopback would lock rabbitmqctl out.
rabbit_conf=/etc/rabbitmq/rabbitmq.conf
rabbit_local_node=0
if getent hosts "$(hostname -s)" | awk '{print $1}' | grep -q '^127\.'; then rabbit_local_node=1; fi
if [ "$rabbit_local_node" = 1 ]; then export ERL_EPMD_ADDRESS=127.0.0.1; fi
# The management plugin: the tests make and remove their virtual hosts through its HTTP API (tests/TestSupport/Servers.cs)
# for a request's cost, where each rabbitmqctl call boots an Erlang VM (0.8 s of CPU, three per test class). A running
# node takes it at once, told first to listen on loopback (its config file is only read at the next start); a stopped
# one from its next start. Without it the tests still work, through rabbitmqctl, so a failure here only costs time.
if ! grep -qs rabbitmq_management /etc/rabbitmq/enabled_plugins; then
  log "enabling RabbitMQ's management plugin"
  mkdir -p /etc/rabbitmq
  if rabbitmqctl -q status >/dev/null 2>&1 9>&-; then
    { rabbitmqctl -q eval 'application:load(rabbitmq_management), application:set_env(rabbitmq_management, tcp_config, [{ip, "127.0.0.1"}, {port, 15672}]).' \
        && rabbitmq-plugins -q enable rabbitmq_management; } >/dev/null 9>&- || log "could not enable the management plugin: the tests use rabbitmqctl"
  else
    rabbitmq-plugins -q enable --offline rabbitmq_management >/dev/null 9>&- || log "could not enable the management plugin: the tests use rabbitmqctl"
  fi
fi
rabbit_wanted=$(
  echo "# Written by deploy/local/infra.sh: listen on loopback only."
  echo "listeners.tcp.default = 127.0.0.1:5672"
  if [ "$rabbit_local_node" = 1 ]; then echo "distribution.listener.interface = 127.0.0.1"; fi
  if grep -qs rabbitmq_management /etc/rabbitmq/enabled_plugins; then echo "management.tcp.ip = 127.0.0.1"; fi
)
if [ "$(cat "$rabbit_conf" 2>/dev/null)" != "$rabbit_wanted" ]; then
  mkdir -p /etc/rabbitmq
  printf '%s\n' "$rabbit_wanted" > "$rabbit_conf"
  if rabbitmqctl -q status >/dev/null 2>&1 9>&-; then
    log "RabbitMQ now listens on loopback only from its next start (restart it to apply: rabbitmqctl stop; rerun this script)"
  fi
fi
if ! rabbitmqctl -q status >/dev/null 2>&1 9>&-; then
  log "starting RabbitMQ"
  rabbitmq-server -detached >/dev/null 2>&1 9>&- || true
  # -detached returns before the node registers with epmd; await_startup fails until it has.
  for _ in $(seq 1 60); do rabbitmqctl -q await_startup --timeout 60 >/dev/null 2>&1 9>&- && break; sleep 1; done
  rabbitmqctl -q await_startup --timeout 60 9>&-
fi
log "PostgreSQL on 127.0.0.1:5432 (postgres/postgres), RabbitMQ on 127.0.0.1:5672 and its management API on 127.0.0.1:15672 (guest/guest)"
