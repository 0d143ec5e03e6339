# shellcheck shell=bash
# Sourced by the benchmarks: a local cluster of their own (scripts/cluster.sh) on ports
# <PREFIX>443, <PREFIX>379, <PREFIX>257… (PREFIX: two digits, e.g. 19), Pulumi state in $work,
# the CRD installed; everything stopped and removed on exit. Needs $work set.
#
#   source bench/cluster.sh 20
p=$1
export LLAMASTACK_CLUSTER_DIR="$work/cluster"
export LLAMASTACK_APISERVER_PORT=${p}443 LLAMASTACK_ETCD_PORT=${p}379 LLAMASTACK_KCM_PORT=${p}257
export LLAMASTACK_SCHEDULER_PORT=${p}259 LLAMASTACK_KWOK_PORT=${p}247 LLAMASTACK_METRICS_SERVER_PORT=${p}251
export LLAMASTACK_KARPENTER_PORT=${p}261 LLAMASTACK_VPA_PORT=${p}263 LLAMASTACK_CONTROLLER_PORT=${p}265
export LLAMASTACK_CERT_MANAGER_PORT=${p}267
export LLAMASTACK_PULUMI_STATE_DIR="$work/state"
export PULUMI_NODEJS_TRANSPILE_ONLY=true
unset p
bench_cleanup() {
  scripts/cluster.sh down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap bench_cleanup EXIT

scripts/cluster.sh up >&2
eval "$(scripts/cluster.sh env)"
# shellcheck source=scripts/pulumi-env.sh
source scripts/pulumi-env.sh
kubectl apply --server-side -f crds/llamastack.io_llamastackdistributions.yaml >&2
kubectl wait --for condition=established --timeout=60s crd/llamastackdistributions.llamastack.io >&2
