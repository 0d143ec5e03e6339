// What the package's own components render passes the pack: the rules and the components agree.

import { strict as assert } from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy/policies";
import { buildDistributionSpec } from "../../src/distribution/distributionSpec";
import { selectorLabels } from "../../src/core/labels";
import { buildDisruptionBudgetSpec } from "../../src/distribution/pdb";
import { guideResources, nodePool, types } from "./fixtures";
import { TestResource, validate, validateStack } from "./harness";

function rendered(name: string, spec: Record<string, unknown>): TestResource {
    return { type: types.distribution, props: { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", metadata: { name }, spec } };
}

async function verdicts(resources: TestResource[]): Promise<string[]> {
    const found: string[] = [];
    for (const policy of policies) {
        if ("validateStack" in policy) {
            for (const v of await validateStack(policy as StackValidationPolicy, resources)) {
                found.push(`${policy.name}: ${v.message}`);
            }
        } else {
            for (const resource of resources) {
                for (const message of await validate(policy as ResourceValidationPolicy, resource)) {
                    found.push(`${policy.name}: ${message}`);
                }
            }
        }
    }
    return found;
}

describe("the Distribution component's resources under the pack", () => {
    it("a replicated GPU distribution with the guide's 2x resources and its budget passes every rule", async () => {
        const spec = buildDistributionSpec({
            image: "llamastack/distribution-ollama:0.2.0",
            replicas: 3,
            resources: guideResources,
            gpu: { count: 1 },
            nodeSelector: { "node-type": "gpu" },
            priorityClassName: "gpu-serving",
        });
        // The component spreads replicas only for spot capacity; the custom resource takes a zone
        // spread directly (the controller gives it the distribution's own selector).
        spec.topologySpreadConstraints = [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway" }];
        const budget = { type: types.pdb, props: { metadata: { name: "my-llamastack" }, spec: buildDisruptionBudgetSpec(undefined, selectorLabels("my-llamastack")) } };
        const pool = nodePool("gpu", { labels: { "node-type": "gpu" }, taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }] });
        assert.deepEqual(await verdicts([rendered("my-llamastack", spec), budget, pool]), []);
    });

    it("without the budget and a spread, only the advisories disruption-budget-required and replicas-spread speak", async () => {
        const spec = buildDistributionSpec({ image: "llamastack/distribution-ollama:0.2.0", replicas: 3, resources: guideResources });
        const found = await verdicts([rendered("my-llamastack", spec)]);
        assert.equal(found.length, 2);
        assert.ok(found[0].startsWith('disruption-budget-required: LlamaStackDistribution "my-llamastack" runs up to 3 pods'));
        assert.ok(found[1].startsWith('replicas-spread: LlamaStackDistribution "my-llamastack" runs 3 replicas but sets neither'));
    });

    it("a spot distribution's zone spread (the component's own) passes the spread rules", async () => {
        const spec = buildDistributionSpec(
            { image: "llamastack/distribution-ollama:0.2.0", replicas: 3, resources: guideResources, spot: { enabled: true, fallbackToOnDemand: true } },
            { selector: selectorLabels("my-llamastack") },
        );
        assert.ok(Array.isArray(spec.topologySpreadConstraints), "the component spreads spot replicas");
        const found = (await verdicts([rendered("my-llamastack", spec)])).filter((v) => /^(replicas-spread|topology-spread-)/.test(v));
        assert.deepEqual(found, []);
    });
});
