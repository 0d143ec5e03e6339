#!/usr/bin/env bash
# End to end: a leader paused past its deadline never writes again. Two bundled controllers with
# leader election against a real API server; the leader (A) talks to it through a recording proxy
# (tests/e2e/requestLog.ts), so every request A sends is logged, with its time, outside A.
#
#   1. A leads and creates the Deployment; B stands by.
#   2. kill -STOP A, then change the distribution: A's watch has the change waiting in its socket.
#   3. B takes the lease after the lease duration and reconciles that change and a second one.
#   4. kill -CONT A: it must notice first thing that its deadline passed, and exit; the proxy must
#      see no write (anything but GET) from A after the resume. (The build before the fence sent a
#      forced apply and a status patch here: E2E_FENCING_BUNDLE runs such a build.)
#
# Both run as the cluster admin: tests/e2e/controller.e2e.sh proves the least-privilege rules.
#
#   tests/e2e/leader-fencing.e2e.sh                 starts scripts/cluster.sh's cluster (and stops it after)
#   KUBECONFIG=... tests/e2e/leader-fencing.e2e.sh  uses a running one
#   E2E_FENCING_PORT_BASE=18090                     A's and B's health ports are BASE+1, BASE+2, the proxy BASE+3
#   E2E_FENCING_BUNDLE=path/controller.js           run another build (e.g. an older one, to see this fail)
set -uo pipefail
cd "$(dirname "$0")/../.."
STARTED_CLUSTER=""
if [[ -z "${KUBECONFIG:-}" ]]; then
    if ! scripts/cluster.sh status >/dev/null 2>&1; then
        LLAMASTACK_CLUSTER_CONTROLLER=false scripts/cluster.sh up || exit 2
        STARTED_CLUSTER=1
    fi
    eval "$(scripts/cluster.sh env)"
fi
export KUBECONFIG
if [[ -x scripts/toolchain.sh ]]; then PATH="$(scripts/toolchain.sh --bin-dir):$PATH"; fi

BASE=${E2E_FENCING_PORT_BASE:-18090}
BUNDLE=${E2E_FENCING_BUNDLE:-controller/dist/controller.js}
NS=llsd-fencing
SYSNS=llsd-fencing-system
DIR=.e2e/fencing
source tests/e2e/tap.sh
source tests/e2e/freshTier.sh
PIDS=()

is() { local got; got="$(kubectl -n "$NS" get "$1" -o jsonpath="$2" 2>&1)"; [[ "$got" == "$3" ]] || { echo "    $1 $2: got '$got', want '$3'" >&2; return 1; }; }
lease() { kubectl -n "$SYSNS" get lease llamastack-controller -o jsonpath="$1"; }
holder_is() { [[ "$(lease '{.spec.holderIdentity}')" == "$1" ]]; }
now_ms() { date +%s%3N; }
# requests_from_a SINCE_MS: A's requests the proxy received at or after SINCE_MS, one "METHOD path" a line.
requests_from_a() {
    node -e 'for (const line of require("fs").readFileSync(process.argv[2], "utf8").split("\n").filter(Boolean)) {
        const r = JSON.parse(line);
        if (r.method && r.t >= Number(process.argv[1])) console.log(`${r.method} ${r.path}`);
    }' "$1" "$DIR/a-requests.jsonl"
}
writes_from_a() { requests_from_a "$1" | grep -v '^GET ' || true; }

cleanup() {
    kill -CONT "${PID_A:-0}" 2>/dev/null
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
    kubectl delete namespace "$NS" "$SYSNS" --wait=false >/dev/null 2>&1 || true
    if [[ -n "$STARTED_CLUSTER" ]]; then scripts/cluster.sh down; fi
}
trap cleanup EXIT

echo "# setup: bundle, CRD, namespaces, A's recording proxy"
rm -rf "$DIR" && mkdir -p "$DIR"
fresh_tier "$NS" "$SYSNS" || { echo "setup failed" >&2; exit 1; }
node_modules/.bin/ts-node --transpile-only tests/e2e/requestLog.ts $((BASE + 3)) "$DIR/a-requests.jsonl" &
PIDS+=($!)
cat >"$DIR/a.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{ name: proxy, cluster: { server: "http://127.0.0.1:$((BASE + 3))" } }]
users: [{ name: a, user: {} }]
contexts: [{ name: proxy, context: { cluster: proxy, user: a, namespace: $SYSNS } }]
current-context: proxy
KUBECONFIG
eventually 30 grep -q listening "$DIR/a-requests.jsonl" || { echo "the proxy did not start" >&2; exit 1; }

# start IDENTITY HEALTH_PORT KUBECONFIG: one controller process (no restart loop: A must stay gone).
start() {
    KUBECONFIG=$3 LEADER_ELECT=true POD_NAMESPACE=$SYSNS POD_NAME=$1 HEALTH_PORT=$2 LOG_LEVEL=debug \
        node "$BUNDLE" >>"$DIR/$1.log" 2>&1 &
    PIDS+=($!)
    LAST=$!
}

