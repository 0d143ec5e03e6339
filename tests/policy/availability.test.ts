import { strict as assert } from "assert";
import { disruptionBudgetRequired, spotMinReplicas } from "../../policy/availability";
import { gpuToleratesNodePoolTaint } from "../../policy/nodepools";
import { container, deployment, distribution, hpa, nodePool, pdb } from "./fixtures";
import { unknownObject, unknownString, urnOf, validateStack } from "./harness";

const spot = { nodeSelector: { "node-type": "spot" }, tolerations: [{ key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }] };

describe("policy disruption-budget-required", () => {
    it("flags a replicated distribution without a PodDisruptionBudget, naming its pod labels", async () => {
        const cr = distribution("llamastack-blue", { replicas: 3, version: "v1.0" });
        assert.deepEqual(await validateStack(disruptionBudgetRequired, [cr]), [
            {
                message:
                    'LlamaStackDistribution "llamastack-blue" runs up to 3 pods but no PodDisruptionBudget selects them (labels {"version":"v1.0","app.kubernetes.io/name":"llamastack","app":"llamastack-blue","app.kubernetes.io/instance":"llamastack-blue"}): ' +
                    "a node drain or cluster upgrade may evict every replica at once. Add a PodDisruptionBudget with maxUnavailable: 1 selecting these labels (the Distribution component's disruptionBudget does this).",
                urn: urnOf(cr),
            },
        ]);
    });

    it("counts an HPA's maxReplicas, and passes a budget selecting app=<name>", async () => {
        const cr = distribution("my-llamastack");
        const autoscaled = await validateStack(disruptionBudgetRequired, [cr, hpa("h", "my-llamastack")]);
        assert.equal(autoscaled.length, 1);
        assert.ok(autoscaled[0].message.startsWith('LlamaStackDistribution "my-llamastack" runs up to 10 pods (autoscaled) but no PodDisruptionBudget'));
        assert.deepEqual(await validateStack(disruptionBudgetRequired, [cr, hpa("h", "my-llamastack"), pdb("b", { app: "my-llamastack" })]), []);
    });

    it("judges Deployments by their template labels and the budget's namespace", async () => {
        const d = deployment("api", undefined, { replicas: 2 });
        assert.deepEqual(await validateStack(disruptionBudgetRequired, [d, pdb("b", { app: "api" })]), []);
        assert.equal((await validateStack(disruptionBudgetRequired, [d, pdb("b", { app: "other" })])).length, 1);
        assert.equal((await validateStack(disruptionBudgetRequired, [d, pdb("b", { app: "api" }, { namespace: "ml" })])).length, 1);
    });

    it("passes single replicas and skips unknown replicas, labels or selectors", async () => {
        assert.deepEqual(await validateStack(disruptionBudgetRequired, [distribution("x"), deployment("d")]), []);
        assert.deepEqual(await validateStack(disruptionBudgetRequired, [distribution("x", { replicas: unknownString })]), []);
        assert.deepEqual(await validateStack(disruptionBudgetRequired, [distribution("x", { replicas: 3, podLabels: unknownObject })]), []);
        const unknownSelector = { ...pdb("b", {}), props: { metadata: { name: "b" }, spec: { selector: unknownObject } } };
        assert.deepEqual(await validateStack(disruptionBudgetRequired, [distribution("x", { replicas: 3 }), unknownSelector]), []);
    });
});

