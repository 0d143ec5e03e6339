// Runs examples/quickstart-typescript under the mocks, resolving `llamastack` to this package's
// source, and checks the objects that the Python, Go and YAML quickstarts must create too
// (tests/e2e/multilang.e2e.sh compares them for real).
import { strict as assert } from "assert";
import { runExample } from "./runExample";

describe("examples/quickstart-typescript", () => {
    it("installs the CRD and a distribution that an HPA scales from 2 to 10 replicas at 70% CPU", async () => {
        const { find, forget } = await runExample("quickstart-typescript");

        assert.equal(
            find("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "llamastack-crd").inputs.metadata.name,
            "llamastackdistributions.llamastack.io",
        );
        const cr = find("kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution", "my-llamastack").inputs;
        assert.equal(cr.spec.image, "llamastack/distribution-ollama:0.2.0");
        assert.equal(cr.spec.replicas, undefined, "the HPA owns the replica count");
        assert.deepEqual(cr.spec.resources, { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } });
        const hpa = find("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "my-llamastack").inputs.spec;
        assert.deepEqual(hpa.scaleTargetRef, { apiVersion: "llamastack.io/v1alpha1", kind: "LlamaStackDistribution", name: "my-llamastack" });
        assert.equal(hpa.minReplicas, 2);
        assert.equal(hpa.maxReplicas, 10);
        assert.deepEqual(hpa.metrics, [
            { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } },
        ]);
        assert.equal(find("kubernetes:core/v1:Service", "my-llamastack-service").inputs.spec.type, "LoadBalancer");
        forget();
    });
});
