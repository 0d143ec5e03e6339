// The pack's server decodes each resource once per call and hands the same object to every rule
// (policy/decodeOnce.ts). That is only sound if no rule changes what it is handed, and if rules
// judge a shared object exactly as they judge a fresh copy: both checked here over the fuzz
// corpus, with the server's own decoder wrapped as the pack wraps it.

import { strict as assert } from "assert";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { decodingOnce, install } from "../../policy/decodeOnce";
import { policies } from "../../policy/policies";
import { plain } from "../../policy/kube";
import { markShared } from "../../policy/sharedProps";
import { goodStack, mutate, pick, prng, unknownize } from "./fuzz";
import { TestResource, validate, validateStack } from "./harness";

const resourcePolicies = policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p);
const stackPolicies = policies.filter((p): p is StackValidationPolicy => "validateStack" in p);

/** Every finding of every rule on a stack, each rule handed `decodedOf(resource)`. */
async function findings(stack: TestResource[], decodedOf: (index: number) => Record<string, unknown> | undefined): Promise<string[]> {
    const found: string[] = [];
    for (const policy of resourcePolicies) {
        for (const [index, resource] of stack.entries()) {
            found.push(...(await validate(policy, resource, {}, decodedOf(index))).map((m) => `${policy.name}: ${m}`));
        }
    }
    for (const policy of stackPolicies) {
        const decoded = stack.map((_, index) => decodedOf(index)).filter((d): d is Record<string, unknown> => d !== undefined);
        const violations = await validateStack(policy, stack, {}, decoded.length === stack.length ? decoded : undefined);
        found.push(...violations.map((v) => `${policy.name}: ${v.urn ?? ""} ${v.message}`));
    }
    return found;
}

describe("policy pack: one decoded resource per call, shared by its rules", function () {
    this.timeout(120_000);

    it("decodes a message once for the validating rules, and every time for remediations", () => {
        const calls: boolean[] = [];
        const decode = decodingOnce((struct, proxySecrets) => {
            calls.push(proxySecrets);
            return { decodedFrom: struct };
        });
        const first = {};
        const second = {};
        const a = decode(first, false);
        assert.equal(decode(first, false), a, "the same object for the same message");
        assert.notEqual(decode(second, false), a, "another object for another message");
        // Remediations write into their props: each gets its own.
        assert.notEqual(decode(first, true), decode(first, true));
        assert.deepEqual(calls, [false, false, true, true]);
    });

    it("is installed where the analyzer's server reads its decoder, once", () => {
        install();
        // The @pulumi/policy of the pack (policy/node_modules), whose server Pulumi starts.
        const packDir = path.join(__dirname, "../../policy");
        const server = require(require.resolve("@pulumi/policy/deserialize", { paths: [packDir] })) as { deserializeProperties: { replacesExport?: boolean } };
        assert.equal(server.deserializeProperties.replacesExport, true);
        assert.equal(install(), false, "a second install wraps nothing");
    });

    it("copies a remediation's props afresh on every read: remediations write into them between rules", () => {
        const analyzerProxy = require(require.resolve("@pulumi/policy/proxy", { paths: [path.join(__dirname, "../../policy")] })) as {
            unknownCheckingProxy<T>(props: T): T;
        };
        const unshared: Record<string, unknown> = { spec: { replicas: 1 } };
        const props = analyzerProxy.unknownCheckingProxy(unshared);
        assert.deepEqual(plain(props), { spec: { replicas: 1 } });
        (unshared.spec as Record<string, unknown>).replicas = 3; // what an earlier remediation does
        assert.deepEqual(plain(props), { spec: { replicas: 3 } });
        const shared: Record<string, unknown> = { spec: { replicas: 1 } };
        markShared(shared);
        const sharedProxy = analyzerProxy.unknownCheckingProxy(shared);
        assert.equal(plain(sharedProxy), plain(sharedProxy), "one copy for the rules of a call");
        assert.ok(Object.isFrozen(plain(sharedProxy)) && Object.isFrozen((plain(sharedProxy) as { spec: object }).spec), "and frozen");
    });

    it("no rule changes the resource it is handed, and sharing it changes no finding (fuzz corpus, with unknowns)", async () => {
        const random = prng(20261204);
        const corpus = goodStack();
        for (let i = 0; i < 60; i++) {
            const stack = corpus.map((resource) => (random() < 0.3 ? mutate(random, resource) : random() < 0.2 ? unknownize(random, resource) : resource));
            stack.push(mutate(random, pick(random, corpus)));
            const shared = stack.map((resource) => structuredClone(resource.props));
            shared.forEach(markShared); // as decodeOnce marks what it hands out: rules then share one copy too
            const before = JSON.stringify(shared);
            const sharing = await findings(stack, (index) => shared[index]);
            assert.equal(JSON.stringify(shared), before, `iteration ${i}: a rule wrote into the props it was handed`);
            assert.deepEqual(sharing, await findings(stack, () => undefined), `iteration ${i}: a shared object was judged otherwise`);
        }
    });
});
