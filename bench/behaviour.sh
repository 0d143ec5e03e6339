#!/usr/bin/env bash
# What the local cluster does, timed: `pulumi up` until every replica is Ready for 1, 10 and 100
# distributions (bench/programs/ready) against `kubectl apply --server-side` + `kubectl wait` of the
# same objects (read back from the Pulumi-made namespace), the HPA's reaction to emulated CPU usage
# (usage up → new pods Ready; usage down → back to the minimum), and Karpenter's provisioning of a
# node for a pending GPU pod. Pods are kwok's (no container runs), so the figures are the control
# plane's, the controller's and the engine's, not a server's start-up. Prints Markdown.
#
#   bash bench/behaviour.sh [1 10 100]
#
# The cluster uses ports of its own (20xxx) and is always stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1 10 100)

npm run --silent build
eval "$(scripts/toolchain.sh)"
work="$(mktemp -d "${TMPDIR:-/tmp}/llamastack-bench.XXXXXX")"
# shellcheck source=bench/cluster.sh
source bench/cluster.sh 20

now() { date +%s.%N; }
since() { printf '%.1f' "$(echo "$(now) - $1" | bc)"; }
# until_true SECONDS COMMAND...: polls every 0.2 s; fails after SECONDS.
until_true() {
  local end=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || { echo "timed out: $*" >&2; return 1; }
    sleep 0.2
  done
}
# Checks for until_true: evaluated afresh on every poll (a "$(...)" argument would be read once).
ready_at_least() { (($(kubectl get llsd "$1" -o jsonpath='{.status.readyReplicas}' 2>/dev/null || echo 0) + 0 >= $2)); }
replicas_are() { [[ "$(kubectl get llsd "$1" -o jsonpath='{.spec.replicas}' 2>/dev/null)" == "$2" ]]; }
pods_are() { [[ "$(kubectl get pods -l "app=$1" -o name | wc -l)" == "$2" ]]; }

echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo
echo "### Until every replica is Ready"
echo
echo "| distributions | pods | pulumi up (waits for serving) s | kubectl apply --server-side + kubectl wait s | up / apply |"
echo "|---:|---:|---:|---:|---:|"
program=bench/programs/ready
for n in "${sizes[@]}"; do
  kubectl create namespace "pulumi-$n" >&2
  kubectl create namespace "kubectl-$n" >&2
  (cd "$program" && pulumi stack init "ready-$n" >&2 && pulumi config set count "$n" --stack "ready-$n" &&
    pulumi config set namespace "pulumi-$n" --stack "ready-$n")
  t0=$(now)
  (cd "$program" && pulumi up --yes --skip-preview --non-interactive --stack "ready-$n" >"$work/up-$n.log" 2>&1) ||
    { cat "$work/up-$n.log" >&2; exit 1; }
  up=$(since "$t0")
  ready=$(kubectl get pods -n "pulumi-$n" --field-selector=status.phase=Running -o name | wc -l)
  [[ "$ready" == $((2 * n)) ]] || { echo "pulumi up returned with $ready Running pods, expected $((2 * n))" >&2; exit 1; }
  # The same objects, read back and put into another namespace.
  kubectl get llamastackdistributions,services,poddisruptionbudgets -n "pulumi-$n" -o json |
    node -e '
      const list = JSON.parse(require("fs").readFileSync(0, "utf8"));
      for (const item of list.items) {
        const { name, labels, annotations } = item.metadata;
        item.metadata = { name, namespace: process.argv[1], labels, annotations };
        delete item.status;
        if (item.kind === "Service") { delete item.spec.clusterIP; delete item.spec.clusterIPs; }
      }
      console.log(JSON.stringify(list));' "kubectl-$n" >"$work/objects-$n.json"
  t0=$(now)
  kubectl apply --server-side -f "$work/objects-$n.json" >/dev/null
  kubectl wait --for=jsonpath='{.status.phase}'=Ready llamastackdistributions --all -n "kubectl-$n" --timeout=600s >/dev/null
  apply=$(since "$t0")
  printf '| %s | %s | %s | %s | %s |\n' "$n" "$((2 * n))" "$up" "$apply" "$(echo "scale=1; $up / $apply" | bc)"
  # The static nodes take 110 pods each (a kubelet's default): make room for the next size.
  kubectl delete namespace "pulumi-$n" "kubectl-$n" --wait=true >&2