describe("policy spot-min-replicas", () => {
    it("flags the guide's spot distribution with one replica", async () => {
        const cr = distribution("my-llamastack", { ...spot, replicas: 1 });
        assert.deepEqual(await validateStack(spotMinReplicas, [cr]), [
            {
                message:
                    'LlamaStackDistribution "my-llamastack" runs only on spot capacity (its nodeSelector node-type=spot selects spot nodes) with spec.replicas 1: one reclaimed node takes the service down. ' +
                    "Run at least 2 replicas, spread across zones, or allow on-demand nodes too.",
                urn: urnOf(cr),
            },
        ]);
    });

    it("uses the HPA's minReplicas, and passes enough replicas or non-spot nodes", async () => {
        const cr = distribution("x", spot);
        const viaHpa = await validateStack(spotMinReplicas, [cr, hpa("h", "x", { minReplicas: 1 })]);
        assert.equal(viaHpa.length, 1);
        assert.ok(viaHpa[0].message.includes('with HorizontalPodAutoscaler "h" spec.minReplicas 1'));
        assert.deepEqual(await validateStack(spotMinReplicas, [cr, hpa("h", "x")]), []);
        assert.deepEqual(await validateStack(spotMinReplicas, [distribution("x", { ...spot, replicas: 2 })]), []);
        assert.deepEqual(await validateStack(spotMinReplicas, [distribution("x", { nodeSelector: { "node-type": "on-demand" } })]), []);
    });

    it("recognizes Karpenter's capacity type, required node affinity and spot-only NodePools", async () => {
        const karpenter = distribution("a", { nodeSelector: { "karpenter.sh/capacity-type": "spot" } });
        const affinity = deployment("b", {
            containers: [container("app")],
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot"] }] }] } } },
        });
        const mixed = deployment("c", {
            containers: [container("app")],
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot", "on-demand"] }] }] } } },
        });
        const pool = nodePool("cheap", { labels: { pool: "cheap" }, requirements: [{ key: "karpenter.sh/capacity-type", operator: "In", values: ["spot"] }] });
        const onPool = distribution("d", { nodeSelector: { pool: "cheap" } });
        const violations = await validateStack(spotMinReplicas, [karpenter, affinity, mixed, pool, onPool]);
        assert.deepEqual(
            violations.map((v) => v.message.slice(0, v.message.indexOf(" with "))),
            [
                'LlamaStackDistribution "a" runs only on spot capacity (its nodeSelector karpenter.sh/capacity-type=spot selects spot nodes)',
                'Deployment "b" runs only on spot capacity (its required node affinity allows only spot nodes)',
                'LlamaStackDistribution "d" runs only on spot capacity (its nodeSelector matches only spot NodePools (NodePool "cheap"))',
            ],
        );
    });

    it("takes minReplicas and spot labels from config, and skips unknown node selectors", async () => {
        const two = distribution("x", { ...spot, replicas: 2 });
        assert.equal((await validateStack(spotMinReplicas, [two], { minReplicas: 3 })).length, 1);
        assert.deepEqual(await validateStack(spotMinReplicas, [distribution("x", spot)], { spotLabels: { lifecycle: "Ec2Spot" } }), []);
        assert.equal((await validateStack(spotMinReplicas, [distribution("x", { nodeSelector: { lifecycle: "Ec2Spot" } })], { spotLabels: { lifecycle: "Ec2Spot" } })).length, 1);
        assert.deepEqual(await validateStack(spotMinReplicas, [distribution("x", { nodeSelector: unknownObject })]), []);
    });
});

