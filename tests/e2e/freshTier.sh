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