done

echo
echo "### The HPA on emulated CPU usage"
echo
kubectl apply -f - >&2 <<'YAML'
apiVersion: llamastack.io/v1alpha1
kind: LlamaStackDistribution
metadata: {name: hpa-bench, namespace: default}
spec:
  image: llamastack/distribution-ollama:0.2.0
  replicas: 2
  resources: {requests: {cpu: "1", memory: 1Gi}, limits: {cpu: "2", memory: 2Gi}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: hpa-bench, namespace: default}
spec:
  scaleTargetRef: {apiVersion: llamastack.io/v1alpha1, kind: LlamaStackDistribution, name: hpa-bench}
  minReplicas: 2
  maxReplicas: 6
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
  behavior:
    scaleUp: {stabilizationWindowSeconds: 0}
    scaleDown: {stabilizationWindowSeconds: 15, policies: [{type: Percent, value: 100, periodSeconds: 15}]}
YAML
until_true 120 ready_at_least hpa-bench 2
# Let metrics-server see the pods first (two scrapes, 15 s apart), as a running service would be.
until_true 120 bash -c 'kubectl get hpa hpa-bench -o jsonpath="{.status.currentMetrics[0].resource.current.averageUtilization}" | grep -q .'
t0=$(now)
kubectl annotate pods -l app=hpa-bench --overwrite kwok.x-k8s.io/usage-cpu=1500m >/dev/null
until_true 300 ready_at_least hpa-bench 4
upReact=$(since "$t0")
t0=$(now)
kubectl annotate pods -l app=hpa-bench --overwrite kwok.x-k8s.io/usage-cpu=10m >/dev/null
until_true 300 replicas_are hpa-bench 2
until_true 120 pods_are hpa-bench 2
downReact=$(since "$t0")
echo "| step | seconds |"
echo "|---|---:|"
echo "| usage 10m → 1500m per pod (150% of a 50% target): until ≥ 4 replicas Ready | $upReact |"
echo "| usage back to 10m: until 2 replicas again (scale-down window 15 s) | $downReact |"

echo
echo "### Karpenter: a pending GPU pod to a Running pod on a new node"
echo
kubectl apply -f - >&2 <<'YAML'
apiVersion: karpenter.sh/v1
kind: NodePool
metadata: {name: bench-gpu}
spec:
  template:
    spec:
      nodeClassRef: {group: karpenter.kwok.sh, kind: KWOKNodeClass, name: default}
      requirements:
      - {key: node.kubernetes.io/instance-type, operator: In, values: [gpu-1x]}
      - {key: karpenter.sh/capacity-type, operator: In, values: [spot]}
      taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
YAML
t0=$(now)
kubectl apply -f - >&2 <<'YAML'
apiVersion: llamastack.io/v1alpha1
kind: LlamaStackDistribution
metadata: {name: gpu-bench, namespace: default}
spec:
  image: llamastack/distribution-meta-reference-gpu:0.2.0
  replicas: 1
  resources: {requests: {cpu: "1", memory: 2Gi, nvidia.com/gpu: "1"}, limits: {cpu: "2", memory: 4Gi, nvidia.com/gpu: "1"}}
  tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
  nodeSelector: {karpenter.sh/nodepool: bench-gpu}
YAML
until_true 300 ready_at_least gpu-bench 1
gpu=$(since "$t0")
echo "| from | seconds |"
echo "|---|---:|"
echo "| kubectl apply of a 1-GPU distribution (no GPU node exists) → its pod Ready on a node Karpenter launched | $gpu |"
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
