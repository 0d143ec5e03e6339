// One test per class of throw or false report that seeded fuzzing (fuzz.test.ts) found: the pack
// reads untrusted resource shapes defensively, by own keys only, and reports nothing that is
// unknown during preview.

import { strict as assert } from "assert";
import { autoscalerTargetInStack } from "../../policy/autoscalers";
import { spotMinReplicas } from "../../policy/availability";
import { at, own, plain, selects, stringLabels, text } from "../../policy/kube";
import { loadBalancerSingleReplica } from "../../policy/loadBalancerReplicas";
import { gpuToleratesNodePoolTaint } from "../../policy/nodepools";
import { podSecurityRestricted } from "../../policy/podSecurity";
import { gpuRequestsEqualLimits, limitsToRequestsRatio } from "../../policy/resources";
import { container, distribution, hpa, nodePool, pod, restrictedContainer, service } from "./fixtures";
import { remediate, unknownObject, unknownString, validate, validateStack } from "./harness";

describe("the pack reads untrusted resources defensively", () => {
    describe("maps are read by their own keys only", () => {
        it("a label key named toString, constructor or __proto__ is data, not a method", () => {
            const labels = stringLabels({ app: "x" })!;
            for (const key of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
                assert.equal(selects({ matchExpressions: [{ key, operator: "Exists" }] }, labels), false, key);
                assert.equal(selects({ matchExpressions: [{ key, operator: "DoesNotExist" }] }, labels), true, key);
                assert.equal(selects({ matchLabels: { [key]: "x" } }, labels), false, key);
                assert.equal(own(labels, key), undefined, key);
            }
            const tricky = stringLabels(JSON.parse('{"__proto__": "a", "toString": "b"}'))!;
            assert.equal(selects({ matchLabels: JSON.parse('{"__proto__": "a"}') }, tricky), true);
            assert.equal(own(tricky, "toString"), "b");
        });

        it("plain copies keep a __proto__ key as data, and at() never follows inherited properties", () => {
            const copy = plain(JSON.parse('{"__proto__": {"polluted": true}, "spec": {}}'));
            assert.equal(at(copy, "polluted"), undefined);
            assert.deepEqual(at(copy, "__proto__"), { polluted: true });
            assert.equal(at({ spec: {} }, "spec", "constructor"), undefined);
        });
    });

    describe("values of the wrong shape are skipped, never converted blindly", () => {
        it("texts of symbols and objects without a prototype do not throw", () => {
            assert.equal(text(Symbol("x")), "(unknown)");
            assert.equal(text([1, "a"]), '[1,"a"]');
            assert.equal(text(Object.create(null)), "{}");
        });

        it("a NodePool requirement or a nodeSelector value holding arrays and unknowns", async () => {
            const pool = nodePool("gpu", { labels: { "node-type": "gpu" }, requirements: [{ key: "zone", operator: "In", values: [unknownString, ["a"]] }], taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }] });
            const cr = distribution("x", { resources: { requests: { "nvidia.com/gpu": "1" }, limits: { "nvidia.com/gpu": "1" } }, nodeSelector: { "node-type": ["gpu", unknownString] } });
            assert.deepEqual(await validateStack(gpuToleratesNodePoolTaint, [cr, pool]), []);
        });
    });

    describe("remediation writes only into maps", () => {
        const gpu = (limits: unknown) => distribution("x", { resources: { requests: { cpu: "1", memory: "1Gi", "nvidia.com/gpu": "2" }, limits } });

        it("limits: null becomes a map holding the GPU count", async () => {
            const fixed = await remediate(gpuRequestsEqualLimits, gpu(null));
            assert.deepEqual(at(fixed, "spec", "resources"), { requests: { cpu: "1", memory: "1Gi", "nvidia.com/gpu": "2" }, limits: { "nvidia.com/gpu": "2" } });
        });

        it("limits given as a string or an array is left alone (resource-requests-and-limits reports it)", async () => {
            assert.equal(await remediate(gpuRequestsEqualLimits, gpu("2")), undefined);
            assert.equal(await remediate(gpuRequestsEqualLimits, gpu(["2"])), undefined);
        });

        it("a remediated resource keeps its unknown values for the engine", async () => {
            const cr = distribution("x", { image: unknownString, resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "4", memory: "1Gi" } } });
            const fixed = await remediate(limitsToRequestsRatio, cr);
            assert.equal(at(fixed, "spec", "image"), unknownString);
            assert.equal(at(fixed, "spec", "resources", "limits", "cpu"), "2");
        });
    });

    describe("what is unknown during preview is never reported", () => {
        it("arrays holding unknown values: capabilities", async () => {
            const p = pod("p", { containers: [container("app", { securityContext: { ...restrictedContainer, capabilities: { drop: [unknownString], add: [unknownString] } } })] });
            assert.deepEqual(await validate(podSecurityRestricted, p), []);
        });

        it("an HPA whose target is unknown may scale any workload: replica rules wait", async () => {
            const unknownTarget = hpa("h", "x", { scaleTargetRef: unknownObject });
            const lb = service("s", { type: "LoadBalancer", selector: { app: "x" } });
            assert.deepEqual(await validateStack(loadBalancerSingleReplica, [distribution("x"), unknownTarget, lb]), []);
            assert.deepEqual(await validateStack(spotMinReplicas, [distribution("x", { nodeSelector: { "node-type": "spot" } }), unknownTarget]), []);
            assert.equal((await validateStack(loadBalancerSingleReplica, [distribution("x"), lb])).length, 1);
        });

        it("an object whose name is unknown may be the one an autoscaler names", async () => {
            const unnamed = distribution("x");
            (unnamed.props.metadata as Record<string, unknown>).name = unknownString;
            assert.deepEqual(await validateStack(autoscalerTargetInStack, [unnamed, hpa("h", "my-llamastack")]), []);
            assert.equal((await validateStack(autoscalerTargetInStack, [distribution("x"), hpa("h", "my-llamastack")])).length, 1);
        });
    });
});
