#!/usr/bin/env bash
# The end-to-end tier: the real Pulumi CLI, Node.js language host and Kubernetes provider against a
# real kube-apiserver + kube-controller-manager started here on loopback, on ports of its own so a
# quickstart cluster can keep running. Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

npm run --silent build
# The policy pack has its own dependencies; `pulumi preview --policy-pack policy` loads them from there.
[[ -d policy/node_modules ]] || (cd policy && npm ci --no-audit --no-fund)
eval "$(scripts/toolchain.sh)"

# The committed SDKs must be what the real CLI generates from the committed schema.
npm run --silent check:sdks

work="$(mktemp -d "${TMPDIR:-/tmp}/llamastack-e2e.XXXXXX")"
export LLAMASTACK_CLUSTER_DIR="$work/cluster"
export LLAMASTACK_APISERVER_PORT="${LLAMASTACK_E2E_APISERVER_PORT:-17443}"
export LLAMASTACK_ETCD_PORT="${LLAMASTACK_E2E_ETCD_PORT:-17379}"
export LLAMASTACK_KCM_PORT="${LLAMASTACK_E2E_KCM_PORT:-17257}"
export LLAMASTACK_PULUMI_STATE_DIR="$work/state"
cleanup() {
  scripts/cluster.sh down || true
  rm -rf "$work"
}
trap cleanup EXIT

scripts/cluster.sh up
eval "$(scripts/cluster.sh env)"
# shellcheck source=scripts/pulumi-env.sh
source scripts/pulumi-env.sh

# The controller, run as the operator's Deployment would run it (no kubelet runs pods here).
LEADER_ELECT=false HEALTH_PORT="${LLAMASTACK_E2E_HEALTH_PORT:-17081}" node controller/dist/controller.js >"$work/controller.log" 2>&1 &
controller_pid=$!

status=0
mocha --config tests/e2e/.mocharc.json "$@" || status=$?
kill -TERM "$controller_pid" 2>/dev/null || true
wait "$controller_pid" 2>/dev/null || true
if ((status != 0)); then
  echo "--- controller log (last 40 lines)"; tail -40 "$work/controller.log"
fi

# The controller's own tier: reconciling every field, scale, HPA, restarts, leader election,
# an API server outage, garbage collection (tests/e2e/controller.e2e.sh). Skipped only when
# mocha was given a subset of specs.
if (($# == 0)); then
  tests/e2e/controller.e2e.sh || status=$?
fi
exit "$status"
