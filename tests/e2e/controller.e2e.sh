#!/usr/bin/env bash
# End to end: the bundled controller against a real control plane (kube-apiserver + etcd +
# kube-controller-manager). Not part of `npm test`.
#
#   tests/e2e/controller.e2e.sh                 starts scripts/cluster.sh's control plane (and stops it after)
#   KUBECONFIG=... tests/e2e/controller.e2e.sh  uses a running one
#
# Optional:
#   E2E_APISERVER_STOP / E2E_APISERVER_START  shell commands that stop and start the API server, for
#                                             the outage check; with the cluster of scripts/cluster.sh
#                                             (LLAMASTACK_CLUSTER_DIR) the script does it itself
#   E2E_BENCH="1 100 500"                     distribution counts for the latency benchmark
#                                             (default: none); figures go to .e2e/bench.jsonl
set -uo pipefail
cd "$(dirname "$0")/../.."
CLUSTER_DIR="${LLAMASTACK_CLUSTER_DIR:-${XDG_RUNTIME_DIR:-/tmp}/llamastack-cluster}"
STARTED_CLUSTER=""
if [[ -z "${KUBECONFIG:-}" ]]; then
    [[ -x scripts/cluster.sh ]] || { echo "set KUBECONFIG, or provide scripts/cluster.sh" >&2; exit 2; }
    if ! scripts/cluster.sh status 2>/dev/null; then
        scripts/cluster.sh up || exit 2
        STARTED_CLUSTER=1
    fi
    eval "$(scripts/cluster.sh env)"
fi
export KUBECONFIG
# kubectl and kube-apiserver from the project's toolchain when it has one.
if [[ -x scripts/toolchain.sh ]]; then PATH="$(scripts/toolchain.sh --bin-dir):$PATH"; fi
if [[ -z "${E2E_APISERVER_STOP:-}" && -f "$CLUSTER_DIR/kube-apiserver.pid" ]]; then
    # Our own cluster: stop the API server process we started, and start it again with the same command line.
    E2E_APISERVER_STOP="pid=\$(cat '$CLUSTER_DIR/kube-apiserver.pid'); tr '\\0' ' ' </proc/\$pid/cmdline >'$CLUSTER_DIR/kube-apiserver.cmd'; kill -TERM \$pid; while [[ -d /proc/\$pid ]]; do sleep 0.2; done"
    # A plain background command (no subshell), so that \$! is the API server's own pid.
    E2E_APISERVER_START="setsid \$(cat '$CLUSTER_DIR/kube-apiserver.cmd') >>'$CLUSTER_DIR/kube-apiserver.log' 2>&1 </dev/null & echo \$! >'$CLUSTER_DIR/kube-apiserver.pid'"
fi

NS=llsd-e2e
SYSNS=llsd-e2e-system
mkdir -p .e2e
source tests/e2e/tap.sh
source tests/e2e/freshTier.sh
CONTROLLERS=()

jp() { kubectl -n "$NS" get "$1" -o jsonpath="$2"; }
# is RESOURCE JSONPATH WANT: the field has exactly that value.
is() { local got; got="$(jp "$1" "$2" 2>&1)"; [[ "$got" == "$3" ]] || { echo "    $1 $2: got '$got', want '$3'" >&2; return 1; }; }
managed_count() { kubectl -n "$NS" get deployments -l app.kubernetes.io/managed-by=llamastack-controller -o name | wc -l; }
count_is() { local got; got="$(managed_count)"; [[ "$got" == "$1" ]] || { echo "    managed Deployments: got $got, want $1" >&2; return 1; }; }
lease_holder() { kubectl -n "$SYSNS" get lease llamastack-controller -o jsonpath='{.spec.holderIdentity}'; }
holder_is() { [[ "$(lease_holder)" == "$1" ]]; }

