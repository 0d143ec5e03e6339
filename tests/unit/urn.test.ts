import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { valueOf } from "./mocks";
import { childUrn } from "../../sdk/urn";

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
