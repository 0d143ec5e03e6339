# fresh_tier NAMESPACE...: what each shell tier starts from, sourced after tap.sh (it uses
# eventually): the controller's bundle built, this package's CRD established, and the namespaces
# created anew (those of an earlier run may still be terminating).
fresh_tier() {
    npm run --silent build:controller >/dev/null &&
        kubectl apply --server-side -f crds/llamastack.io_llamastackdistributions.yaml >/dev/null &&
        kubectl wait --for condition=Established crd/llamastackdistributions.llamastack.io --timeout=60s >/dev/null &&
        eventually 120 bash -c "! kubectl get namespace $* -o name 2>/dev/null | grep -q ." || return 1
    local namespace
    for namespace in "$@"; do
        kubectl create namespace "$namespace" >/dev/null || return 1
    done
}

# sa_kubeconfig NAMESPACE SA FILE DURATION: a kubeconfig at FILE (mode 600) for the current cluster that
# authenticates as ServiceAccount SA of NAMESPACE with a token valid for DURATION (e.g. 2h), in NAMESPACE.
sa_kubeconfig() {
    local namespace=$1 sa=$2 file=$3 duration=$4 token server ca
    token="$(kubectl -n "$namespace" create token "$sa" --duration="$duration")" || return 1
    server="$(kubectl config view --raw --minify --flatten -o jsonpath='{.clusters[0].cluster.server}')"
    ca="$(kubectl config view --raw --minify --flatten -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')"
    cat >"$file" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters: [{ name: e2e, cluster: { server: "$server", certificate-authority-data: "$ca" } }]
users: [{ name: $sa, user: { token: "$token" } }]
contexts: [{ name: e2e, context: { cluster: e2e, user: $sa, namespace: $namespace } }]
current-context: e2e
KUBECONFIG
    chmod 600 "$file"
}