# start_controller IDENTITY: runs the bundle as a replica would, restarted when it exits (as kubelet would).
start_controller() {
    (
        trap 'kill -TERM $child 2>/dev/null; wait $child; exit 0' TERM
        while true; do
            KUBECONFIG=.e2e/controller.kubeconfig LEADER_ELECT=true POD_NAMESPACE=$SYSNS POD_NAME=$1 HEALTH_PORT=$2 WORKERS=4 node controller/dist/controller.js >>".e2e/controller-$1.log" 2>&1 &
            child=$!
            wait $child
            echo "{\"msg\":\"e2e: controller exited with $?, restarting\"}" >>".e2e/controller-$1.log"
            sleep 1
        done
    ) &
    CONTROLLERS+=($!)
    LAST_CONTROLLER=$!
}
stop_controller() { kill -TERM "$1" 2>/dev/null; wait "$1" 2>/dev/null; }
cleanup() {
    for pid in "${CONTROLLERS[@]}"; do stop_controller "$pid"; done
    kubectl delete namespace "$NS" "$SYSNS" --wait=false >/dev/null 2>&1 || true
    if [[ -n "$STARTED_CLUSTER" ]]; then scripts/cluster.sh down; fi
}
trap cleanup EXIT

echo "# setup: CRD, namespaces, bundle"
fresh_tier "$NS" "$SYSNS" || { echo "setup failed" >&2; exit 1; }

# The controller runs as a ServiceAccount with exactly the rules LlamaStackOperator grants
# (src/operator/controllerDeployment.ts), so every check below also proves that those rules are enough.
least_privilege() {
    node_modules/.bin/ts-node --transpile-only -e '
        const c = require("./src/operator/controllerDeployment");
        const ns = process.argv[1];
        const subject = [{ kind: "ServiceAccount", name: "llamastack-controller", namespace: ns }];
        const meta = { name: "llamastack-controller" };
        console.log(JSON.stringify({ apiVersion: "v1", kind: "List", items: [
            { apiVersion: "v1", kind: "ServiceAccount", metadata: { ...meta, namespace: ns } },
            { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: meta, rules: c.buildControllerClusterRules() },
            { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRoleBinding", metadata: meta, subjects: subject,
              roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "llamastack-controller" } },
            { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { ...meta, namespace: ns }, rules: c.buildControllerLeaseRules() },
            { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { ...meta, namespace: ns }, subjects: subject,
              roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "llamastack-controller" } },
        ] }));' "$SYSNS" | kubectl apply -f - >/dev/null || return 1
    sa_kubeconfig "$SYSNS" llamastack-controller .e2e/controller.kubeconfig 2h
}
least_privilege || { echo "could not set up the controller's ServiceAccount" >&2; exit 1; }
rm -f .e2e/controller-*.log
start_controller e2e-1 18081
C1=$LAST_CONTROLLER
check "controller becomes ready (/readyz)" eventually 30 curl -fsS http://127.0.0.1:18081/readyz -o /dev/null
check "it holds the lease" holder_is e2e-1
check "it runs as the least-privilege ServiceAccount" bash -c "KUBECONFIG=.e2e/controller.kubeconfig kubectl auth whoami -o jsonpath='{.status.userInfo.username}' | grep -qx system:serviceaccount:$SYSNS:llamastack-controller"
check "which may not, e.g., delete Deployments" bash -c "[[ \$(KUBECONFIG=.e2e/controller.kubeconfig kubectl auth can-i delete deployments -n $NS) == no ]]"