describe("policy gpu-tolerates-node-pool-taint", () => {
    const gpuPool = nodePool("gpu", { labels: { "node-type": "gpu" }, taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }] });
    const gpuResources = { requests: { cpu: "2", memory: "8Gi", "nvidia.com/gpu": "1" }, limits: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": "1" } };

    it("flags a GPU distribution that does not tolerate its pool's GPU taint, with the toleration to add", async () => {
        const cr = distribution("gpu-llamastack", { resources: gpuResources, nodeSelector: { "node-type": "gpu" } });
        assert.deepEqual(await validateStack(gpuToleratesNodePoolTaint, [cr, gpuPool]), [
            {
                message:
                    'LlamaStackDistribution "gpu-llamastack" requests nvidia.com/gpu but spec.tolerations does not tolerate its GPU node pool: NodePool "gpu" is tainted nvidia.com/gpu:NoSchedule. ' +
                    'Its pods would stay Pending. Add { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" } to spec.tolerations ' +
                    "(the Distribution component's gpu option adds the GPU toleration; NodePool outputs the tolerations a distribution needs).",
                urn: urnOf(cr),
            },
        ]);
    });

    it("passes matching tolerations (Exists, Equal, key-less Exists)", async () => {
        for (const tolerations of [
            [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
            [{ key: "nvidia.com/gpu", operator: "Exists" }],
            [{ operator: "Exists" }],
        ]) {
            const cr = distribution("x", { resources: gpuResources, nodeSelector: { "node-type": "gpu" }, tolerations });
            assert.deepEqual(await validateStack(gpuToleratesNodePoolTaint, [cr, gpuPool]), [], JSON.stringify(tolerations));
        }
        const wrongEffect = distribution("x", { resources: gpuResources, nodeSelector: { "node-type": "gpu" }, tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoExecute" }] });
        assert.equal((await validateStack(gpuToleratesNodePoolTaint, [wrongEffect, gpuPool])).length, 1);
    });

    it("needs every taint of a GPU spot pool, and is satisfied by one tolerated pool among several", async () => {
        const spotGpu = nodePool("spot-gpu", {
            requirements: [{ key: "karpenter.k8s.aws/instance-gpu-count", operator: "Gt", values: ["0"] }],
            taints: [
                { key: "nvidia.com/gpu", effect: "NoSchedule" },
                { key: "spot", value: "true", effect: "NoSchedule" },
            ],
        });
        const onlyGpu = deployment("d", {
            containers: [container("app", { resources: gpuResources })],
            tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
        });
        const violations = await validateStack(gpuToleratesNodePoolTaint, [onlyGpu, spotGpu]);
        assert.equal(violations.length, 1);
        assert.ok(violations[0].message.includes('NodePool "spot-gpu" is tainted spot=true:NoSchedule. Its pods would stay Pending. Add { key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" } to spec.template.spec.tolerations'));
        assert.deepEqual(await validateStack(gpuToleratesNodePoolTaint, [onlyGpu, spotGpu, gpuPool]), []);
        const tolerating = (spotToleration: Record<string, unknown>) =>
            deployment("d", { containers: [container("app", { resources: gpuResources })], tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" }, spotToleration] });
        assert.deepEqual(await validateStack(gpuToleratesNodePoolTaint, [tolerating({ key: "spot", operator: "Exists" }), spotGpu]), []);
        assert.deepEqual(await validateStack(gpuToleratesNodePoolTaint, [tolerating({ key: "spot", value: "true", effect: "NoSchedule" }), spotGpu]), []);
        assert.equal((await validateStack(gpuToleratesNodePoolTaint, [tolerating({ key: "spot", operator: "Equal", value: "false" }), spotGpu])).length, 1);
    });

    it("skips workloads without GPUs, pools the nodeSelector excludes, no pools, and unknown values", async () => {
        assert.deepEqual(await validateStack(gpuToleratesNodePoolTaint, [distribution("cpu", { nodeSelector: { "node-type": "gpu" } }), gpuPool]), []);
        assert.deepEqual(await validateStack(gpuToleratesNodePoolTaint, [distribution("x", { resources: gpuResources, nodeSelector: { "node-type": "cpu" } }), gpuPool]), []);
        assert.deepEqual(await validateStack(gpuToleratesNodePoolTaint, [distribution("x", { resources: gpuResources })]), []);
        assert.deepEqual(await validateStack(gpuToleratesNodePoolTaint, [distribution("x", { resources: gpuResources, tolerations: unknownObject }), gpuPool]), []);
        const unknownTaints = nodePool("gpu", { labels: { "node-type": "gpu" }, taints: [{ key: "nvidia.com/gpu", effect: unknownString }] });
        assert.deepEqual(await validateStack(gpuToleratesNodePoolTaint, [distribution("x", { resources: gpuResources }), unknownTaints]), []);
    });
});
