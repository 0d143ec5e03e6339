#!/usr/bin/env bash
# The README's main command: deploy the quickstart with `pulumi up`.
# With a kubeconfig (KUBECONFIG or ~/.kube/config) it deploys to that cluster; otherwise it starts
# the local control plane (built from Go modules on first use) and deploys there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '==> %s\n' "$*" >&2; }

if [[ ! -x node_modules/.bin/node ]]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
# @pulumi/pulumi needs Node.js 22; the npm package `node` provides it for every child process.
export PATH="$PWD/node_modules/.bin:$PATH"
say "building the package"
npm run --silent build

# Only what is missing is built: a Pulumi CLI on PATH (new enough, with its Node.js host) is used
# as it is, and a kubeconfig means no local cluster (see `scripts/toolchain.sh --plan quickstart`).
say "building the toolchain where missing (first time only: Pulumi, its Kubernetes provider, a control plane)"
scripts/toolchain.sh --plan quickstart | while read -r comp action why; do
  say "  $comp: $action ($why)"
done
eval "$(scripts/toolchain.sh --for quickstart)"

if [[ -n "${KUBECONFIG:-}" || -f "$HOME/.kube/config" ]]; then
  say "deploying to the cluster of your kubeconfig ($(kubectl config current-context 2>/dev/null || echo '?'))"
  local_cluster=false
else
  say "no kubeconfig: starting the local control plane (stop it with: scripts/cluster.sh down)"
  scripts/cluster.sh up
  eval "$(scripts/cluster.sh env)"
  local_cluster=true
fi

# shellcheck source=scripts/pulumi-env.sh
source scripts/pulumi-env.sh
pulumi stack select --create quickstart >/dev/null
# The local cluster has no load balancer: the quickstart then does not wait for the Service's
# address (it still waits until the distribution is serving).
pulumi config rm skipAwait --stack quickstart >/dev/null 2>&1 || true
pulumi config set localCluster "$local_cluster" --stack quickstart
pulumi up --yes --stack quickstart
if command -v kubectl >/dev/null; then
  kubectl get llamastackdistribution my-llamastack -n default
  kubectl get pods -l app=my-llamastack -n default -o wide
fi

cat <<TXT

The quickstart is deployed. Look at it with the guide's commands:

  eval "\$(scripts/toolchain.sh --for quickstart)"; source scripts/pulumi-env.sh    # kubectl and pulumi on PATH
  export KUBECONFIG=${KUBECONFIG:-$HOME/.kube/config}
  kubectl get llamastackdistributions           # or: kubectl get llsd
  kubectl describe llsd my-llamastack
  kubectl get service my-llamastack
  kubectl patch llamastackdistribution my-llamastack --type=merge -p '{"spec":{"replicas":3}}'
  kubectl scale llamastackdistribution my-llamastack --replicas=4
  kubectl get pods -l app=my-llamastack -o wide  # the pods follow, on the cluster's nodes
  kubectl top pods -l app=my-llamastack         # about a minute after the pods start

Pulumi state is in .pulumi-state/.$( $local_cluster && printf '%s' "
The local cluster's nodes and pods are simulated by kwok: pods are scheduled, Running and Ready,
but no container runs, and CPU and memory usage are emulated (set them per pod with the
annotations kwok.x-k8s.io/usage-cpu and kwok.x-k8s.io/usage-memory). The API server, scheduler,
controllers, HPA, metrics pipeline, Karpenter and the llamastack controller are real.")
Remove it all: pulumi destroy --yes --stack quickstart$( $local_cluster && echo " && scripts/cluster.sh down")
TXT
