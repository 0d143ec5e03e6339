#!/usr/bin/env bash
# A local Kubernetes cluster where pods "run", for the quickstart and the end-to-end tier, on
# 127.0.0.1 only, every part built from Go modules by scripts/toolchain.sh:
#
#   real:      etcd, kube-apiserver, kube-controller-manager (Deployments, ReplicaSets, the HPA,
#              EndpointSlices, disruption budgets, garbage collection), kube-scheduler,
#              metrics-server (the aggregated metrics.k8s.io API), Karpenter with its kwok cloud
#              provider, the VPA recommender, cert-manager's controllers (SelfSigned and CA
#              issuers; its CRDs applied), and the llamastack controller (a host process)
#   simulated: kwok keeps the nodes Ready and moves pods through their lifecycle (bound by the
#              scheduler → Running and Ready → deleted); it runs no container. CPU and memory
#              usage are emulated: per pod from the annotations kwok.x-k8s.io/usage-cpu and
#              kwok.x-k8s.io/usage-memory (default 1m / 1Mi), served as kubelet resource metrics.
#
# Four static CPU nodes (two per zone, zone-a and zone-b) are made on `up`, so a plain
# distribution runs without Karpenter; Karpenter makes more from NodePools (instance types:
# scripts/cluster/instance-types.json, with GPU, spot and on-demand offerings in both zones).
#
# Usage:
#   scripts/cluster.sh up       start it (idempotent: does nothing if it is up)
#   scripts/cluster.sh down     stop every process and remove all state
#   scripts/cluster.sh env      print `export KUBECONFIG=...`  (eval "$(scripts/cluster.sh env)")
#   scripts/cluster.sh status   say whether each part is up
#   scripts/cluster.sh stop llamastack-controller   stop one part (a test that runs its own)
#
# Settings (environment):
#   LLAMASTACK_CLUSTER_DIR   state: certificates, data, logs, pid files
#                            (default ${XDG_RUNTIME_DIR:-/tmp}/llamastack-cluster)
#   LLAMASTACK_APISERVER_PORT       default 6443
#   LLAMASTACK_ETCD_PORT            default 2379 (etcd also uses this port + 1 for peers)
#   LLAMASTACK_KCM_PORT             default 10257 (controller-manager health)
#   LLAMASTACK_SCHEDULER_PORT       default 10259 (scheduler health)
#   LLAMASTACK_KWOK_PORT            default 10247 (kwok: the nodes' "kubelet" endpoint)
#   LLAMASTACK_METRICS_SERVER_PORT  default 10251 (metrics-server behind the API server)
#   LLAMASTACK_KARPENTER_PORT       default 10261 (metrics; health on this port + 1)
#   LLAMASTACK_VPA_PORT             default 10263 (VPA recommender metrics)
#   LLAMASTACK_CERT_MANAGER_PORT    default 10267 (cert-manager metrics; liveness on this port + 1)
#   LLAMASTACK_CONTROLLER_PORT      default 10265 (llamastack controller health)
#   LLAMASTACK_CLUSTER_CONTROLLER   "false": do not run the llamastack controller beside the
#                                   cluster (a test that runs its own)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${LLAMASTACK_CLUSTER_DIR:-${XDG_RUNTIME_DIR:-/tmp}/llamastack-cluster}"
API_PORT="${LLAMASTACK_APISERVER_PORT:-6443}"
ETCD_PORT="${LLAMASTACK_ETCD_PORT:-2379}"
ETCD_PEER_PORT=$((ETCD_PORT + 1))
KCM_PORT="${LLAMASTACK_KCM_PORT:-10257}"
SCHEDULER_PORT="${LLAMASTACK_SCHEDULER_PORT:-10259}"
KWOK_PORT="${LLAMASTACK_KWOK_PORT:-10247}"
METRICS_SERVER_PORT="${LLAMASTACK_METRICS_SERVER_PORT:-10251}"
KARPENTER_PORT="${LLAMASTACK_KARPENTER_PORT:-10261}"
VPA_PORT="${LLAMASTACK_VPA_PORT:-10263}"
CERT_MANAGER_PORT="${LLAMASTACK_CERT_MANAGER_PORT:-10267}"
CONTROLLER_PORT="${LLAMASTACK_CONTROLLER_PORT:-10265}"
SERVICE_CIDR=10.0.0.0/16     # room for the benchmarks' fleets (a /24 runs out at ~250 Services)
KUBERNETES_SERVICE_IP=10.0.0.1   # first address of SERVICE_CIDR: the `kubernetes` Service
POD_CIDR=10.244.0.1/16       # kwok's pod addresses; apart from SERVICE_CIDR
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"
CLUSTER_FILES="$SCRIPT_DIR/cluster"
# Start order; stopped in reverse. Each name is also the executable that `running_pid` checks.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok metrics-server
  karpenter-kwok vpa-recommender cert-manager-controller llamastack-controller)