echo "# a distribution with every field becomes a Deployment with every field"
kubectl apply -f - >/dev/null <<YAML
apiVersion: llamastack.io/v1alpha1
kind: LlamaStackDistribution
metadata: { name: full, namespace: $NS }
spec:
  image: llamastack/distribution-ollama:0.2.0
  version: stable
  replicas: 2
  port: 8321
  args: ["--port", "8321"]
  env: [{ name: INFERENCE_MODEL, value: "llama3.2:3b" }]
  resources: { requests: { cpu: "1", memory: 2Gi }, limits: { cpu: "2", memory: 4Gi } }
  nodeSelector: { node-type: spot }
  tolerations: [{ key: spot, operator: Equal, value: "true", effect: NoSchedule }]
  affinity:
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
        - weight: 100
          podAffinityTerm: { topologyKey: kubernetes.io/hostname, labelSelector: { matchLabels: { app: full } } }
  topologySpreadConstraints: [{ maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway }]
  podLabels: { team: ml }
  podAnnotations: { example.com/note: e2e }
  storage: { size: 1Gi, mountPath: /.llama }
YAML
check "Deployment full appears" eventually 30 kubectl -n "$NS" get deployment full -o name
D=deployment/full
P='{.spec.template.spec'
C="$P.containers[0]"
check "owned by the distribution (controller, blockOwnerDeletion)" is $D '{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}/{.metadata.ownerReferences[0].controller}/{.metadata.ownerReferences[0].blockOwnerDeletion}' "LlamaStackDistribution/full/true/true"
check "owner uid is the distribution's" is $D '{.metadata.ownerReferences[0].uid}' "$(jp llsd/full '{.metadata.uid}')"
check "replicas from spec.replicas" is $D '{.spec.replicas}' 2
check "selector is exactly app=full" is $D '{.spec.selector.matchLabels}' '{"app":"full"}'
check "pod labels: app, recommended, version, user's" is $D '{.spec.template.metadata.labels.app}/{.spec.template.metadata.labels.app\.kubernetes\.io/managed-by}/{.spec.template.metadata.labels.version}/{.spec.template.metadata.labels.team}' "full/llamastack-controller/stable/ml"
check "pod annotations" is $D '{.spec.template.metadata.annotations.example\.com/note}' e2e
check "container llamastack with the image" is $D "$C.name}=$C.image}" "llamastack=llamastack/distribution-ollama:0.2.0"
# The controller's variables (port, stores on the storage volume) come first, the user's after them.
check "args and env" is $D "$C.args[1]}/$C.env[0].name}=$C.env[0].value}/$C.env[1].name}=$C.env[1].value}/$C.env[4].name}=$C.env[4].value}" "8321/LLAMA_STACK_PORT=8321/LLAMA_STACK_CONFIG_DIR=/.llama/INFERENCE_MODEL=llama3.2:3b"
check "port named http" is $D "$C.ports[0].name}:$C.ports[0].containerPort}" "http:8321"
check "resources" is $D "$C.resources.requests.cpu}/$C.resources.requests.memory}/$C.resources.limits.cpu}/$C.resources.limits.memory}" "1/2Gi/2/4Gi"
check "nodeSelector and tolerations" is $D "$P.nodeSelector.node-type}/$P.tolerations[0].key}=$P.tolerations[0].value}:$P.tolerations[0].effect}" "spot/spot=true:NoSchedule"
check "affinity" is $D "$P.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight}" 100
check "topology spread gets the distribution's selector" is $D "$P.topologySpreadConstraints[0].labelSelector.matchLabels.app}" full
check "restricted pod security" is $D "$P.securityContext.runAsNonRoot}/$P.securityContext.seccompProfile.type}/$C.securityContext.allowPrivilegeEscalation}/$C.securityContext.readOnlyRootFilesystem}/$C.securityContext.capabilities.drop[0]}/$P.automountServiceAccountToken}" "true/RuntimeDefault/false/true/ALL/false"
check "probes on /v1/health at port http" is $D "$C.readinessProbe.httpGet.path}:$C.readinessProbe.httpGet.port}/$C.livenessProbe.httpGet.path}/$C.startupProbe.httpGet.path}" "/v1/health:http//v1/health//v1/health"
check "storage: a 1Gi claim per pod at /.llama, /tmp writable" is $D "$P.volumes[1].ephemeral.volumeClaimTemplate.spec.resources.requests.storage}@$C.volumeMounts[1].mountPath}/$C.volumeMounts[0].mountPath}" "1Gi@/.llama//tmp"
check "field manager llamastack-controller owns the spec" eventually 5 bash -c "kubectl -n $NS get $D --show-managed-fields -o jsonpath='{.metadata.managedFields[*].manager}' | grep -qw llamastack-controller"

