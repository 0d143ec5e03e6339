// `pulumi up` waits until the controller reports a distribution serving: the provider's
// `pulumi.com/waitFor` annotation on the custom resource (real waiting: tests/e2e).
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { find, valueOf } from "../mocks";
import { Distribution } from "../../../src";
import { distributionWaitFor, waitForAnnotation } from "../../../src/distribution/readiness";

const CR = "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution";

async function annotationsOf(name: string, args: ConstructorParameters<typeof Distribution>[1]) {
    const d = new Distribution(name, args);
    await valueOf(pulumi.all([d.urn, d.name]));
    await new Promise((resolve) => setTimeout(resolve, 10));
    return find(CR, name).inputs.metadata.annotations;
}

describe("Distribution readiness wait", () => {
    it("waits for the Available condition and phase Ready", async () => {
        const annotations = await annotationsOf("waits", { image: "llamastack/llamastack:0.2.0", replicas: 2 });
        assert.deepEqual(JSON.parse(annotations[waitForAnnotation]), ["condition=Available", "jsonpath={.status.phase}=Ready"]);
    });

    it("waits only for phase Ready when scaled to zero, which is never Available", async () => {
        const annotations = await annotationsOf("zero", { image: "llamastack/llamastack:0.2.0", replicas: 0 });
        assert.deepEqual(JSON.parse(annotations[waitForAnnotation]), ["jsonpath={.status.phase}=Ready"]);
    });

    it("waits for Available under an HPA, whose minimum is at least one replica", async () => {
        const annotations = await annotationsOf("hpa-waits", {
            image: "llamastack/llamastack:0.2.0",
            autoscaling: { minReplicas: 2, maxReplicas: 4 },
        });
        assert.equal(annotations[waitForAnnotation], distributionWaitFor(undefined));
    });

    it("keeps the user's own annotations, and their own waitFor wins", async () => {
        const annotations = await annotationsOf("own-wait", {
            image: "llamastack/llamastack:0.2.0",
            annotations: { team: "ml", [waitForAnnotation]: "condition=Progressing=False" },
        });
        assert.deepEqual(annotations, { team: "ml", [waitForAnnotation]: "condition=Progressing=False", "llamastack.io/service": "own-wait:8080" });
    });

    it("decides from replicas known only later, as in a preview", async () => {
        const annotations = await annotationsOf("later", {
            image: "llamastack/llamastack:0.2.0",
            replicas: pulumi.output(new Promise<number>((resolve) => setTimeout(() => resolve(0), 5))),
        });
        assert.deepEqual(JSON.parse(annotations[waitForAnnotation]), ["jsonpath={.status.phase}=Ready"]);
    });
});

describe("withReadinessWait", () => {
    it("adds no wait where the provider is told to skip waiting", async () => {
        const { withReadinessWait } = await import("../../../src/distribution/readiness");
        assert.deepEqual(withReadinessWait({ "pulumi.com/skipAwait": "true" }, 2), { "pulumi.com/skipAwait": "true" });
        assert.equal(withReadinessWait({ "pulumi.com/skipAwait": "false" }, 2)[waitForAnnotation], distributionWaitFor(2));
    });
});
