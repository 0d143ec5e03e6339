#!/usr/bin/env bash
# Smoke test of the end-to-end toolchain: the real Pulumi CLI, our Node.js
# language host and the real Kubernetes provider deploy to the local control
# plane, with a file backend and no network except the npm registry (for the
# throwaway project's `npm install`).
#
#   scripts/smoke.sh
#
# Starts the cluster if it is not up (and then stops it again at the end),
# builds the toolchain if needed, and prints the time of each step.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
eval "$("$SCRIPT_DIR/toolchain.sh")"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/llamastack-smoke.XXXXXX")"
STARTED_CLUSTER=0
cleanup() {
  local rc=$?
  if [[ $rc -ne 0 ]]; then echo "smoke: FAILED (rc=$rc); project kept in $WORK" >&2; fi
  if [[ $STARTED_CLUSTER -eq 1 ]]; then "$SCRIPT_DIR/cluster.sh" down; fi
  if [[ $rc -eq 0 ]]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT

declare -a TIMINGS=()
step() { # NAME COMMAND...: run and time one step.
  local name=$1 t0=$SECONDS
  shift
  echo "==> $name" >&2
  "$@"
  TIMINGS+=("$(printf '%-34s %4ss' "$name" $((SECONDS - t0)))")
}

if ! "$SCRIPT_DIR/cluster.sh" status >/dev/null 2>&1; then
  step "cluster up" "$SCRIPT_DIR/cluster.sh" up
  STARTED_CLUSTER=1
fi
eval "$("$SCRIPT_DIR/cluster.sh" env)"

# Keep this run's stacks out of the repository's state directory.
export LLAMASTACK_PULUMI_STATE_DIR="$WORK/state"
# shellcheck source=scripts/pulumi-env.sh
source "$SCRIPT_DIR/pulumi-env.sh"

PROJECT="$WORK/project"
mkdir -p "$PROJECT"
cd "$PROJECT"

cat >Pulumi.yaml <<'EOF'
name: llamastack-smoke
runtime: nodejs
description: Toolchain smoke test (throwaway)
EOF

# @pulumi/pulumi 3.250+ needs Node >= 22; the npm package `node` provides it as
# a real binary in node_modules/.bin, which goes first on PATH below so that
# the language host runs it.
cat >package.json <<'EOF'
{
  "name": "llamastack-smoke",
  "private": true,
  "main": "index.ts",
  "dependencies": {
    "@pulumi/kubernetes": "4.25.0",
    "@pulumi/pulumi": "3.270.0",
    "node": "22",
    "typescript": "5.9.3"
  },
  "devDependencies": {
    "@types/node": "22"
  }
}
EOF

cat >tsconfig.json <<'EOF'
{
  "compilerOptions": {
    "strict": true,
    "target": "es2022",
    "module": "commonjs",
    "moduleResolution": "node",
    "skipLibCheck": true
  },
  "files": ["index.ts"]
}
EOF

# The run's own label, so leftovers of other runs in the cluster don't count.
RUN_ID="$(basename "$WORK" | tr 'A-Z.' 'a-z-')"
cat >index.ts <<EOF
import * as k8s from "@pulumi/kubernetes";

const labels = { app: "smoke", run: "$RUN_ID" };

const config = new k8s.core.v1.ConfigMap("smoke-config", {
    data: { greeting: "hello from pulumi" },
});

// No kubelet runs here, so pods never become ready: skip the provider's
// readiness wait. kube-controller-manager still makes the ReplicaSet and Pods.
const deployment = new k8s.apps.v1.Deployment("smoke", {
    metadata: { annotations: { "pulumi.com/skipAwait": "true" } },
    spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
            metadata: { labels },
            spec: {
                containers: [{
                    name: "app",
                    image: "registry.invalid/smoke:1.0",
                    envFrom: [{ configMapRef: { name: config.metadata.name } }],
                }],
            },
        },
    },
});

export const configMapName = config.metadata.name;
export const deploymentName = deployment.metadata.name;
EOF

step "npm install" npm install --no-audit --no-fund --loglevel=error

