import { strict as assert } from "assert";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { policies } from "../../policy/policies";

describe("policy pack", () => {
    it("has one stable, unique name, a description and a default level per policy", () => {
        const names = policies.map((p) => p.name);
        assert.equal(new Set(names).size, names.length);
        for (const p of policies) {
            assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, p.name);
            assert.ok(p.description.length > 40, p.name);
            assert.ok(p.enforcementLevel === "mandatory" || p.enforcementLevel === "advisory", p.name);
            assert.ok("validateResource" in p || "validateStack" in p, p.name);
        }
    });

    it("gives every threshold a typed config property with its default", () => {
        const schemas = Object.fromEntries(policies.filter((p) => p.configSchema).map((p) => [p.name, p.configSchema!.properties]));
        assert.deepEqual(Object.keys(schemas).sort(), [
            "allowed-image-registries",
            "hpa-min-replicas",
            "hpa-scale-down-stabilization",
            "hpa-utilization-targets",
            "limits-to-requests-ratio",
            "pod-security-baseline",
            "pod-security-restricted",
            "resource-requests-and-limits",
            "spot-min-replicas",
            "startup-probe-for-slow-start",
        ]);
        for (const [name, properties] of Object.entries(schemas)) {
            for (const [property, schema] of Object.entries(properties)) {
                assert.ok((schema as PolicyConfigJSONSchema).default !== undefined, `${name}.${property} has a default`);
                assert.ok((schema as PolicyConfigJSONSchema).description, `${name}.${property} has a description`);
            }
        }
        assert.equal((schemas["limits-to-requests-ratio"].maxRatio as PolicyConfigJSONSchema).default, 2);
        assert.equal((schemas["hpa-min-replicas"].minReplicas as PolicyConfigJSONSchema).default, 2);
    });

    it("offers remediation only where it is safe: the ratio and GPU counts", () => {
        assert.deepEqual(
            policies.filter((p) => "remediateResource" in p && p.remediateResource).map((p) => p.name),
            ["limits-to-requests-ratio", "gpu-requests-equal-limits"],
        );
    });
});
