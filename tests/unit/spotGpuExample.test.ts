// Runs examples/spot-gpu under the mocks, resolving `llamastack` to this package's source the way
// an installed package would resolve, and checks what the program creates.
import { strict as assert } from "assert";
import { runExample } from "./runExample";

describe("examples/spot-gpu", () => {
    it("creates a restricted namespace, a spot GPU pool with the device plugin, and a distribution placed on it", async () => {
        const { find, forget } = await runExample("spot-gpu");

        const namespace = find("kubernetes:core/v1:Namespace", "llm").inputs;
        assert.equal(namespace.metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
        assert.equal(find("kubernetes:core/v1:ResourceQuota", "llm-quota").inputs.spec.hard["requests.nvidia.com/gpu"], "8");

        const pool = find("kubernetes:karpenter.sh/v1:NodePool", "spot-gpu").inputs.spec;
        assert.deepEqual(pool.template.spec.taints, [
            { key: "spot", value: "true", effect: "NoSchedule" },
            { key: "nvidia.com/gpu", effect: "NoSchedule" },
        ]);
        assert.deepEqual(pool.limits, { "nvidia.com/gpu": "8" });
        assert.equal(find("kubernetes:apps/v1:DaemonSet", "spot-gpu-device-plugin").inputs.metadata.namespace, "kube-system");

        const cr = find("kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution", "my-llamastack").inputs;
        assert.equal(cr.metadata.namespace, "llm");
        assert.deepEqual(cr.spec.nodeSelector, { "node-type": "spot", "karpenter.sh/nodepool": "spot-gpu" });
        assert.deepEqual(cr.spec.tolerations, [
            { key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" },
            { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
        ]);
        assert.equal(cr.spec.replicas, 2);
        assert.equal(cr.spec.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
        assert.equal(find("kubernetes:policy/v1:PodDisruptionBudget", "my-llamastack-pdb").inputs.metadata.namespace, "llm");
        forget();
    });
});
