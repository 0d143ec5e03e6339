#!/usr/bin/env bash
# The policy pack's cost inside a real `pulumi preview`: the same program (bench/programs/engine,
# n distributions written with our components, each with its HPA, PDB and Service) previewed
# with and without `--policy-pack policy`, in the same run and against the same local control plane,
# the two taking turns to go first. Wall and CPU seconds of the command's process tree (bash's
# `time`), medians of BENCH_REPEATS runs, and every run. One distribution shows the pack's fixed
# cost (starting it), 100 what grows with the stack. The pack runs as users run it: `policy/`, whose
# pack.js loads the compiled build (`npm --prefix policy run build`, run first here) when it is
# current. Prints Markdown.
#
#   npm run bench:policy [-- 1 100]      BENCH_REPEATS=5: runs of each preview (median kept)
#   BENCH_PORT_PREFIX=21                 the local cluster's ports: <prefix>443, <prefix>379, …
#   BENCH_POLICY_SOURCE=1                the pack from its TypeScript sources (removes policy/bin; Pulumi then
#                                        type-checks it on every preview; `npm --prefix policy run build` restores it)
#
# The cluster is always stopped on exit. It runs without the
# llamastack controller: a preview needs none. A preview with the pack exits non-zero when a
# mandatory rule is broken; the program has none, and the script fails if one appears.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1 100)
repeats="${BENCH_REPEATS:-5}"

eval "$(scripts/toolchain.sh)"
work="$(mktemp -d "${TMPDIR:-/tmp}/llamastack-bench.XXXXXX")"
export LLAMASTACK_CLUSTER_CONTROLLER=false
# shellcheck source=bench/cluster.sh
source bench/cluster.sh "${BENCH_PORT_PREFIX:-21}"

program=bench/programs/engine
pack="$PWD/policy"
if [[ "${BENCH_POLICY_SOURCE:-}" == 1 ]]; then
  rm -rf policy/bin
  source_or_build="TypeScript sources (no build)"
else
  npm --prefix policy run --silent build >&2
  source_or_build="compiled build (policy/bin, current)"
fi
# Starting the pack alone, as the language host does (run-policy-pack in policy/), until it serves.
start_pack=(node -r ts-node/register/transpile-only -e 'const t = Date.now(); require("./tests/policy/analyzer").Analyzer.start().then((a) => { a.stop(); console.error(((Date.now() - t) / 1000).toFixed(2)); })')
# seconds COMMAND...: "<wall> <cpu>" (CPU: user + system of the command and every process it waited for).
seconds() {
  local TIMEFORMAT='%R %U %S' times wall user sys
  if ! times=$({ time "$@" >"$work/last.log" 2>&1; } 2>&1); then
    cat "$work/last.log" >&2
    return 1
  fi
  read -r wall user sys <<<"$times"
  echo "$wall $(echo "$user + $sys" | bc)"
}
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
percent() { printf '%+.1f%%' "$(echo "scale=4; ($1 / $2 - 1) * 100" | bc)"; }

echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo
echo "| distributions | objects | preview s (CPU s) | preview --policy-pack policy s (CPU s) | pack's cost, wall | pack's cost, CPU | violations (advisory) |"
echo "|---:|---:|---:|---:|---:|---:|---:|"
runs=()
for n in "${sizes[@]}"; do
  stack="bench-policy-$n"
  kubectl create namespace "policy-$n" >&2
  (cd "$program" && pulumi stack init "$stack" >&2 &&
    pulumi config set count "$n" --stack "$stack" && pulumi config set namespace "policy-$n" --stack "$stack" &&
    pulumi config set mode component --stack "$stack")
  walls_without=() cpus_without=() walls_with=() cpus_with=()
  for ((i = 0; i < repeats; i++)); do
    if ((i % 2 == 0)); then order="without with"; else order="with without"; fi
    for variant in $order; do
      if [[ $variant == with ]]; then
        run=$(cd "$program" && seconds pulumi preview --stack "$stack" --non-interactive --policy-pack "$pack")
        grep -q "llamastack@" "$work/last.log" || { cat "$work/last.log" >&2; echo "the pack did not run" >&2; exit 1; }
        cp "$work/last.log" "$work/with-pack-$n.log"
        walls_with+=("${run% *}") cpus_with+=("${run#* }")
      else
        run=$(cd "$program" && seconds pulumi preview --stack "$stack" --non-interactive)
        walls_without+=("${run% *}") cpus_without+=("${run#* }")
      fi
    done
  done
  without_wall=$(median "${walls_without[@]}") without_cpu=$(median "${cpus_without[@]}")
  with_wall=$(median "${walls_with[@]}") with_cpu=$(median "${cpus_with[@]}")
  printf '| %s | %s | %.1f (%.1f) | %.1f (%.1f) | %s (%+.1f s) | %s | %s |\n' "$n" "$((4 * n))" "$without_wall" "$without_cpu" "$with_wall" "$with_cpu" \
    "$(percent "$with_wall" "$without_wall")" "$(echo "$with_wall - $without_wall" | bc)" "$(percent "$with_cpu" "$without_cpu")" \
    "$(grep -cE '\[advisory\]' "$work/with-pack-$n.log" || true)"
  runs+=("$n: without ${walls_without[*]}; with ${walls_with[*]}")
done
# The fixed part: starting the pack until it serves, as the language host starts it.
starts=()
for ((i = 0; i < repeats; i++)); do
  "${start_pack[@]}" 2>"$work/start.log" >/dev/null || { cat "$work/start.log" >&2; exit 1; }
  starts+=("$(tail -1 "$work/start.log")")
done
echo
echo "Pack: $source_or_build. Starting it alone until it serves (run-policy-pack in policy/, as the language host does): $(median "${starts[@]}") s wall (median of $repeats: ${starts[*]})."
echo
echo "Every run, wall s:"
printf -- '- %s\n' "${runs[@]}"
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