# A CrossGuard policy pack, run by `pulumi preview --policy-pack` through the
# language host's RunPlugin: one mandatory policy that passes, and one advisory
# policy that always reports, so the output proves the pack really ran.
POLICY="$WORK/policy"
mkdir -p "$POLICY"
cat >"$POLICY/PulumiPolicy.yaml" <<'EOF'
runtime: nodejs
description: Toolchain smoke test policy pack
EOF
cat >"$POLICY/package.json" <<'EOF'
{
  "name": "llamastack-smoke-policy",
  "version": "0.1.0",
  "private": true,
  "main": "index.ts",
  "dependencies": {
    "@pulumi/policy": "1.21.0",
    "@pulumi/pulumi": "3.270.0",
    "typescript": "5.9.3"
  }
}
EOF
cp tsconfig.json "$POLICY/tsconfig.json"
cat >"$POLICY/index.ts" <<'EOF'
import { PolicyPack } from "@pulumi/policy";

new PolicyPack("smoke-policy", {
    policies: [
        {
            name: "smoke-max-replicas",
            description: "Deployments have at most 3 replicas.",
            enforcementLevel: "mandatory",
            validateResource: (args, reportViolation) => {
                if (args.type === "kubernetes:apps/v1:Deployment" && (args.props.spec?.replicas ?? 1) > 3) {
                    reportViolation(`${args.props.spec.replicas} replicas is more than 3`);
                }
            },
        },
        {
            name: "smoke-policy-ran",
            description: "Reports every ConfigMap, to show the pack ran.",
            enforcementLevel: "advisory",
            validateResource: (args, reportViolation) => {
                if (args.type === "kubernetes:core/v1:ConfigMap") {
                    reportViolation("policy pack saw the ConfigMap");
                }
            },
        },
    ],
});
EOF
step "npm install (policy pack)" npm install --prefix "$POLICY" --no-audit --no-fund --loglevel=error
export PATH="$PROJECT/node_modules/.bin:$PATH"
echo "node: $(command -v node) $(node --version); pulumi: $(command -v pulumi) $(pulumi version)" >&2

step "pulumi stack init" pulumi stack init smoke --non-interactive
step "pulumi up" pulumi up --yes --skip-preview --non-interactive

CM="$(pulumi stack output configMapName)"
DEPLOY="$(pulumi stack output deploymentName)"
check_objects() {
  [[ "$(kubectl get configmap "$CM" -o jsonpath='{.data.greeting}')" == "hello from pulumi" ]]
  [[ "$(kubectl get deployment "$DEPLOY" -o jsonpath='{.spec.replicas}')" == 2 ]]
  # kube-controller-manager acted: a ReplicaSet for the Deployment, and its 2 Pods.
  local _
  for _ in $(seq 1 60); do
    if [[ "$(kubectl get pods -l run="$RUN_ID" -o name | wc -l)" -eq 2 ]]; then break; fi
    sleep 0.5
  done
  [[ -n "$(kubectl get replicasets -l run="$RUN_ID" -o name)" ]]
  [[ "$(kubectl get pods -l run="$RUN_ID" -o name | wc -l)" -eq 2 ]]
  kubectl get replicaset,pod -l run="$RUN_ID" >&2 || true
}
step "kubectl checks" check_objects

step "pulumi preview --expect-no-changes" pulumi preview --expect-no-changes --non-interactive

preview_with_policy() {
  local out
  out="$(pulumi preview --non-interactive --policy-pack "$POLICY" 2>&1)" || { echo "$out" >&2; return 1; }
  echo "$out" >&2
  grep -q "policy pack saw the ConfigMap" <<<"$out"
}
step "pulumi preview --policy-pack" preview_with_policy
step "pulumi destroy" pulumi destroy --yes --non-interactive --skip-preview

check_gone() {
  if kubectl get configmap "$CM" >/dev/null 2>&1; then echo "configmap $CM still exists" >&2; return 1; fi
  if kubectl get deployment "$DEPLOY" >/dev/null 2>&1; then echo "deployment $DEPLOY still exists" >&2; return 1; fi
}
step "kubectl checks after destroy" check_gone
step "pulumi stack rm" pulumi stack rm --yes --non-interactive smoke

echo "smoke: PASSED" >&2
printf '  %s\n' "${TIMINGS[@]}" >&2
