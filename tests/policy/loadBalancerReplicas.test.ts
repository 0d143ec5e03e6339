import { strict as assert } from "assert";
import { loadBalancerSingleReplica } from "../../policy/loadBalancerReplicas";
import { deployment, distribution, hpa, service } from "./fixtures";
import { unknownNumber, unknownObject, urnOf, validateStack } from "./harness";

const lb = (app: string, extra: Record<string, unknown> = {}) => service(`${app}-service`, { type: "LoadBalancer", selector: { app }, ports: [{ port: 8080, targetPort: 8321 }], ...extra });

describe("policy loadbalancer-single-replica", () => {
    it("flags the guide's single distribution behind its LoadBalancer", async () => {
        const cr = distribution("my-llamastack");
        assert.deepEqual(await validateStack(loadBalancerSingleReplica, [cr, lb("my-llamastack")]), [
            {
                message:
                    'LlamaStackDistribution "my-llamastack" is behind LoadBalancer Service "my-llamastack-service" but spec.replicas is unset (1) and no HPA scales it: every rollout, eviction or crash ' +
                    "is an outage the load balancer cannot route around. Run at least 2 replicas (with a PodDisruptionBudget and spread), or add an HPA with minReplicas 2.",
                urn: urnOf(cr),
            },
        ]);
    });

    it("passes replicas, an HPA, ClusterIP Services, other selectors and namespaces", async () => {
        assert.deepEqual(await validateStack(loadBalancerSingleReplica, [distribution("x", { replicas: 2 }), lb("x")]), []);
        assert.deepEqual(await validateStack(loadBalancerSingleReplica, [distribution("x", { replicas: 1 }), hpa("h", "x"), lb("x")]), []);
        assert.deepEqual(await validateStack(loadBalancerSingleReplica, [distribution("x"), lb("x", { type: "ClusterIP" })]), []);
        assert.deepEqual(await validateStack(loadBalancerSingleReplica, [distribution("x"), lb("y")]), []);
        assert.deepEqual(await validateStack(loadBalancerSingleReplica, [deployment("api", undefined, { replicas: 1 }, undefined), { ...lb("api"), props: { metadata: { name: "s", namespace: "other" }, spec: { type: "LoadBalancer", selector: { app: "api" } } } }]), []);
        assert.equal((await validateStack(loadBalancerSingleReplica, [deployment("api", undefined, { replicas: 1 }), lb("api")])).length, 1);
    });

    it("skips unknown replicas and selectors", async () => {
        assert.deepEqual(await validateStack(loadBalancerSingleReplica, [distribution("x", { replicas: unknownNumber }), lb("x")]), []);
        assert.deepEqual(await validateStack(loadBalancerSingleReplica, [distribution("x"), lb("x", { selector: unknownObject })]), []);
    });
});
