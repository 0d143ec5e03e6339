#!/usr/bin/env bash
# A local Kubernetes control plane for the end-to-end tier: etcd +
# kube-apiserver + kube-controller-manager, on 127.0.0.1 only, built by
# scripts/toolchain.sh. There is no kubelet, so pods are never run; but
# Deployments get ReplicaSets and Pods objects, HPAs are evaluated, service
# account tokens are issued, and CRDs, RBAC and admission all work for real.
#
# Usage:
#   scripts/cluster.sh up       start it (idempotent: does nothing if it is up)
#   scripts/cluster.sh down     stop every process and remove all state
#   scripts/cluster.sh env      print `export KUBECONFIG=...`  (eval "$(scripts/cluster.sh env)")
#   scripts/cluster.sh status   say whether it is up
#
# Settings (environment):
#   LLAMASTACK_CLUSTER_DIR   state: certificates, data, logs, pid files
#                            (default ${XDG_RUNTIME_DIR:-/tmp}/llamastack-cluster)
#   LLAMASTACK_APISERVER_PORT  default 6443
#   LLAMASTACK_ETCD_PORT       default 2379 (etcd also uses this port + 1 for peers)
#   LLAMASTACK_KCM_PORT        default 10257 (controller-manager health/metrics)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE="${LLAMASTACK_CLUSTER_DIR:-${XDG_RUNTIME_DIR:-/tmp}/llamastack-cluster}"
API_PORT="${LLAMASTACK_APISERVER_PORT:-6443}"
ETCD_PORT="${LLAMASTACK_ETCD_PORT:-2379}"
ETCD_PEER_PORT=$((ETCD_PORT + 1))
KCM_PORT="${LLAMASTACK_KCM_PORT:-10257}"
SERVICE_CIDR=10.0.0.0/16     # room for the benchmarks' fleets (a /24 runs out at ~250 Services)
KUBERNETES_SERVICE_IP=10.0.0.1   # first address of SERVICE_CIDR: the `kubernetes` Service
COMPONENTS=(etcd kube-apiserver kube-controller-manager)   # start order; stopped in reverse

log() { printf '%s\n' "$*" >&2; }
die() { log "cluster.sh: $*"; exit 1; }

# pid of a component we started, if that process still runs that binary.
running_pid() {
  local pidfile="$STATE/$1.pid" pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  # Guard against a recycled pid: the process must be the component we started.
  [[ "$(basename "$(tr '\0' '\n' <"/proc/$pid/cmdline" | head -n1)")" == "$1" ]] || return 1
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

start() { # NAME ARGS...: run a component in its own session, logging to a file.
  local name=$1
  shift
  setsid "$name" "$@" >"$STATE/$name.log" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
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
  for c in "${COMPONENTS[@]}"; do command -v "$c" >/dev/null || die "$c not found; run scripts/toolchain.sh"; done
  # Leftovers of a half-started cluster would confuse the checks below.
  if [[ -d "$STATE" ]]; then down; fi
  local p
  for p in "$API_PORT" "$ETCD_PORT" "$ETCD_PEER_PORT" "$KCM_PORT"; do
    port_free "$p" || die "port $p on 127.0.0.1 is in use (override with LLAMASTACK_*_PORT)"
  done
  mkdir -p "$STATE"
  chmod 700 "$STATE"
  touch "$STATE/.llamastack-cluster"   # marks the directory as ours, for `down`
  gen_certs
  write_kubeconfig admin admin
  write_kubeconfig controller-manager controller-manager
  local pki="$STATE/pki" t0=$SECONDS

  log "==> starting etcd on 127.0.0.1:$ETCD_PORT"
  # Plain HTTP is fine: loopback only. No fsync: the data is thrown away.
  start etcd --name llamastack --data-dir "$STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster "llamastack=http://127.0.0.1:$ETCD_PEER_PORT" \
    --listen-metrics-urls "" --unsafe-no-fsync --log-level warn
  wait_for "etcd" 30 curl -fsS "http://127.0.0.1:$ETCD_PORT/health"

  log "==> starting kube-apiserver on https://127.0.0.1:$API_PORT"
  # The requestheader/proxy-client flags make the aggregation layer work (an
  # APIService such as a metrics server could be registered), and give the
  # controller-manager the front-proxy CA it otherwise complains about.
  # --endpoint-reconciler-type=none: the `kubernetes` Service's endpoints may
  # not be a loopback address, and nothing here runs in a pod that needs them.
  start kube-apiserver --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$API_PORT" \
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
  wait_for "kube-apiserver /readyz" 90 api_get /readyz

  log "==> starting kube-controller-manager"
  # Each controller acts as its own service account, as in a real cluster, so
  # RBAC is exercised the same way.
  start kube-controller-manager --kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$STATE/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --secure-port "$KCM_PORT" --cert-dir "$STATE/kcm-certs" \
    --use-service-account-credentials=true \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/ca.crt" \
    --cluster-signing-cert-file "$pki/ca.crt" --cluster-signing-key-file "$pki/ca.key" \
    --service-cluster-ip-range "$SERVICE_CIDR" --leader-elect=false --profiling=false
  wait_for "kube-controller-manager /healthz" 60 curl -fsSk "https://127.0.0.1:$KCM_PORT/healthz"
  # Namespaces are usable once their `default` ServiceAccount exists (made by
  # the controller-manager): the first thing a workload in them needs.
  wait_for "the default ServiceAccount" 60 api_get /api/v1/namespaces/default/serviceaccounts/default

  log "==> cluster up in $((SECONDS - t0))s; kubeconfig: $STATE/admin.kubeconfig"
}

down() {
  local i c pid
  for ((i = ${#COMPONENTS[@]} - 1; i >= 0; i--)); do
    c=${COMPONENTS[i]}
    if pid="$(running_pid "$c")"; then
      kill -TERM "$pid" 2>/dev/null || true
      # Give it time to shut down cleanly, then insist.
      for _ in $(seq 1 40); do [[ -d "/proc/$pid" ]] || break; sleep 0.25; done
      if [[ -d "/proc/$pid" ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
      log "stopped $c (pid $pid)"
    fi
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
    if pid="$(running_pid "$c")"; then log "$c: running (pid $pid)"; else log "$c: not running"; up=1; fi
  done
  if [[ $up -eq 0 ]] && api_get /readyz >/dev/null 2>&1; then log "kube-apiserver: ready"; fi
  return $up
}

# Binaries come from the toolchain cache unless already on PATH.
PATH="$("$SCRIPT_DIR/toolchain.sh" --bin-dir):$PATH"

case "${1:-}" in
  up) up ;;
  down) down ;;
  env) echo "export KUBECONFIG=\"$STATE/admin.kubeconfig\"" ;;
  status) status ;;
  *) die "usage: $0 up|down|env|status" ;;
esac