echo "# status and the scale subresource"
check "status.selector is app=full" eventually 30 is llsd/full '{.status.selector}' app=full
check "status.replicas counts the pods (2)" eventually 60 is llsd/full '{.status.replicas}' 2
check "observedGeneration follows" is llsd/full '{.status.observedGeneration}' "$(jp llsd/full '{.metadata.generation}')"
check "phase is Progressing (no node can run the pods here)" eventually 30 is llsd/full '{.status.phase}' Progressing
check "conditions Available/Progressing/Degraded" is llsd/full '{.status.conditions[*].type}' "Available Progressing Degraded"
check "scale subresource reads spec, status and selector" is llsd/full '{.metadata.name}' full
check "kubectl get --subresource=scale" bash -c "[[ \$(kubectl -n $NS get llsd full --subresource=scale -o jsonpath='{.spec.replicas}/{.status.selector}') == '2/app=full' ]]"

echo "# the Deployment follows kubectl scale and kubectl patch"
kubectl -n "$NS" scale llamastackdistribution/full --replicas=3 >/dev/null
check "kubectl scale --replicas=3 → Deployment 3" eventually 10 is $D '{.spec.replicas}' 3
kubectl -n "$NS" patch llamastackdistribution full --type merge -p '{"spec":{"replicas":4}}' >/dev/null
check "kubectl patch spec.replicas 4 → Deployment 4" eventually 10 is $D '{.spec.replicas}' 4
kubectl -n "$NS" patch llamastackdistribution full --type merge -p '{"spec":{"image":"llamastack/distribution-ollama:0.2.1"}}' >/dev/null
check "an image change rolls the Deployment" eventually 10 is $D "$C.image}" llamastack/distribution-ollama:0.2.1
kubectl -n "$NS" scale deployment/full --replicas=9 >/dev/null
check "a hand edit of the Deployment is undone" eventually 15 is $D '{.spec.replicas}' 4

echo "# an HPA aimed at the distribution"
kubectl apply -f - >/dev/null <<YAML
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: full, namespace: $NS }
spec:
  scaleTargetRef: { apiVersion: llamastack.io/v1alpha1, kind: LlamaStackDistribution, name: full }
  minReplicas: 2
  maxReplicas: 5
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 80 } } }]
YAML
check "HPA reports AbleToScale=True (scale subresource and selector resolve)" eventually 90 is hpa/full '{.status.conditions[?(@.type=="AbleToScale")].status}' True
kubectl -n "$NS" delete hpa full >/dev/null

echo "# a Deployment of the same name that is not ours is refused"
kubectl -n "$NS" create deployment squatter --image=registry.example/other:1 >/dev/null
kubectl apply -f - >/dev/null <<YAML
apiVersion: llamastack.io/v1alpha1
kind: LlamaStackDistribution
metadata: { name: squatter, namespace: $NS }
spec: { image: llamastack/distribution-ollama:0.2.0, replicas: 1 }
YAML
check "phase Failed, Degraded reason DeploymentNotOwned" eventually 30 is llsd/squatter '{.status.phase}/{.status.conditions[?(@.type=="Degraded")].reason}' Failed/DeploymentNotOwned
check "the other Deployment is untouched" is deployment/squatter "$C.image}/{.metadata.ownerReferences}" "registry.example/other:1/"
check "a Warning event says why" eventually 10 bash -c "kubectl -n $NS get events --field-selector reason=DeploymentNotOwned,involvedObject.name=squatter -o name | grep -q ."