log() { printf '%s\n' "$*" >&2; }
die() { log "cluster.sh: $*"; exit 1; }

# pid of a component we started, if that process still runs the executable it was started with.
running_pid() {
  local pidfile="$STATE/$1.pid" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  # Guard against a recycled pid: the process must be the component we started (NAME.exe
  # names its executable when that is not NAME itself).
  local exe="$1"
  [[ -f "$STATE/$1.exe" ]] && exe="$(cat "$STATE/$1.exe")"
  [[ "$(basename "$(tr '\0' '\n' <"/proc/$pid/cmdline" | head -n1)")" == "$exe" ]] || return 1
  echo "$pid"
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for DESCRIPTION SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
  local what=$1 timeout=$2 i
  shift 2
  for ((i = 0; i < timeout * 4; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.25
  done
  die "timed out after ${timeout}s waiting for $what (logs: $STATE/*.log)"
}

# wait_up NAME SECONDS COMMAND...: like wait_for, but names the component and its log, and
# stops early when the component's process has exited.
wait_up() {
  local name=$1 timeout=$2 i
  shift 2
  for ((i = 0; i < timeout * 4; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    if ! running_pid "$name" >/dev/null; then
      tail -n 20 "$STATE/$name.log" >&2 || true
      die "$name exited while starting; log: $STATE/$name.log"
    fi
    sleep 0.25
  done
  tail -n 20 "$STATE/$name.log" >&2 || true
  die "$name did not come up within ${timeout}s; log: $STATE/$name.log"
}

gen_certs() {
  local d="$STATE/pki"
  [[ -f "$d/admin.crt" ]] && return
  mkdir -p "$d"
  log "==> generating certificates in $d"
  (
    cd "$d"
    umask 077
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -keyout ca.key -out ca.crt \
      -subj "/CN=llamastack-local-ca" 2>/dev/null
    # sign NAME SUBJECT [SANS]: a key and a CA-signed certificate (server or client).
    sign() {
      local ext="extendedKeyUsage=clientAuth"
      [[ -n "${3:-}" ]] && ext="extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$3"
      openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
      openssl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
        -out "$1.crt" -extfile <(printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n%s\n' "$ext") 2>/dev/null
      rm -f "$1.csr"
    }
    sign apiserver "/CN=kube-apiserver" \
      "IP:127.0.0.1,DNS:localhost,IP:$KUBERNETES_SERVICE_IP,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
    # O=system:masters: the built-in superuser group.
    sign admin "/O=system:masters/CN=admin"
    # The user name that the built-in RBAC policy grants the controller-manager's rights to.
    sign controller-manager "/CN=system:kube-controller-manager"
    # The user name that the built-in RBAC policy grants the scheduler's rights to.
    sign scheduler "/CN=system:kube-scheduler"
    # The API server's identity towards aggregated API servers (front proxy).
    sign front-proxy-client "/CN=front-proxy-client"
    # Service account tokens: kube-apiserver signs and verifies, the controller-manager signs too.
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
  )
}

write_kubeconfig() { # NAME CLIENT-CERT-NAME
  local d="$STATE/pki"
  cat >"$STATE/$1.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: llamastack-local
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority: $d/ca.crt
users:
- name: $1
  user:
    client-certificate: $d/$2.crt
    client-key: $d/$2.key
contexts:
- name: llamastack-local
  context: {cluster: llamastack-local, user: $1, namespace: default}
current-context: llamastack-local
EOF
  chmod 600 "$STATE/$1.kubeconfig"
}

start() { # NAME EXECUTABLE ARGS...: run a component in its own session, logging to a file.
  local name=$1 exe=$2
  shift 2
  setsid "$exe" "$@" >"$STATE/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
  [[ "$(basename "$exe")" == "$name" ]] || basename "$exe" >"$STATE/$name.exe"
}

api_get() { # PATH: GET from the API server as admin.
  curl -fsS --max-time 5 --cacert "$STATE/pki/ca.crt" --cert "$STATE/pki/admin.crt" \
    --key "$STATE/pki/admin.key" "https://127.0.0.1:$API_PORT$1"
}

up() {
  if running_pid kube-apiserver >/dev/null; then
    log "cluster already up (state: $STATE)"
    return
  fi
  local c
  for c in etcd kube-apiserver kube-controller-manager kube-scheduler kubectl kwok metrics-server \
    karpenter-kwok vpa-recommender cert-manager-controller; do
    command -v "$c" >/dev/null || die "$c not found; run scripts/toolchain.sh"
  done
  [[ -d "$SHARE_DIR/kwok" && -d "$SHARE_DIR/crds" ]] || die "$SHARE_DIR lacks kwok/ or crds/; run scripts/toolchain.sh"
  [[ -f "$SHARE_DIR/crds/cert-manager.io_certificates.yaml" ]] ||
    die "$SHARE_DIR/crds lacks cert-manager's CRDs; run scripts/toolchain.sh"
  if [[ "${LLAMASTACK_CLUSTER_CONTROLLER:-}" != false && ! -f "$REPO/controller/dist/controller.js" ]]; then
    die "llamastack-controller: $REPO/controller/dist/controller.js is missing; run npm run build"
  fi
  # Leftovers of a half-started cluster would confuse the checks below.
  if [[ -d "$STATE" ]]; then down; fi
  local entry
  for entry in "kube-apiserver $API_PORT LLAMASTACK_APISERVER_PORT" "etcd $ETCD_PORT LLAMASTACK_ETCD_PORT" \
    "etcd(peers) $ETCD_PEER_PORT LLAMASTACK_ETCD_PORT" "kube-controller-manager $KCM_PORT LLAMASTACK_KCM_PORT" \
    "kube-scheduler $SCHEDULER_PORT LLAMASTACK_SCHEDULER_PORT" "kwok $KWOK_PORT LLAMASTACK_KWOK_PORT" \
    "metrics-server $METRICS_SERVER_PORT LLAMASTACK_METRICS_SERVER_PORT" \
    "karpenter-kwok $KARPENTER_PORT LLAMASTACK_KARPENTER_PORT" \
    "karpenter-kwok(health) $((KARPENTER_PORT + 1)) LLAMASTACK_KARPENTER_PORT" \
    "vpa-recommender $VPA_PORT LLAMASTACK_VPA_PORT" \
    "cert-manager-controller $CERT_MANAGER_PORT LLAMASTACK_CERT_MANAGER_PORT" \
    "cert-manager-controller(health) $((CERT_MANAGER_PORT + 1)) LLAMASTACK_CERT_MANAGER_PORT" \
    "llamastack-controller $CONTROLLER_PORT LLAMASTACK_CONTROLLER_PORT"; do
    read -r c p var <<<"$entry"
    port_free "$p" || die "$c: port $p on 127.0.0.1 is in use (choose another with $var)"
  done
  mkdir -p "$STATE"
  chmod 700 "$STATE"
  touch "$STATE/.llamastack-cluster"   # marks the directory as ours, for `down`
  gen_certs
  write_kubeconfig admin admin
  write_kubeconfig controller-manager controller-manager
  write_kubeconfig scheduler scheduler
  local pki="$STATE/pki" t0=$SECONDS
  export KUBECONFIG="$STATE/admin.kubeconfig"

  log "==> starting etcd on 127.0.0.1:$ETCD_PORT"
  # Plain HTTP is fine: loopback only. No fsync: the data is thrown away.
  start etcd "$(command -v etcd)" --name llamastack --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "llamastack=http://127.0.0.1:$ETCD_PEER_PORT" \
    --listen-metrics-urls "" --unsafe-no-fsync --log-level warn
  wait_up etcd 30 curl -fsS "http://127.0.0.1:$ETCD_PORT/health"

  log "==> starting kube-apiserver on https://127.0.0.1:$API_PORT"
  # The requestheader/proxy-client flags make the aggregation layer work (metrics-server's
  # metrics.k8s.io below). --endpoint-reconciler-type=none: the `kubernetes` Service's
  # endpoints may not be a loopback address, and nothing here runs in a pod that needs them.
  start kube-apiserver "$(command -v kube-apiserver)" --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
    --etcd-servers "http://127.0.0.1:$ETCD_PORT" \
    --client-ca-file "$pki/ca.crt" --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --authorization-mode Node,RBAC \
    --endpoint-reconciler-type none --allow-privileged=true --profiling=false \
    --cert-dir "$STATE/apiserver-certs" \
    --requestheader-client-ca-file "$pki/ca.crt" --requestheader-allowed-names front-proxy-client \
    --requestheader-username-headers X-Remote-User --requestheader-group-headers X-Remote-Group \
    --requestheader-extra-headers-prefix X-Remote-Extra- \
    --proxy-client-cert-file "$pki/front-proxy-client.crt" --proxy-client-key-file "$pki/front-proxy-client.key"
  wait_up kube-apiserver 90 api_get /readyz

  log "==> starting kube-controller-manager and kube-scheduler"
  # Each controller acts as its own service account, as in a real cluster, so
  # RBAC is exercised the same way. The HPA looks at metrics every 5 s (15 s by default) so
  # that tests see it act sooner; its decisions are the real controller's.
  start kube-controller-manager "$(command -v kube-controller-manager)" --kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --cert-dir "$STATE/kcm-certs" \
    --use-service-account-credentials=true \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --leader-elect=false --profiling=false \
    --horizontal-pod-autoscaler-sync-period 5s
  start kube-scheduler "$(command -v kube-scheduler)" --kubeconfig "$STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig "$STATE/scheduler.kubeconfig" \
    --authorization-kubeconfig "$STATE/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$SCHEDULER_PORT" --cert-dir "$STATE/scheduler-certs" \
    --leader-elect=false --profiling=false
  wait_up kube-controller-manager 60 curl -fsSk "https://127.0.0.1:$KCM_PORT/healthz"
  wait_up kube-scheduler 60 curl -fsSk "https://127.0.0.1:$SCHEDULER_PORT/healthz"
  # Namespaces are usable once their `default` ServiceAccount exists (made by
  # the controller-manager): the first thing a workload in them needs.
  wait_for "the default ServiceAccount" 60 api_get /api/v1/namespaces/default/serviceaccounts/default

  log "==> starting kwok (simulated nodes and pods) on 127.0.0.1:$KWOK_PORT"
  # Only nodes annotated kwok.x-k8s.io/node=fake are kwok's (ours below, and Karpenter's).
  # A node lease every 10 s keeps them Ready for the node lifecycle controller.
  local configs=() f
  for f in "$SHARE_DIR"/kwok/*.yaml; do configs+=(--config "$f"); done
  mkdir -p "$STATE/kwok"
  KWOK_WORKDIR="$STATE/kwok" start kwok "$(command -v kwok)" --kubeconfig "$STATE/admin.kubeconfig" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    "${configs[@]}" --cidr "$POD_CIDR" --node-ip 127.0.0.1 --node-port "$KWOK_PORT" \
    --server-address "127.0.0.1:$KWOK_PORT" --node-lease-duration-seconds 40
  wait_up kwok 60 curl -fsS "http://127.0.0.1:$KWOK_PORT/healthz"
  kubectl apply -f "$CLUSTER_FILES/nodes.yaml" >/dev/null
  wait_for "the static nodes to be Ready" 60 kubectl wait --for condition=Ready node -l llamastack.io/static-node=true --timeout 1s

  log "==> starting metrics-server (metrics.k8s.io) on 127.0.0.1:$METRICS_SERVER_PORT"
  # kwok serves every node's resource metrics on one port, at the path in each node's
  # metrics.k8s.io/resource-metrics-path annotation.
  start metrics-server "$(command -v metrics-server)" --kubeconfig "$STATE/admin.kubeconfig" \
    --authentication-kubeconfig "$STATE/admin.kubeconfig" --authorization-kubeconfig "$STATE/admin.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$METRICS_SERVER_PORT" --cert-dir "$STATE/metrics-server-certs" \
    --kubelet-preferred-address-types InternalIP --kubelet-use-node-status-port --kubelet-insecure-tls \
    --metric-resolution 15s
  wait_up metrics-server 60 curl -fsSk "https://127.0.0.1:$METRICS_SERVER_PORT/livez"
  sed "s/METRICS_SERVER_PORT/$METRICS_SERVER_PORT/" "$CLUSTER_FILES/metrics-apiservice.yaml" | kubectl apply -f - >/dev/null

  log "==> starting Karpenter (kwok provider), the VPA recommender and cert-manager's controllers"
  # Karpenter's, the VPA's and cert-manager's CRDs.
  kubectl apply --server-side -f "$SHARE_DIR/crds/" >/dev/null
  kubectl wait --for condition=established --timeout 60s crd --all >/dev/null
  # Batches of pending pods close after 200 ms idle (1 s by default) for quicker tests.
  KUBECONFIG="$STATE/admin.kubeconfig" DISABLE_LEADER_ELECTION=true \
    METRICS_PORT="$KARPENTER_PORT" HEALTH_PROBE_PORT="$((KARPENTER_PORT + 1))" \
    INSTANCE_TYPES_FILE_PATH="$CLUSTER_FILES/instance-types.json" \
    BATCH_IDLE_DURATION=200ms BATCH_MAX_DURATION=2s LOG_LEVEL=info \
    start karpenter-kwok "$(command -v karpenter-kwok)"
  # Recommendations every 10 s (1 min by default).
  start vpa-recommender "$(command -v vpa-recommender)" --kubeconfig "$STATE/admin.kubeconfig" \
    --recommender-interval 10s --memory-saver --address "127.0.0.1:$VPA_PORT" --v 2
  wait_up karpenter-kwok 90 curl -fsS "http://127.0.0.1:$((KARPENTER_PORT + 1))/readyz"
  # cert-manager: its certificate, certificate-request (approver, SelfSigned, CA) and issuer
  # controllers; no ACME, webhook or cainjector. ClusterIssuers read their Secrets from
  # kube-system, the stock default. Logs at 2: one line per issuance step.
  start cert-manager-controller "$(command -v cert-manager-controller)" --kubeconfig "$STATE/admin.kubeconfig" \
    --cluster-resource-namespace kube-system \
    --metrics-listen-address "127.0.0.1:$CERT_MANAGER_PORT" \
    --healthz-listen-address "127.0.0.1:$((CERT_MANAGER_PORT + 1))" --v 2
  wait_up vpa-recommender 60 curl -fsS "http://127.0.0.1:$VPA_PORT/metrics"
  wait_up cert-manager-controller 60 curl -fsS "http://127.0.0.1:$((CERT_MANAGER_PORT + 1))/livez"
  kubectl apply -f "$CLUSTER_FILES/kwok-nodeclass.yaml" >/dev/null

  if [[ "${LLAMASTACK_CLUSTER_CONTROLLER:-}" != false ]]; then
    log "==> starting the llamastack controller beside the cluster (health on 127.0.0.1:$CONTROLLER_PORT)"
    # kwok runs no containers, so the operator's in-cluster controller pod never acts here;
    # this host process is the only one reconciling.
    local node
    node="$(PATH="$REPO/node_modules/.bin:$PATH" command -v node)"
    LEADER_ELECT=false HEALTH_PORT="$CONTROLLER_PORT" KUBECONFIG="$STATE/admin.kubeconfig" \
      start llamastack-controller "$node" "$REPO/controller/dist/controller.js"
    wait_up llamastack-controller 60 curl -fsS "http://127.0.0.1:$CONTROLLER_PORT/healthz"
  fi

  # Served now; numbers follow once pods run (metrics-server leaves out nodes with zero usage,
  # and needs two scrapes, 15 s apart, for a CPU rate).
  wait_for "metrics.k8s.io" 60 kubectl get --raw /apis/metrics.k8s.io/v1beta1/nodes
  log "==> cluster up in $((SECONDS - t0))s; kubeconfig: $STATE/admin.kubeconfig"
}

stop_component() { # NAME: SIGTERM, then SIGKILL after 10 s.
  local pid
  if pid="$(running_pid "$1")"; then
    kill -TERM "$pid" 2>/dev/null || true
    # Give it time to shut down cleanly, then insist.
    for _ in $(seq 1 40); do [[ -d "/proc/$pid" ]] || break; sleep 0.25; done
    if [[ -d "/proc/$pid" ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
    log "stopped $1 (pid $pid)"
  fi
}

down() {
  local i
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
    stop_component "${COMPONENTS[i]}"
  done
  # Only remove a directory this script made.
  if [[ -d "$STATE" ]]; then
    [[ -f "$STATE/.llamastack-cluster" ]] || die "refusing to remove $STATE: not made by cluster.sh"
    rm -rf "$STATE"
  fi
}

status() {
  local c pid up=0
  for c in "${COMPONENTS[@]}"; do
    if pid="$(running_pid "$c")"; then
      log "$c: running (pid $pid)"
    else
      log "$c: not running"
      # The controller may be stopped on purpose (`stop llamastack-controller`).
      [[ $c == llamastack-controller ]] || up=1
    fi
  done
  if [[ $up -eq 0 ]] && api_get /readyz >/dev/null 2>&1; then log "kube-apiserver: ready"; fi
  return $up
}

# Binaries come from the toolchain cache unless already on PATH.
PATH="$("$SCRIPT_DIR/toolchain.sh" --bin-dir):$PATH"
SHARE_DIR="$("$SCRIPT_DIR/toolchain.sh" --share-dir)"

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) echo "export KUBECONFIG=\"$STATE/admin.kubeconfig\"" ;;
  status) status ;;
  stop)
    # One part only, e.g. `stop llamastack-controller` for a test that runs its own controllers.
    printf '%s\n' "${COMPONENTS[@]}" | grep -qx -- "${2:-}" || die "stop takes one of: ${COMPONENTS[*]}"
    stop_component "$2" ;;
  *) die "usage: $0 up|down|env|status|stop COMPONENT" ;;
esac
