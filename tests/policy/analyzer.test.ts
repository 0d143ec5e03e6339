import { strict as assert } from "assert";
import { policies } from "../../policy/policies";
import { Analyzer } from "./analyzer";
import { distribution, hpa, types, vpa } from "./fixtures";

// The engine's marker for a value unknown during preview (pulumi's UnknownStringValue).
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("policy pack under Pulumi's own runtime (run-policy-pack + Analyzer gRPC)", function () {
    // Loading type-checks the pack with ts-node, as Pulumi does; give a busy machine time.
    this.timeout(180_000);
    let analyzer: Analyzer;

    before(async () => {
        analyzer = await Analyzer.start();
    });

    after(() => analyzer?.stop());

    it("loads index.ts with its ../src imports and serves every policy with its level and config schema", async () => {
        const info = await analyzer.info();
        assert.equal(info.name, "llamastack");
        assert.deepEqual(
            info.policies.map((p) => `${p.name}:${p.enforcementLevel}`),
            policies.map((p) => `${p.name}:${p.enforcementLevel}`),
        );
        const ratio = info.policies.find((p) => p.name === "limits-to-requests-ratio");
        assert.deepEqual((ratio?.configSchema as { maxRatio: unknown }).maxRatio, { type: "number", minimum: 1, default: 2, description: "Highest allowed limit / request." });
    });

    it("describes itself the same way every time it is asked (the engine asks before every resource)", async () => {
        const first = await analyzer.info();
        for (let i = 0; i < 3; i++) {
            assert.deepEqual(await analyzer.info(), first);
        }
    });

    it("judges the guide's resources: 4/2 cpu passes, GPU 1/2 fails (mandatory), :latest and no priority class are advisory", async () => {
        await analyzer.configure({});
        const vertical = distribution("my-llamastack", {
            image: "llamastack/llamastack:latest",
            resources: { requests: { cpu: "2", memory: "4Gi", "nvidia.com/gpu": "1" }, limits: { cpu: "4", memory: "8Gi", "nvidia.com/gpu": "2" } },
        });
        const found = await analyzer.analyze({ type: types.distribution, props: vertical.props, name: "my-llamastack" });
        assert.deepEqual(
            found.map((d) => `${d.policyName}:${d.enforcementLevel}`),
            ["gpu-requests-equal-limits:mandatory", "image-tag-pinned:advisory", "gpu-priority-class:advisory"],
        );
        assert.ok(found[0].message.includes('spec.resources.limits["nvidia.com/gpu"] "2" differs from requests["nvidia.com/gpu"] "1"'));
    });

    it("skips unknown values during preview without an error or a false violation", async () => {
        const preview = distribution("x", { image: unknownValue, resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: unknownValue, memory: "2Gi" } } });
        assert.deepEqual(await analyzer.analyze({ type: types.distribution, props: preview.props, name: "x" }), []);
    });

    it("takes thresholds and levels from config, and remediates the ratio", async () => {
        await analyzer.configure({ "limits-to-requests-ratio": { enforcementLevel: "remediate", maxRatio: 1.5 }, "image-tag-pinned": { enforcementLevel: "disabled" } });
        const cr = distribution("x", { image: "llamastack/llamastack:latest", resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } } });
        const remediations = await analyzer.remediate({ type: types.distribution, props: cr.props, name: "x" });
        assert.deepEqual(remediations.map((r) => r.policyName), ["limits-to-requests-ratio"]);
        assert.deepEqual((remediations[0].props?.spec as { resources: unknown }).resources, { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "1500m", memory: "3Gi" } });
        assert.deepEqual(await analyzer.analyze({ type: types.distribution, props: cr.props, name: "x" }), [
            {
                policyName: "limits-to-requests-ratio",
                enforcementLevel: "mandatory",
                urn: "",
                message:
                    "A container's cpu and memory limits are at most maxRatio (default 2) times its requests, as the scaling guide's \"2x requests\" advises; remediation lowers the limit.\n" +
                    'LlamaStackDistribution "x": spec.resources.limits.cpu "2" is 2 times requests.cpu "1", above the allowed ratio of 1.5. Lower the limit to "1500m" or raise the request.',
            },
            {
                policyName: "limits-to-requests-ratio",
                enforcementLevel: "mandatory",
                urn: "",
                message:
                    "A container's cpu and memory limits are at most maxRatio (default 2) times its requests, as the scaling guide's \"2x requests\" advises; remediation lowers the limit.\n" +
                    'LlamaStackDistribution "x": spec.resources.limits.memory "4Gi" is 2 times requests.memory "2Gi", above the allowed ratio of 1.5. Lower the limit to "3Gi" or raise the request.',
            },
        ]);
        await analyzer.configure({});
    });

    it("runs stack rules over the whole stack: the guide's HPA and VPA on one distribution conflict", async () => {
        const found = await analyzer.analyzeStack(
            [distribution("my-llamastack", { replicas: 5 }), hpa("llamastack-hpa", "my-llamastack"), vpa("llamastack-vpa", "my-llamastack")].map((r) => ({
                type: r.type,
                props: r.props,
                name: (r.props.metadata as { name: string }).name,
            })),
        );
        assert.deepEqual(
            found.map((d) => `${d.policyName}:${d.enforcementLevel}:${d.urn.split("::").pop()}`),
            ["hpa-vpa-conflict:mandatory:llamastack-hpa", "hpa-owns-replicas:mandatory:my-llamastack", "disruption-budget-required:advisory:my-llamastack", "replicas-spread:advisory:my-llamastack"],
        );
    });
});