echo "# restart mid-way: changes made while the controller is down converge, nothing duplicated"
stop_controller "$C1"
check "graceful shutdown on SIGTERM released the lease" eventually 10 holder_is ""
kubectl -n "$NS" scale llamastackdistribution/full --replicas=1 >/dev/null
kubectl apply -f - >/dev/null <<YAML
apiVersion: llamastack.io/v1alpha1
kind: LlamaStackDistribution
metadata: { name: late, namespace: $NS }
spec: { image: llamastack/distribution-ollama:0.2.0, replicas: 1 }
YAML
sleep 2
check "nothing happens while it is down" is deployment/full '{.spec.replicas}' 4
start_controller e2e-2 18082
C2=$LAST_CONTROLLER
check "the new replica takes the released lease at once" eventually 10 holder_is e2e-2
check "the scale made while down is applied" eventually 30 is deployment/full '{.spec.replicas}' 1
check "the distribution made while down gets its Deployment" eventually 30 is deployment/late '{.spec.replicas}' 1
check "one managed Deployment per distribution it may own (full, late)" count_is 2

echo "# leader election: a second replica stands by; a crashed leader is replaced after the lease expires"
start_controller e2e-3 18083
C3=$LAST_CONTROLLER
check "the standby is ready" eventually 30 curl -fsS http://127.0.0.1:18083/readyz -o /dev/null
sleep 3
check "the standby does not lead" bash -c "! grep -q 'became leader' .e2e/controller-e2e-3.log"
# SIGKILL the leader's node process (not its restart loop's): no release, so the standby waits out the lease.
LEADER_NODE=$(pgrep -P "$C2" -f controller.js)
kill -STOP "$C2"
kill -KILL "$LEADER_NODE"
started=$SECONDS
check "the standby takes over within lease duration + retry" eventually 30 holder_is e2e-3
echo "    takeover after $((SECONDS - started))s"
kubectl -n "$NS" scale llamastackdistribution/late --replicas=2 >/dev/null
check "the new leader reconciles" eventually 20 is deployment/late '{.spec.replicas}' 2
kill -CONT "$C2"
stop_controller "$C2"

if [[ -n "${E2E_APISERVER_STOP:-}" && -n "${E2E_APISERVER_START:-}" ]]; then
    echo "# the API server goes away for a while and comes back"
    bash -c "$E2E_APISERVER_STOP"
    check "API server stopped" bash -c "! kubectl get --raw /readyz >/dev/null 2>&1"
    # Longer than the lease: the leader cannot renew, exits, and is restarted (as kubelet would).
    sleep 25
    bash -c "$E2E_APISERVER_START"
    check "API server back" eventually 60 bash -c "kubectl get --raw /readyz >/dev/null"
    kubectl -n "$NS" scale llamastackdistribution/late --replicas=3 >/dev/null
    check "the controller recovers and reconciles" eventually 60 is deployment/late '{.spec.replicas}' 3
    check "it lost the lease during the outage and exited (to be restarted)" grep -q "lost leadership" .e2e/controller-e2e-3.log
else
    echo "# API server outage: skipped (set E2E_APISERVER_STOP and E2E_APISERVER_START)"
fi

echo "# deleting the distribution deletes its Deployment (garbage collector)"
kubectl -n "$NS" delete llamastackdistribution full >/dev/null
check "Deployment full is gone" eventually 60 bash -c "! kubectl -n $NS get deployment full -o name 2>/dev/null | grep -q ."
check "the other one is kept" is deployment/late '{.metadata.name}' late

for n in ${E2E_BENCH:-}; do
    echo "# latency with $n distributions"
    if out=$(node_modules/.bin/ts-node --transpile-only tests/e2e/latency.ts "$n" 20); then
        echo "    $out"
        echo "$out" >>.e2e/bench.jsonl
        ok "benchmark with $n distributions"
    else
        not_ok "benchmark with $n distributions"
    fi
done

stop_controller "$C3"
tap_summary
