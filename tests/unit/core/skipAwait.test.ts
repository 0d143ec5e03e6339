import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { valueOf } from "../mocks";
import { skipAwait } from "../../../src";

function transform(type: string, props: Record<string, any>) {
    return skipAwait({ type, name: "x", custom: true, props, opts: {} }) as { props: Record<string, any> } | undefined;
}

describe("skipAwait transform", () => {
    it("adds pulumi.com/skipAwait to Kubernetes objects and keeps their annotations", async () => {
        const result = transform("kubernetes:core/v1:Service", { metadata: { name: "svc", annotations: { a: "b" } }, spec: {} });
        assert.ok(result);
        assert.deepEqual(await valueOf(pulumi.output(result.props.metadata)), { name: "svc", annotations: { a: "b", "pulumi.com/skipAwait": "true" } });
        assert.deepEqual(result.props.spec, {});
    });

    it("leaves Namespaces waiting: a deletion not waited for leaves one terminating for the next pulumi up", () => {
        assert.equal(transform("kubernetes:core/v1:Namespace", { metadata: { name: "llamastack-system" } }), undefined);
    });

    it("leaves components and other providers' resources alone", () => {
        assert.equal(transform("llamastack:index:Distribution", { image: "i" }), undefined);
        assert.equal(transform("random:index/randomId:RandomId", { metadata: {} }), undefined);
    });
});
