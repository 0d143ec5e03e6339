// Policy pack throughput: every rule of the pack (policy/policies.ts) called the way the
// analyzer calls it, through the tests' harness (tests/policy/harness.ts): for each resource and
// each resource policy, fresh props behind the analyzer's unknown-checking proxy (the analyzer
// deserializes per call too); then each stack policy once over all the resources.
// Not measured: the engine's gRPC round trip per resource and the deserialization from protobuf.
import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../policy/policies";
import { TestResource, validate, validateStack } from "../tests/policy/harness";
import { container, deployment, distribution, hpa, pdb, service } from "../tests/policy/fixtures";

/** Config per policy, as a stack's policy config would set it; other rules keep their defaults. */
const config: Record<string, Record<string, unknown>> = {
    "allowed-image-registries": { allowedRegistries: ["docker.io/llamastack", "llamastack"] },
};

/**
 * `count` resources in groups of five: a LlamaStackDistribution with its HPA, PDB and Service,
 * and a plain Deployment. Every tenth group breaks a rule (a floating tag, an HPA without a
 * scale-down window), so that violations are reported too, as in a real preview.
 */
export function mixedResources(count: number): TestResource[] {
    const resources: TestResource[] = [];
    for (let g = 0; resources.length < count; g++) {
        const name = `llama-${g}`;
        const broken = g % 10 === 9;
        resources.push(
            distribution(name, broken ? { image: "llamastack/distribution-ollama:latest" } : {}),
            hpa(name, name, broken ? { behavior: {} } : {}),
            pdb(name, { app: name }),
            service(name, {
                type: "LoadBalancer",
                selector: { app: name },
                ports: [{ port: 8080, targetPort: 8321 }],
                loadBalancerSourceRanges: ["10.0.0.0/8"],
            }),
            deployment(`web-${g}`, { containers: [container("web", { image: "llamastack/web:1.0.0" })] }, { replicas: 2 }),
        );
    }
    return resources.slice(0, count);
}

function isStackPolicy(p: unknown): p is StackValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}

export async function runPolicyBenchmark(sizes: number[]): Promise<void> {
    const resourcePolicies = policies.filter((p): p is ResourceValidationPolicy => !isStackPolicy(p));
    const stackPolicies = policies.filter((p): p is StackValidationPolicy => isStackPolicy(p));
    console.log(
        `Policy pack, all ${policies.length} rules on (${resourcePolicies.length} resource, ${stackPolicies.length} stack), load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}\n`,
    );
    console.log("| resources | resource policies ms | stack policies ms | total ms | resources / s | violations |");
    console.log("|---:|---:|---:|---:|---:|---:|");
    // A warm-up run, so that the first size does not pay for JIT compilation alone.
    await judge(mixedResources(500), resourcePolicies, stackPolicies);
    for (const count of sizes) {
        const resources = mixedResources(count);
        const r = await judge(resources, resourcePolicies, stackPolicies);
        const total = r.resourceMs + r.stackMs;
        console.log(`| ${count} | ${r.resourceMs.toFixed(0)} | ${r.stackMs.toFixed(0)} | ${total.toFixed(0)} | ${Math.round(count / (total / 1000))} | ${r.violations} |`);
    }
    console.log();
}

async function judge(resources: TestResource[], resourcePolicies: ResourceValidationPolicy[], stackPolicies: StackValidationPolicy[]) {
    let violations = 0;
    const t0 = performance.now();
    for (const resource of resources) {
        for (const p of resourcePolicies) {
            violations += (await validate(p, resource, config[p.name] ?? {})).length;
        }
    }
    const t1 = performance.now();
    for (const p of stackPolicies) {
        violations += (await validateStack(p, resources, config[p.name] ?? {})).length;
    }
    const t2 = performance.now();
    return { resourceMs: t1 - t0, stackMs: t2 - t1, violations };
}
