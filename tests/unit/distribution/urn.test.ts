import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { valueOf } from "../mocks";
import { childUrn, formerlyNestedAlias } from "../../../src/distribution/urn";

describe("childUrn", () => {
    it("is the URN of a child of a top-level component, as pulumi.createUrn makes it", async () => {
        const outer = new pulumi.ComponentResource("test:index:Outer", "urn-top");
        const expected = "urn:pulumi:stack::project::test:index:Outer$llamastack:index:HorizontalAutoscaler::urn-top";
        assert.equal(await valueOf(childUrn(outer, "llamastack:index:HorizontalAutoscaler", "urn-top")), expected);
        assert.equal(await valueOf(pulumi.createUrn("urn-top", "llamastack:index:HorizontalAutoscaler", outer)), expected);
    });

    it("carries the whole parent type chain of a nested component", async () => {
        const outer = new pulumi.ComponentResource("test:index:Outer", "urn-outer");
        const inner = new pulumi.ComponentResource("test:index:Inner", "urn-inner", {}, { parent: outer });
        const expected = "urn:pulumi:stack::project::test:index:Outer$test:index:Inner$llamastack:index:HorizontalAutoscaler::urn-inner";
        assert.equal(await valueOf(childUrn(inner, "llamastack:index:HorizontalAutoscaler", "urn-inner")), expected);
        assert.equal(await valueOf(pulumi.createUrn("urn-inner", "llamastack:index:HorizontalAutoscaler", inner)), expected);
    });
});

describe("formerlyNestedAlias", () => {
    const former = {
        parentType: "llamastack:index:HorizontalAutoscaler",
        parentName: "alias-hpa",
        resourceType: "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
        resourceName: "alias-hpa",
    };
    // The URN the HPA had under the former HorizontalAutoscaler, as Pulumi itself derives it.
    const formerUrn = (component: pulumi.Resource) =>
        pulumi.createUrn(former.resourceName, former.resourceType, pulumi.createUrn(former.parentName, former.parentType, component));

    it("is the former URN as a plain string for a component at the top of the stack", async () => {
        const component = new pulumi.ComponentResource("test:index:Top", "alias-top");
        const alias = formerlyNestedAlias(component, "test:index:Top", undefined, former);
        assert.equal(typeof alias, "string");
        assert.equal(alias, "urn:pulumi:stack::project::test:index:Top$llamastack:index:HorizontalAutoscaler$kubernetes:autoscaling/v2:HorizontalPodAutoscaler::alias-hpa");
        assert.equal(alias, await valueOf(formerUrn(component)));
    });

    it("names the former parent by URN for a component inside another", async () => {
        const outer = new pulumi.ComponentResource("test:index:Outer", "alias-outer");
        const opts = { parent: outer };
        const component = new pulumi.ComponentResource("test:index:Top", "alias-nested", {}, opts);
        const alias = formerlyNestedAlias(component, "test:index:Top", opts, former);
        assert.equal(typeof alias, "object");
        const parent = (alias as pulumi.Alias).parent as pulumi.Output<string>;
        assert.equal(await valueOf(parent), "urn:pulumi:stack::project::test:index:Outer$test:index:Top$llamastack:index:HorizontalAutoscaler::alias-hpa");
        assert.equal(await valueOf(parent), await valueOf(pulumi.createUrn(former.parentName, former.parentType, component)));
    });
});
