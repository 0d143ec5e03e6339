// GPU and spot capacity on the local cluster: our NodePools, turned into (kwok) nodes by Karpenter's
// kwok provider from scripts/cluster/instance-types.json, for tests/e2e/karpenter.e2e.ts.
//
// config `gpuInstanceType`: the one instance type the GPU pools may use (gpu-1x offers spot and
//   on-demand; gpu-8x-on-demand-only offers no spot capacity)
// config `fallbackToOnDemand`: the GPU distribution's spot.fallbackToOnDemand; with it, a pool of
//   both capacity types, without it a spot-only pool
import * as pulumi from "@pulumi/pulumi";
import * as llamastack from "llamastack";

const config = new pulumi.Config();
const gpuInstanceType = config.require("gpuInstanceType");
const fallbackToOnDemand = config.requireBoolean("fallbackToOnDemand");
// When no node can come, the test looks at why the pods stay Pending instead of `pulumi up` waiting.
const expectPending = config.getBoolean("expectPending") ?? false;

const operator = new llamastack.LlamaStackOperator("llamastack");
const nodeClassRef = { group: "karpenter.kwok.sh", kind: "KWOKNodeClass", name: "default" };

const pool = new llamastack.NodePool("gpu", {
    nodeClassRef,
    capacityTypes: fallbackToOnDemand ? ["spot", "on-demand"] : ["spot"],
    gpu: {},
    requirements: [{ key: "node.kubernetes.io/instance-type", operator: "In", values: [gpuInstanceType] }],
    limits: { gpus: "16" },
    disruption: { consolidationPolicy: "WhenEmpty", consolidateAfter: "10m" },
});

const gpu = new llamastack.Distribution(
    "gpu-llamastack",
    {
        image: "llamastack/distribution-meta-reference-gpu:0.2.0",
        gpu: { count: 1 },
        resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
        replicas: 2,
        spot: { enabled: true, fallbackToOnDemand, nodeSelector: fallbackToOnDemand ? pool.spotNodeSelector : undefined },
        nodeSelector: pool.nodeSelector,
        tolerations: pool.tolerations,
        service: { type: "ClusterIP" },
        annotations: expectPending ? { "pulumi.com/skipAwait": "true" } : {},
    },
    { dependsOn: [operator, pool] },
);

// No GPU: it must never land on a GPU node (it does not tolerate their taint).
const cpu = new llamastack.Distribution(
    "cpu-llamastack",
    {
        image: "llamastack/distribution-ollama:0.2.0",
        replicas: 2,
        resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "1", memory: "2Gi" } },
        service: { type: "ClusterIP" },
    },
    { dependsOn: [operator] },
);

export const nodePool = pool.name;
export const gpuDistribution = gpu.name;
export const cpuDistribution = cpu.name;
