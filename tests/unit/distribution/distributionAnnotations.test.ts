import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { find, valueOf } from "../mocks";
import { Distribution } from "../../../src";

const CR = "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution";

describe("Distribution annotations", () => {
    it("puts annotations on the custom resource, e.g. the provider's waitFor, and by default only the readiness wait", async () => {
        const annotated = new Distribution("annotated", {
            image: "img:1",
            annotations: { "pulumi.com/waitFor": "jsonpath={.status.phase}=Ready" },
        });
        const plain = new Distribution("not-annotated", { image: "img:1" });
        await valueOf(pulumi.all([annotated.urn, annotated.name, plain.urn, plain.name]));
        await new Promise((resolve) => setTimeout(resolve, 20));
        // Besides the user's: the Service's name and port, which the controller reports as status.serviceURL.
        assert.deepEqual(find(CR, "annotated").inputs.metadata.annotations, {
            "pulumi.com/waitFor": "jsonpath={.status.phase}=Ready",
            "llamastack.io/service": "annotated:8080",
        });
        assert.deepEqual(Object.keys(find(CR, "not-annotated").inputs.metadata.annotations).sort(), ["llamastack.io/service", "pulumi.com/waitFor"]);
    });
});
