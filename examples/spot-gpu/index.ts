// A LlamaStack server on spot GPU nodes that Karpenter launches on demand, in a namespace that
// enforces restricted Pod Security and the guide's "limits at most 2x requests".
import * as pulumi from "@pulumi/pulumi";
import * as llamastack from "llamastack";

const config = new pulumi.Config();
// `pulumi config set skipAwait true` on a cluster that runs no pods (the tests' control plane).
if (config.getBoolean("skipAwait")) {
    pulumi.runtime.registerResourceTransform(llamastack.skipAwait);
}
// The cloud's node class that Karpenter launches nodes from; on AWS an EC2NodeClass.
const nodeClass = config.get("nodeClass") ?? "default";
const image = config.get("image") ?? "llamastack/distribution-meta-reference-gpu:0.2.0";

// Restricted Pod Security, a LimitRange with maxLimitRequestRatio 2, and a quota on the team's GPUs.
const namespace = new llamastack.LlamaStackNamespace("llm", {
    quota: {
        requests: { cpu: "64", memory: "256Gi" },
        limits: { cpu: "128", memory: "512Gi" },
        gpus: "8",
    },
});

// Spot GPU nodes: labelled node-type=spot, tainted spot=true:NoSchedule and nvidia.com/gpu:NoSchedule.
const pool = new llamastack.NodePool("spot-gpu", {
    nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: nodeClass },
    capacityTypes: ["spot"],
    gpu: {
        // AWS's own labels: keep GPU instance choices as requirements in the cloud's vocabulary.
        requirements: [{ key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["g5", "g6"] }],
        devicePlugin: { enabled: true },
    },
    limits: { gpus: "8" },
    disruption: { consolidationPolicy: "WhenEmpty", consolidateAfter: "10m" },
});

// Two replicas (the spot default), spread across zones, with a PodDisruptionBudget; the pool's
// selector and tolerations place them on its nodes, and the GPU toleration is not repeated.
const server = new llamastack.Distribution("my-llamastack", {
    image,
    namespace: namespace.name,
    gpu: { count: 1 },
    resources: { requests: { cpu: "4", memory: "16Gi" }, limits: { cpu: "8", memory: "32Gi" } },
    spot: { enabled: true },
    nodeSelector: pool.nodeSelector,
    tolerations: pool.tolerations,
    env: { INFERENCE_MODEL: "meta-llama/Llama-3.2-3B-Instruct" },
});

export const namespaceName = namespace.name;
export const nodePool = pool.name;
export const nodeSelector = pool.nodeSelector;
export const tolerations = pool.tolerations;
export const distribution = server.name;
export const service = server.serviceName;
