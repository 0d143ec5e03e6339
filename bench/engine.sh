#!/usr/bin/env bash
# The real engine against the local control plane: `pulumi preview` and `pulumi up` for 1, 10 and
# 100 distributions (bench/programs/engine), written with our components, as the same plain
# @pulumi/kubernetes resources, and as those plain resources in an empty component per distribution
# ("wrapped": what any Pulumi component costs), side by side with `kubectl apply --server-side` of
# the same objects as YAML (bench/render.ts). Each size starts from nothing: a fresh stack and namespace for each
# Pulumi program, a fresh namespace for kubectl. Prints Markdown tables.
#
#   npm run bench:engine [-- 1 10 100]      BENCH_REPEATS=3: runs of each preview (median kept)
#
# The cluster uses ports of its own (194xx/192xx) and is always stopped on exit. It runs without the
# llamastack controller, so that the figures are the engine's and the API server's only.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
sizes=("$@")
repeats="${BENCH_REPEATS:-3}"
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1 10 100)

eval "$(scripts/toolchain.sh)"
work="$(mktemp -d "${TMPDIR:-/tmp}/llamastack-bench.XXXXXX")"
# Without the llamastack controller: the figures are the engine's and the API server's only.
export LLAMASTACK_CLUSTER_CONTROLLER=false
# shellcheck source=bench/cluster.sh
source bench/cluster.sh 19

program=bench/programs/engine
# seconds COMMAND...: "<wall> <cpu>" of a command: wall seconds, and CPU seconds (user + system) of
# the command and every process it waited for (CLI, language host, program, provider); its output is
# kept in $work/last.log. CPU time moves far less than wall time with what else the 2 cores run.
seconds() {
  local TIMEFORMAT='%R %U %S' times wall user sys
  if ! times=$({ time "$@" >"$work/last.log" 2>&1; } 2>&1); then
    cat "$work/last.log" >&2
    return 1
  fi
  read -r wall user sys <<<"$times"
  echo "$wall $(echo "$user + $sys" | bc)"
}
wallOf() { echo "${1% *}"; }
cpuOf() { echo "${1#* }"; }
ratio() { echo "scale=1; $1 / $2" | bc; }
percent() { echo "scale=3; ($1 / $2 - 1) * 100" | bc; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# cell "<wall> <cpu>": "12.3 (20.1)".
cell() { printf '%.1f (%.1f)' "$(wallOf "$1")" "$(cpuOf "$1")"; }
# overhead wallOf|cpuOf KEY BASE: the component's figure over the BASE program's, as a signed percentage.
overhead() { printf '%+.1f%%' "$(percent "$("$1" "${took[component-$2]}")" "$("$1" "${took[$3-$2]}")")"; }
modes="component wrapped plain"
# Who goes first takes turns from one repeat to the next.
orders=("component wrapped plain" "wrapped plain component" "plain component wrapped")

echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "Wall seconds of the whole command, and in brackets the CPU seconds of its process tree (CLI, language host, program, provider):"
echo
echo "| distributions | objects | program | pulumi preview s | pulumi up s | preview, no changes s | kubectl apply s | kubectl re-apply s | up / apply | preview / apply |"
echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
overheads=()
for n in "${sizes[@]}"; do
  declare -A took=()
  # The three programs, each in a stack and namespace of its own; then kubectl. Previews are
  # repeated ($repeats times, the programs taking turns to go first, so that warm caches and load
  # hit all alike) and the median kept; `pulumi up` runs once per program (a second would change
  # nothing).
  for mode in $modes; do
    stack="bench-$mode-$n"
    kubectl create namespace "pulumi-$mode-$n" >&2
    (cd "$program" && pulumi stack init "$stack" >&2 &&
      pulumi config set count "$n" --stack "$stack" && pulumi config set namespace "pulumi-$mode-$n" --stack "$stack" &&
      pulumi config set mode "$mode" --stack "$stack")
  done
  # measure KEY ARGS...: the medians (wall and CPU apart) of $repeats runs of `pulumi ARGS` per
  # program into took[<program>-KEY] as "<wall> <cpu>".
  measure() {
    local key=$1 i mode order
    shift
    declare -A walls=() cpus=()
    for ((i = 0; i < repeats; i++)); do
      order="${orders[i % 3]}"
      for mode in $order; do
        local run
        run=$(cd "$program" && seconds pulumi "$@" --stack "bench-$mode-$n" --non-interactive)
        walls[$mode]+="$(wallOf "$run") "
        cpus[$mode]+="$(cpuOf "$run") "
      done
    done
    for mode in $modes; do
      took[$mode-$key]="$(median ${walls[$mode]}) $(median ${cpus[$mode]})"
    done
  }
  measure preview preview
  for mode in $modes; do
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
  for mode in $modes; do
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$((4 * n))" "$mode" \
      "$(cell "${took[$mode-preview]}")" "$(cell "${took[$mode-up]}")" "$(cell "${took[$mode-again]}")" "$(cell "$apply")" "$(cell "$reapply")" \
      "$(ratio "$(wallOf "${took[$mode-up]}")" "$(wallOf "$apply")")" "$(ratio "$(wallOf "${took[$mode-preview]}")" "$(wallOf "$apply")")"
  done
  for base in plain wrapped; do
    overheads+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s |' "$n" "$base" \
      "$(overhead wallOf preview "$base")" "$(overhead wallOf up "$base")" "$(overhead wallOf again "$base")" \
      "$(overhead cpuOf preview "$base")" "$(overhead cpuOf up "$base")" "$(overhead cpuOf again "$base")")")
  done
  unset took
done
echo
echo "Component over plain @pulumi/kubernetes, and over the same in an empty component (previews: medians of $repeats):"
echo
echo "| distributions | component over | preview (wall) | up (wall) | no-change preview (wall) | preview (CPU) | up (CPU) | no-change preview (CPU) |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${overheads[@]}"
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
