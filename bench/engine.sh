#!/usr/bin/env bash
# The real engine against the local control plane: `pulumi preview` and `pulumi up` for 1, 10 and
# 100 distributions (bench/programs/engine), written with our components and as the same plain
# @pulumi/kubernetes resources, side by side with `kubectl apply --server-side` of the same objects
# as YAML (bench/render.ts). Each size starts from nothing: a fresh stack and namespace for each
# Pulumi program, a fresh namespace for kubectl. Prints Markdown tables.
#
#   npm run bench:engine [-- 1 10 100]      BENCH_REPEATS=3: runs of each preview (median kept)
#
# The cluster uses ports of its own (19443/19379/19257) and is always stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
sizes=("$@")
repeats="${BENCH_REPEATS:-3}"
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
percent() { echo "scale=3; ($1 / $2 - 1) * 100" | bc; }

echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| distributions | objects | program | pulumi preview s | pulumi up s | preview, no changes s | kubectl apply s | kubectl re-apply s | up / apply | preview / apply |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
overheads=()
for n in "${sizes[@]}"; do
  declare -A took=()
  # Our components and the same objects as plain @pulumi/kubernetes resources, each in a stack
  # and namespace of its own; then kubectl. Previews are repeated ($repeats times, the two
  # programs alternating and taking turns to go first, so that warm caches and load hit both
  # alike) and the median kept; `pulumi up` runs once per program (a second would change nothing).
  for mode in component plain; do
    stack="bench-$mode-$n"
    kubectl create namespace "pulumi-$mode-$n" >&2
    (cd "$program" && pulumi stack init "$stack" >&2 &&
      pulumi config set count "$n" --stack "$stack" && pulumi config set namespace "pulumi-$mode-$n" --stack "$stack" &&
      pulumi config set mode "$mode" --stack "$stack")
  done
  # measure KEY ARGS...: the median of $repeats runs of `pulumi ARGS` per program into took[<program>-KEY].
  measure() {
    local key=$1 i mode order
    shift
    declare -A runs=()
    for ((i = 0; i < repeats; i++)); do
      order="component plain"
      ((i % 2 == 1)) && order="plain component"
      for mode in $order; do
        runs[$mode]+="$(cd "$program" && seconds pulumi "$@" --stack "bench-$mode-$n" --non-interactive) "
      done
    done
    for mode in component plain; do
      took[$mode-$key]=$(printf '%s\n' ${runs[$mode]} | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    done
  }
  measure preview preview
  for mode in component plain; do
    took[$mode-up]=$(cd "$program" && seconds pulumi up --yes --skip-preview --stack "bench-$mode-$n" --non-interactive)
    objects=$(kubectl get llamastackdistributions,services,poddisruptionbudgets,horizontalpodautoscalers -n "pulumi-$mode-$n" -o name | wc -l)
    [[ "$objects" == $((4 * n)) ]] || { echo "$mode made $objects objects, expected $((4 * n))" >&2; exit 1; }
  done
  measure again preview --expect-no-changes
  kubectl create namespace "kubectl-$n" >&2
  node -r ts-node/register/transpile-only bench/render.ts "$n" "kubectl-$n" >"$work/fleet-$n.yaml"
  apply=$(seconds kubectl apply --server-side -f "$work/fleet-$n.yaml")
  reapply=$(seconds kubectl apply --server-side -f "$work/fleet-$n.yaml")
  kubectlObjects=$(kubectl get llamastackdistributions,services,poddisruptionbudgets,horizontalpodautoscalers -n "kubectl-$n" -o name | wc -l)
  [[ "$kubectlObjects" == $((4 * n)) ]] || { echo "kubectl made $kubectlObjects objects, expected $((4 * n))" >&2; exit 1; }
  for mode in component plain; do
    printf '| %s | %s | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s |\n' "$n" "$((4 * n))" "$mode" \
      "${took[$mode-preview]}" "${took[$mode-up]}" "${took[$mode-again]}" "$apply" "$reapply" \
      "$(ratio "${took[$mode-up]}" "$apply")" "$(ratio "${took[$mode-preview]}" "$apply")"
  done
  overheads+=("$(printf '| %s | %+.1f%% | %+.1f%% | %+.1f%% |' "$n" \
    "$(percent "${took[component-preview]}" "${took[plain-preview]}")" \
    "$(percent "${took[component-up]}" "${took[plain-up]}")" \
    "$(percent "${took[component-again]}" "${took[plain-again]}")")")
  unset took
done
echo
echo "Component over plain @pulumi/kubernetes (wall time of the whole command; previews: medians of $repeats):"
echo
echo "| distributions | pulumi preview | pulumi up | preview, no changes |"
echo "|---:|---:|---:|---:|"
printf '%s\n' "${overheads[@]}"
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
