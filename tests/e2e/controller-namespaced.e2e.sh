#!/usr/bin/env bash
# End to end: the controller in its namespaced mode (LlamaStackOperator's `controller.namespaces`)
# against a real API server. It runs as a ServiceAccount holding only what LlamaStackOperator renders
# in that mode, built from the package's own functions (src/operator/servedNamespaces.ts and
# controllerDeployment.ts): a Role with the reconcile rules in the one served namespace and the lease
# Role in its own; no ClusterRole. Not part of `npm test`.
#
#   KUBECONFIG=... tests/e2e/controller-namespaced.e2e.sh   a running cluster, whose own controller
#                                                          (if any) is stopped: it would serve everything
# Optional:
#   E2E_NAMESPACED_PORT_BASE=18190   health ports BASE+1 (the namespaced controller), BASE+2 (the same
#                                    credentials without WATCH_NAMESPACES)
set -uo pipefail
cd "$(dirname "$0")/../.."
[[ -n "${KUBECONFIG:-}" ]] || { echo "set KUBECONFIG" >&2; exit 2; }
if [[ -x scripts/toolchain.sh ]]; then PATH="$(scripts/toolchain.sh --bin-dir):$PATH"; fi

SYSNS=llsd-nsd-system
SERVED=llsd-nsd-served
OTHER=llsd-nsd-other
SA=llamastack-controller
BASE=${E2E_NAMESPACED_PORT_BASE:-18190}
PORT=$((BASE + 1))
PORT_ALL=$((BASE + 2))
KCFG=.e2e/controller-namespaced.kubeconfig
mkdir -p .e2e
source tests/e2e/tap.sh
source tests/e2e/freshTier.sh
PIDS=()

# is NAMESPACE RESOURCE JSONPATH WANT
is() { local got; got="$(kubectl -n "$1" get "$2" -o jsonpath="$3" 2>&1)"; [[ "$got" == "$4" ]] || { echo "    $1 $2 $3: got '$got', want '$4'" >&2; return 1; }; }
# can_i ANSWER VERB RESOURCE [kubectl flags...]: what the API server answers for the controller's ServiceAccount.
can_i() { local want=$1 got; shift; got="$(kubectl auth can-i --as="system:serviceaccount:$SYSNS:$SA" "$@" 2>/dev/null)"; [[ "$got" == "$want" ]] || { echo "    can-i $*: got '$got', want '$want'" >&2; return 1; }; }
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    kubectl delete namespace "$SYSNS" "$SERVED" "$OTHER" --wait=false >/dev/null 2>&1 || true
}
trap cleanup EXIT

echo "# setup: CRD, namespaces, bundle"
fresh_tier "$SYSNS" "$SERVED" "$OTHER" || { echo "setup failed" >&2; exit 1; }

# The RBAC of LlamaStackOperator({ controller: { namespace: SYSNS, namespaces: [SERVED] } }).
namespaced_rbac() {
    node_modules/.bin/ts-node --transpile-only -e '
        const c = require("./src/operator/controllerDeployment");
        const s = require("./src/operator/servedNamespaces");
        const [sys, served] = process.argv.slice(1);
        const rbac = (kind, o) => ({ apiVersion: "rbac.authorization.k8s.io/v1", kind, ...o });
        const meta = { name: c.controllerName, namespace: sys };
        const subject = [{ kind: "ServiceAccount", name: c.controllerName, namespace: sys }];
        console.log(JSON.stringify({ apiVersion: "v1", kind: "List", items: [
            { apiVersion: "v1", kind: "ServiceAccount", metadata: meta },
            rbac("Role", s.buildServedRole(served)),
            rbac("RoleBinding", s.buildServedRoleBinding(served, sys)),
            rbac("Role", { metadata: meta, rules: c.buildControllerLeaseRules() }),
            rbac("RoleBinding", { metadata: meta, subjects: subject, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: c.controllerName } }),
        ] }));' "$SYSNS" "$SERVED" | kubectl apply -f - >/dev/null || return 1
    sa_kubeconfig "$SYSNS" "$SA" "$KCFG" 1h
}
namespaced_rbac || { echo "could not set up the controller's ServiceAccount" >&2; exit 1; }

