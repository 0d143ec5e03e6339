#!/usr/bin/env bash
# The real engine against the local control plane: `pulumi preview` and `pulumi up` for 1, 10 and
# 100 distributions (bench/programs/engine), side by side with `kubectl apply --server-side` of the
# same objects as YAML (bench/render.ts). Each size starts from nothing: a fresh stack and
# namespace for Pulumi, a fresh namespace for kubectl. Prints a Markdown table.
#
#   npm run bench:engine [-- 1 10 100]
#
# The cluster uses ports of its own (19443/19379/19257) and is always stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1 10 100)

eval "$(scripts/toolchain.sh)"
work="$(mktemp -d "${TMPDIR:-/tmp}/llamastack-bench.XXXXXX")"
export LLAMASTACK_CLUSTER_DIR=/tmp/bench-cluster
export LLAMASTACK_APISERVER_PORT=19443 LLAMASTACK_ETCD_PORT=19379 LLAMASTACK_KCM_PORT=19257
export LLAMASTACK_PULUMI_STATE_DIR="$work/state"
export PULUMI_NODEJS_TRANSPILE_ONLY=true
cleanup() {
  scripts/cluster.sh down || true
  rm -rf "$work"
}
trap cleanup EXIT

scripts/cluster.sh up >&2
eval "$(scripts/cluster.sh env)"
# shellcheck source=scripts/pulumi-env.sh
source scripts/pulumi-env.sh
kubectl apply --server-side -f crds/llamastack.io_llamastackdistributions.yaml >&2
kubectl wait --for condition=established --timeout=60s crd/llamastackdistributions.llamastack.io >&2

program=bench/programs/engine
# seconds COMMAND...: wall time of a command, its output kept in $work/last.log.
seconds() {
  local start end
  start=$(date +%s.%N)
  if ! "$@" >"$work/last.log" 2>&1; then
    cat "$work/last.log" >&2
    return 1
  fi
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
ratio() { echo "scale=1; $1 / $2" | bc; }

echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| distributions | objects | pulumi preview s | pulumi up s | preview, no changes s | kubectl apply s | kubectl re-apply s | up / apply | preview / apply |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  stack="bench-$n"
  kubectl create namespace "pulumi-$n" >&2
  kubectl create namespace "kubectl-$n" >&2
  (cd "$program" && pulumi stack init "$stack" >&2 && pulumi config set count "$n" --stack "$stack" && pulumi config set namespace "pulumi-$n" --stack "$stack")
  preview=$(cd "$program" && seconds pulumi preview --stack "$stack" --non-interactive)
  up=$(cd "$program" && seconds pulumi up --yes --skip-preview --stack "$stack" --non-interactive)
  again=$(cd "$program" && seconds pulumi preview --expect-no-changes --stack "$stack" --non-interactive)
  node -r ts-node/register/transpile-only bench/render.ts "$n" "kubectl-$n" >"$work/fleet-$n.yaml"
  apply=$(seconds kubectl apply --server-side -f "$work/fleet-$n.yaml")
  reapply=$(seconds kubectl apply --server-side -f "$work/fleet-$n.yaml")
  pulumiObjects=$(kubectl get llamastackdistributions,services,poddisruptionbudgets,horizontalpodautoscalers -n "pulumi-$n" -o name | wc -l)
  kubectlObjects=$(kubectl get llamastackdistributions,services,poddisruptionbudgets,horizontalpodautoscalers -n "kubectl-$n" -o name | wc -l)
  if [[ "$pulumiObjects" != "$kubectlObjects" || "$pulumiObjects" != $((4 * n)) ]]; then
    echo "object counts differ: pulumi $pulumiObjects, kubectl $kubectlObjects, expected $((4 * n))" >&2
    exit 1
  fi
  printf '| %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s |\n' "$n" "$((4 * n))" "$preview" "$up" "$again" "$apply" "$reapply" "$(ratio "$up" "$apply")" "$(ratio "$preview" "$apply")"
done
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
