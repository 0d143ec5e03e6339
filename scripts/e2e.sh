#!/usr/bin/env bash
# The end-to-end tier: the real Pulumi CLI, Node.js language host and Kubernetes provider against the
# local cluster of scripts/cluster.sh (real control plane, scheduler, metrics pipeline, Karpenter and
# VPA recommender; kwok's simulated nodes and pods), started here on loopback on ports of its own
# so a quickstart cluster can keep running. Everything it starts is stopped on exit.
#   npm run test:e2e                                   every spec, then the shell tiers
#   npm run test:e2e -- tests/e2e/karpenter.e2e.ts     only the named specs
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

npm run --silent build
# The policy pack has its own dependencies; `pulumi preview --policy-pack policy` loads them from there,
# and its build (policy/bin, which `npm ci` there also makes) unless a source changed since: build it
# then, so the tier runs the pack as users do (docs/policy.md, "What Pulumi loads").
[[ -d policy/node_modules ]] || (cd policy && npm ci --no-audit --no-fund)
node -e 'process.exit(require("./policy/built").builtIsCurrent() ? 0 : 1)' || npm --prefix policy run --silent build
eval "$(scripts/toolchain.sh)"

# The committed SDKs must be what the real CLI generates from the committed schema.
npm run --silent check:sdks

work="$(mktemp -d "${TMPDIR:-/tmp}/llamastack-e2e.XXXXXX")"
export LLAMASTACK_CLUSTER_DIR="$work/cluster"
export LLAMASTACK_APISERVER_PORT="${LLAMASTACK_E2E_APISERVER_PORT:-17443}"
export LLAMASTACK_ETCD_PORT="${LLAMASTACK_E2E_ETCD_PORT:-17379}"
export LLAMASTACK_KCM_PORT="${LLAMASTACK_E2E_KCM_PORT:-17257}"
export LLAMASTACK_SCHEDULER_PORT="${LLAMASTACK_E2E_SCHEDULER_PORT:-17259}"
export LLAMASTACK_KWOK_PORT="${LLAMASTACK_E2E_KWOK_PORT:-17247}"
export LLAMASTACK_METRICS_SERVER_PORT="${LLAMASTACK_E2E_METRICS_SERVER_PORT:-17251}"
export LLAMASTACK_KARPENTER_PORT="${LLAMASTACK_E2E_KARPENTER_PORT:-17261}"
export LLAMASTACK_VPA_PORT="${LLAMASTACK_E2E_VPA_PORT:-17263}"
export LLAMASTACK_CERT_MANAGER_PORT="${LLAMASTACK_E2E_CERT_MANAGER_PORT:-17267}"
export LLAMASTACK_CONTROLLER_PORT="${LLAMASTACK_E2E_HEALTH_PORT:-17081}"
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

# The cluster runs the controller beside it (kwok runs no containers, so the operator's own
# controller pod never acts here).
set +e
# The specs named on the command line, or every one (mocha would add named specs to a config's own list).
specs=("$@")
((${#specs[@]} > 0)) || specs=("tests/e2e/**/*.e2e.ts")
mocha --config tests/e2e/.mocharc.json "${specs[@]}" 2>&1 | tee "$work/mocha.log"
mocha_status=${PIPESTATUS[0]}
set -e
status=$mocha_status
if ((status != 0)); then
  echo "--- controller log (last 40 lines)"; tail -40 "$LLAMASTACK_CLUSTER_DIR/llamastack-controller.log"
fi

# The controller's own tier: reconciling every field, scale, HPA, restarts, leader election,
# an API server outage, garbage collection (tests/e2e/controller.e2e.sh), its namespaced mode
# (tests/e2e/controller-namespaced.e2e.sh) and leader fencing (tests/e2e/leader-fencing.e2e.sh). Skipped only when
# mocha was given a subset of specs.
if (($# == 0)); then
  # It runs replicas of its own, with leader election: the cluster's controller steps aside.
  scripts/cluster.sh stop llamastack-controller
  tests/e2e/controller.e2e.sh || status=$?
  # Namespaced mode (controller.namespaces): Roles in the served namespace only, nothing elsewhere.
  E2E_NAMESPACED_PORT_BASE="${LLAMASTACK_E2E_NAMESPACED_PORT_BASE:-17190}" tests/e2e/controller-namespaced.e2e.sh || status=$?
  # A leader paused past its deadline (kill -STOP) never writes after it resumes.
  E2E_FENCING_PORT_BASE="${LLAMASTACK_E2E_FENCING_PORT_BASE:-17090}" tests/e2e/leader-fencing.e2e.sh || status=$?
fi
# A CI log is often read from its end: say again which specs failed, after everything else.
if ((mocha_status != 0)); then
  echo "--- the end-to-end specs that failed (mocha exited with $mocha_status; repeated from above)"
  sed -n '/^  [0-9][0-9]* failing/,$p' "$work/mocha.log" | head -200
fi
exit "$status"