echo "# A leads, B stands by"
start fence-a $((BASE + 1)) "$DIR/a.kubeconfig"
PID_A=$LAST
check "A holds the lease" eventually 30 holder_is fence-a
kubectl apply -f - >/dev/null <<YAML
apiVersion: llamastack.io/v1alpha1
kind: LlamaStackDistribution
metadata: { name: fenced, namespace: $NS }
spec: { image: llamastack/distribution-ollama:0.2.0, replicas: 1 }
YAML
check "A creates the Deployment" eventually 30 is deployment/fenced '{.spec.replicas}' 1
created_only() { requests_from_a 0 | grep -qx "POST /apis/apps/v1/namespaces/$NS/deployments?fieldManager=llamastack-controller" && ! requests_from_a 0 | grep -q "deployments/fenced?fieldManager=llamastack-controller&force=true"; }
check "... create-only: POST, no forced apply" created_only
start fence-b $((BASE + 2)) "$KUBECONFIG"
PID_B=$LAST
check "B is ready (a standby)" eventually 30 curl -fsS "http://127.0.0.1:$((BASE + 2))/readyz" -o /dev/null
transitions=$(lease '{.spec.leaseTransitions}')

# Paused in its steady state: after a renewal, which also shows that the proxy logs A's writes.
renewed() { requests_from_a 0 | grep -q "^PUT /apis/coordination.k8s.io/v1/namespaces/$SYSNS/leases/llamastack-controller$"; }
check "A renews the lease (the proxy logs the PUT)" eventually 10 renewed

echo "# A is paused; a change arrives that A would reconcile"
STOPPED_AT=$(now_ms)
kill -STOP "$PID_A"
# A cannot log while stopped: what its log has beyond this line, it wrote after resuming.
LOGGED_BEFORE=$(wc -l <"$DIR/fence-a.log")
kubectl -n "$NS" scale llamastackdistribution/fenced --replicas=2 >/dev/null
check "B takes the lease (within lease duration + retry)" eventually 30 holder_is fence-b
echo "    takeover $(( ($(now_ms) - STOPPED_AT) / 1000 )) s after the pause"
check "... one transition" eval '[[ "$(lease "{.spec.leaseTransitions}")" == "$((transitions + 1))" ]]'
check "B reconciles the change made while A was paused" eventually 20 is deployment/fenced '{.spec.replicas}' 2
kubectl -n "$NS" scale llamastackdistribution/fenced --replicas=3 >/dev/null
check "B reconciles a change made after it took over" eventually 20 is deployment/fenced '{.spec.replicas}' 3
DEPLOYMENT_GEN=$(kubectl -n "$NS" get deployment fenced -o jsonpath='{.metadata.generation}')

echo "# A resumes"
RESUMED_AT=$(now_ms)
kill -CONT "$PID_A"
check "A exits" eventually 15 bash -c "! kill -0 $PID_A 2>/dev/null"
echo "    A: $(grep -m1 '"lost leadership"' "$DIR/fence-a.log")"
# after_resume EXPR: EXPR holds for `lines`, A's log lines since it resumed (parsed), and there are some.
after_resume() {
    tail -n +"$((LOGGED_BEFORE + 1))" "$DIR/fence-a.log" | node -e '
        const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
        process.exit(lines.length > 0 && eval(process.argv[1]) ? 0 : 1);' "$1"
}
check "A noticed on waking that its renew deadline had passed" after_resume 'lines.some((l) => l.msg === "lost leadership" && l.reason === "renew deadline passed" && l.noticedLateMs > 0)'
check "... before anything else: its first line after resuming says so" after_resume 'lines[0].msg === "lost leadership"'
check "... and it reconciled nothing after" after_resume 'lines.every((l) => !["reconciled", "deployment applied", "became leader"].includes(l.msg))'
writes="$(writes_from_a "$RESUMED_AT")"
check "the proxy received no write from A after it resumed" test -z "$writes"
[[ -z "$writes" ]] || echo "$writes" | sed 's/^/    after resume: /'
echo "    A's requests after resume: $(requests_from_a "$RESUMED_AT" | wc -l)"
check "the lease is still B's, with no further transition" eval 'holder_is fence-b && [[ "$(lease "{.spec.leaseTransitions}")" == "$((transitions + 1))" ]]'
check "the Deployment is as B left it (replicas 3, same generation)" is deployment/fenced '{.spec.replicas}/{.metadata.generation}' "3/$DEPLOYMENT_GEN"
kubectl -n "$NS" scale llamastackdistribution/fenced --replicas=1 >/dev/null
check "B still leads and reconciles" eventually 20 is deployment/fenced '{.spec.replicas}' 1
kill -0 "$PID_B" 2>/dev/null || not_ok "B is still running"

tap_summary
