#!/usr/bin/env bash
# The end-to-end tier: the real Pulumi CLI, Node.js language host and Kubernetes provider against a
# real kube-apiserver + kube-controller-manager started here on loopback, on ports of its own so a
# quickstart cluster can keep running. Everything it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

npm run --silent build
eval "$(scripts/toolchain.sh)"

work="$(mktemp -d "${TMPDIR:-/tmp}/llamastack-e2e.XXXXXX")"
export LLAMASTACK_CLUSTER_DIR="$work/cluster"
export LLAMASTACK_APISERVER_PORT="${LLAMASTACK_E2E_APISERVER_PORT:-16443}"
export LLAMASTACK_ETCD_PORT="${LLAMASTACK_E2E_ETCD_PORT:-12379}"
export LLAMASTACK_KCM_PORT="${LLAMASTACK_E2E_KCM_PORT:-20257}"
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

mocha --config tests/e2e/.mocharc.json "$@"
