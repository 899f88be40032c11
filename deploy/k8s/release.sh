#!/usr/bin/env bash
# Rolls out one release of an overlay in the safe order:
#
#   1. render the overlay and validate it (schemas, when node is available);
#   2. check that every Secret the manifests reference exists;
#   3. apply everything except the Deployments and the migration Jobs
#      (config, network policies, services, PostgreSQL and RabbitMQ resources,
#      autoscalers, budgets, ingress) and wait for the databases and the broker;
#   4. replace the migration Jobs (a Job's pod template is immutable) and wait
#      until each has completed: one migration per service per release;
#   5. only then apply the Deployments and wait for their rollouts.
#
# If a migration fails the script stops before step 5: the previous release
# keeps serving. Usage:
#
#   deploy/k8s/release.sh production        # or dev
#
# The image tag is the one committed in deploy/k8s/overlays/<overlay>/kustomization.yaml.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
overlay="${1:?usage: release.sh <overlay>}"
dir="$here/overlays/$overlay"
[[ -f "$dir/kustomization.yaml" ]] || { echo "no overlay $dir" >&2; exit 2; }
ns="$(awk '/^namespace:/ {print $2}' "$dir/kustomization.yaml")"
[[ -n "$ns" ]] || { echo "overlay $overlay sets no namespace" >&2; exit 2; }
timeout="${TIMEOUT:-15m}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "==> render $overlay (namespace $ns)"
kubectl kustomize "$dir" > "$work/all.yaml"

if command -v node >/dev/null 2>&1; then
  echo "==> validate"
  if [[ ! -d "$here/validate/node_modules" ]]; then
    npm ci --prefix "$here/validate" --no-audit --no-fund >/dev/null
  fi
  node "$here/validate/validate.mjs" "$work/all.yaml" | tail -n 1
fi

# Split the rendered stream: Deployments, migration Jobs, everything else.
awk -v dep="$work/deployments.yaml" -v job="$work/jobs.yaml" -v rest="$work/rest.yaml" '
  function flush() {
    if (doc == "") return
    out = rest
    if (kind == "Deployment") out = dep
    else if (kind == "Job") out = job
    printf "---\n%s", doc >> out
    doc = ""; kind = ""
  }
  /^---$/ { flush(); next }
  /^kind: / { kind = $2 }
  { doc = doc $0 "\n" }
  END { flush() }
' "$work/all.yaml"

echo "==> check referenced Secrets exist in $ns"
missing=0
kubectl get namespace "$ns" >/dev/null 2>&1 || { echo "namespace $ns does not exist yet: create it and its Secrets first (docs/DEPLOY.md)" >&2; exit 1; }
# Secret names under secretKeyRef, initdb secret, importCredentialsSecret and
# the backup credentials (the TLS secret is made by cert-manager).
for s in $(awk '
    /(secretKeyRef|importCredentialsSecret|accessKeyId|secretAccessKey):$/ || /^ *secret:$/ {
      match($0, /^ */); depth = RLENGTH; want = 1; next }
    want { match($0, /^ */); if (RLENGTH <= depth) { want = 0; next }
           if ($1 == "name:") { print $2; want = 0 } }
  ' "$work/all.yaml" | sort -u); do
  if ! kubectl -n "$ns" get secret "$s" >/dev/null 2>&1; then
    echo "missing Secret: $s" >&2; missing=1
  fi
done
[[ $missing -eq 0 ]] || exit 1

echo "==> apply configuration, policies, services, data and messaging"
kubectl apply -f "$work/rest.yaml"

echo "==> wait for PostgreSQL and RabbitMQ"
kubectl -n "$ns" wait --for=condition=Ready cluster.postgresql.cnpg.io --all --timeout="$timeout"
kubectl -n "$ns" wait --for=condition=AllReplicasReady rabbitmqcluster/rabbitmq --timeout="$timeout"

echo "==> migrate"
kubectl -n "$ns" delete job -l app.kubernetes.io/component=migration --ignore-not-found --wait=true
kubectl apply -f "$work/jobs.yaml"
deadline=$(( $(date +%s) + 900 ))
for job in $(kubectl -n "$ns" get job -l app.kubernetes.io/component=migration -o name); do
  while :; do
    complete="$(kubectl -n "$ns" get "$job" -o jsonpath='{.status.conditions[?(@.type=="Complete")].status}')"
    failed="$(kubectl -n "$ns" get "$job" -o jsonpath='{.status.conditions[?(@.type=="Failed")].status}')"
    if [[ "$complete" == "True" ]]; then echo "    $job complete"; break; fi
    if [[ "$failed" == "True" || $(date +%s) -gt $deadline ]]; then
      echo "    $job FAILED; the previous release keeps running. Logs:" >&2
      kubectl -n "$ns" logs "$job" --all-containers --tail=200 >&2 || true
      exit 1
    fi
    sleep 5
  done
done

echo "==> roll the Deployments"
kubectl apply -f "$work/deployments.yaml"
for d in $(kubectl -n "$ns" get deployment -l 'app.kubernetes.io/component in (api,web)' -o name); do
  kubectl -n "$ns" rollout status "$d" --timeout="$timeout"
done
echo "==> release of $overlay done"