echo "# what the ServiceAccount may do: its namespaces only"
check "no ClusterRoleBinding names it" bash -c "! kubectl get clusterrolebindings -o jsonpath='{range .items[*]}{.subjects}{\"\\n\"}{end}' | grep -q '\"namespace\":\"$SYSNS\"'"
check "may create Deployments in the served namespace" can_i yes create deployments -n "$SERVED"
check "may not create Deployments in the unserved one" can_i no create deployments -n "$OTHER"
check "may not patch Deployments in the unserved one" can_i no patch deployments -n "$OTHER"
check "may not create Deployments in its own namespace (not served)" can_i no create deployments -n "$SYSNS"
check "may not list distributions across the cluster" can_i no list llamastackdistributions.llamastack.io --all-namespaces
check "may not watch Deployments across the cluster" can_i no watch deployments --all-namespaces

echo "# WATCH_NAMESPACES names are checked before the controller starts"
out="$(WATCH_NAMESPACES="$SERVED,Not_A_Namespace" KUBECONFIG=$KCFG LEADER_ELECT=false HEALTH_PORT=$PORT timeout 20 node controller/dist/controller.js 2>&1)"
code=$?
check "an invalid name: it exits with 1" test "$code" = 1
check "and says which name" grep -q 'WATCH_NAMESPACES: \\"Not_A_Namespace\\" is not a namespace name' <<<"$out"

echo "# the controller, serving $SERVED"
rm -f .e2e/controller-namespaced*.log
KUBECONFIG=$KCFG WATCH_NAMESPACES=" $SERVED," LEADER_ELECT=true POD_NAMESPACE=$SYSNS POD_NAME=nsd-1 HEALTH_PORT=$PORT WORKERS=2 \
    node controller/dist/controller.js >>.e2e/controller-namespaced.log 2>&1 &
PIDS+=($!)
check "becomes ready (/readyz): its namespaced lists and watches are allowed" eventually 30 curl -fsS "http://127.0.0.1:$PORT/readyz" -o /dev/null
check "holds the lease in its own namespace" eventually 10 is "$SYSNS" lease/llamastack-controller '{.spec.holderIdentity}' nsd-1
check "logs the namespace it serves" grep -q "\"watchNamespaces\":\[\"$SERVED\"\]" .e2e/controller-namespaced.log

for ns in "$SERVED" "$OTHER"; do
    kubectl apply -f - >/dev/null <<YAML
apiVersion: llamastack.io/v1alpha1
kind: LlamaStackDistribution
metadata: { name: llama, namespace: $ns }
spec: { image: llamastack/distribution-ollama:0.2.0, replicas: 2 }
YAML
done
check "the served namespace's distribution becomes a Deployment" eventually 30 is "$SERVED" deployment/llama '{.spec.replicas}/{.metadata.ownerReferences[0].kind}' "2/LlamaStackDistribution"
check "and gets its status" eventually 30 is "$SERVED" llsd/llama '{.status.selector}' app=llama
kubectl -n "$SERVED" scale llsd/llama --replicas=3 >/dev/null
check "it follows kubectl scale there" eventually 15 is "$SERVED" deployment/llama '{.spec.replicas}' 3
sleep 3
check "the unserved namespace's distribution gets no Deployment" bash -c "! kubectl -n $OTHER get deployment llama -o name 2>/dev/null | grep -q ."
check "and no status" is "$OTHER" llsd/llama '{.status}' ""
check "no request of the controller was refused (no 403 in its log)" bash -c "! grep -qiE 'forbidden|\"status\":403| 403' .e2e/controller-namespaced.log"

echo "# the same credentials without WATCH_NAMESPACES: the cluster-wide watch is refused"
KUBECONFIG=$KCFG LEADER_ELECT=false POD_NAMESPACE=$SYSNS HEALTH_PORT=$PORT_ALL WORKERS=1 node controller/dist/controller.js >>.e2e/controller-namespaced-all.log 2>&1 &
PIDS+=($!)
check "it lists and is refused" eventually 20 grep -qi "forbidden" .e2e/controller-namespaced-all.log
check "it never becomes ready" bash -c "! curl -fsS http://127.0.0.1:$PORT_ALL/readyz -o /dev/null 2>/dev/null"
check "and the unserved distribution still has no Deployment" bash -c "! kubectl -n $OTHER get deployment llama -o name 2>/dev/null | grep -q ."

tap_summary
