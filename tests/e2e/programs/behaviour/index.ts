// Distributions for tests/e2e/behaviour.e2e.ts, deployed on the local cluster where kwok runs the
// pods: an HPA that acts on emulated CPU usage, a VPA that recommends, and three replicas behind
// the default disruption budget for a node drain.
import * as pulumi from "@pulumi/pulumi";
import * as llamastack from "llamastack";

const operator = new llamastack.LlamaStackOperator("llamastack");
const resources = { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2", memory: "2Gi" } };

// The guide's HPA with windows shortened so a test sees it act: up at once, down after 15 s.
export const hpa = new llamastack.Distribution(
    "hpa-llamastack",
    {
        image: "llamastack/distribution-ollama:0.2.0",
        resources,
        service: { type: "ClusterIP" },
        autoscaling: {
            minReplicas: 2,
            maxReplicas: 6,
            targetCPUUtilization: 50,
            behavior: {
                scaleUp: { stabilizationWindowSeconds: 0 },
                scaleDown: { stabilizationWindowSeconds: 15, policies: [{ type: "Percent", value: 100, periodSeconds: 15 }] },
            },
        },
    },
    { dependsOn: [operator] },
).hpaName;

// Recommendations only: the VPA recommender writes them, nothing is evicted.
export const vpa = new llamastack.Distribution(
    "vpa-llamastack",
    {
        image: "llamastack/distribution-ollama:0.2.0",
        replicas: 2,
        resources,
        service: { type: "ClusterIP" },
        verticalAutoscaling: { updateMode: "Off" },
    },
    { dependsOn: [operator] },
).vpaName;

// Three replicas: the package's default budget (maxUnavailable 1) guards them through a drain.
export const drain = new llamastack.Distribution(
    "drain-llamastack",
    {
        image: "llamastack/distribution-ollama:0.2.0",
        replicas: 3,
        resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
        service: { type: "ClusterIP" },
    },
    { dependsOn: [operator] },
).name;

// A team namespace whose quota allows one GPU, and a distribution that wants two: the quota
// refuses its pods, and its status says so. `pulumi up` is told not to wait for it.
const team = new llamastack.LlamaStackNamespace("quota-team", {
    quota: { requests: { cpu: "8", memory: "16Gi" }, limits: { cpu: "16", memory: "32Gi" }, gpus: "1" },
});
export const overQuotaNamespace = team.name;
export const overQuota = new llamastack.Distribution(
    "over-quota",
    {
        image: "llamastack/distribution-meta-reference-gpu:0.2.0",
        namespace: team.name,
        gpu: { count: 2 },
        resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
        service: { type: "ClusterIP" },
        annotations: { "pulumi.com/skipAwait": "true" },
    },
    { dependsOn: [operator] },
).name;

// config `unschedulable`: a distribution no node can take (its selector matches none), with a
// 20 s await timeout: `pulumi up` must fail on it instead of reporting success.
if (new pulumi.Config().getBoolean("unschedulable")) {
    new llamastack.Distribution(
        "stuck-llamastack",
        {
            image: "llamastack/distribution-ollama:0.2.0",
            resources,
            nodeSelector: { "llamastack.io/no-such-node": "true" },
            service: { type: "ClusterIP" },
            annotations: { "pulumi.com/timeoutSeconds": "20" },
        },
        { dependsOn: [operator] },
    );
}
