// The pack never throws, and never reports a value that is unknown during preview: seeded fuzzing
// of realistic resources and stacks through every policy and remediation. Replay a failure with
// POLICY_FUZZ_SEED=<seed printed in the failure>.

import { strict as assert } from "assert";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policy/policies";
import { goodStack, mutate, pick, prng, Random, unknownize } from "./fuzz";
import { remediate, TestResource, validate, validateStack } from "./harness";

const seed = Number(process.env.POLICY_FUZZ_SEED ?? 20261203);
const resourcePolicies = policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p);
const stackPolicies = policies.filter((p): p is StackValidationPolicy => "validateStack" in p);

/** Each policy's config as a stack's policy config could set it (defaults otherwise). */
function configFor(random: Random, name: string): Record<string, unknown> {
    if (random() < 0.5) {
        return {};
    }
    const configs: Record<string, Record<string, unknown>> = {
        "allowed-image-registries": { allowedRegistries: ["docker.io/llamastack", "ghcr.io"] },
        "limits-to-requests-ratio": { maxRatio: 3, resources: ["cpu", "memory", "ephemeral-storage"] },
        "spot-min-replicas": { minReplicas: 3, spotLabels: { lifecycle: "Ec2Spot", toString: "x" } },
        "startup-probe-for-slow-start": { slowStartSeconds: 900 },
    };
    return configs[name] ?? {};
}

function where(iteration: number, what: string, resources: TestResource[]): string {
    return `seed ${seed} (POLICY_FUZZ_SEED=${seed}), iteration ${iteration}, ${what} on ${JSON.stringify(resources).slice(0, 2000)}`;
}

async function everyPolicy(random: Random, resources: TestResource[], iteration: number, withRemediation: boolean): Promise<string[]> {
    const found: string[] = [];
    for (const policy of resourcePolicies) {
        const config = configFor(random, policy.name);
        for (const resource of resources) {
            try {
                found.push(...(await validate(policy, resource, config)).map((m) => `${policy.name}: ${m}`));
                if (withRemediation && policy.remediateResource !== undefined) {
                    await remediate(policy, resource, config);
                }
            } catch (error) {
                assert.fail(`${where(iteration, policy.name, [resource])}: threw ${(error as Error).stack ?? String(error)}`);
            }
        }
    }
    for (const policy of stackPolicies) {
        try {
            found.push(...(await validateStack(policy, resources, configFor(random, policy.name))).map((v) => `${policy.name}: ${v.message}`));
        } catch (error) {
            assert.fail(`${where(iteration, policy.name, resources)}: threw ${(error as Error).stack ?? String(error)}`);
        }
    }
    return found;
}

describe(`policy pack under seeded fuzzing (seed ${seed})`, function () {
    this.timeout(120_000);

    it("reports nothing on the good stack it mutates", async () => {
        assert.deepEqual(await everyPolicy(prng(seed), goodStack(), 0, true), []);
    });

    it("never throws on a thousand mutated resources, validated and remediated", async () => {
        const random = prng(seed);
        const corpus = goodStack();
        for (let i = 0; i < 1000; i++) {
            await everyPolicy(random, [mutate(random, pick(random, corpus))], i, true);
        }
    });

    it("never throws on hundreds of stacks of mutated resources", async () => {
        const random = prng(seed + 1);
        const corpus = goodStack();
        for (let i = 0; i < 200; i++) {
            const stack = corpus.map((resource) => (random() < 0.3 ? mutate(random, resource) : resource)).filter(() => random() < 0.9);
            for (const policy of stackPolicies) {
                try {
                    await validateStack(policy, stack, configFor(random, policy.name));
                } catch (error) {
                    assert.fail(`${where(i, policy.name, stack)}: threw ${(error as Error).stack ?? String(error)}`);
                }
            }
        }
    });

    it("never reports a violation because a value of the good stack is unknown during preview", async () => {
        const random = prng(seed + 2);
        const corpus = goodStack();
        for (let i = 0; i < 80; i++) {
            const stack = corpus.map((resource) => (random() < 0.25 ? unknownize(random, resource) : resource));
            const found = await everyPolicy(random, stack, i, false);
            assert.deepEqual(found, [], where(i, "unknown values", stack.filter((r, index) => r !== corpus[index])));
        }
    });
});
