import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { find, valueOf } from "../mocks";
import { loadCrdDocument } from "../../../src/core/crd";
import * as names from "../../../src/core/crdNames";
import { rules } from "../../../src/core/rules";
import { LlamaStackOperator } from "../../../src";

describe("LlamaStackDistribution CRD", () => {
    const crd = loadCrdDocument();
    const version = crd.spec.versions[0];
    const schema = version.schema.openAPIV3Schema;
    const spec = schema.properties.spec;

    it("names the group, kind, plural and short name of the guide", () => {
        assert.equal(crd.metadata.name, "llamastackdistributions.llamastack.io");
        assert.equal(crd.spec.group, "llamastack.io");
        assert.equal(crd.spec.scope, "Namespaced");
        assert.equal(crd.spec.names.kind, "LlamaStackDistribution");
        assert.equal(crd.spec.names.plural, "llamastackdistributions");
        assert.deepEqual(crd.spec.names.shortNames, ["llsd"]);
        assert.equal(version.name, "v1alpha1");
        assert.equal(version.served && version.storage, true);
    });

    it("is the CRD the package and the controller name in code (src/core/crdNames.ts)", () => {
        assert.equal(crd.metadata.name, `${names.plural}.${names.group}`);
        assert.equal(crd.spec.group, names.group);
        assert.equal(crd.spec.names.kind, names.kind);
        assert.equal(crd.spec.names.plural, names.plural);
        assert.deepEqual(crd.spec.versions.map((v: { name: string }) => v.name), [names.version]);
    });

    it("has the status and scale subresources an HPA needs", () => {
        assert.deepEqual(version.subresources, {
            status: {},
            scale: {
                specReplicasPath: ".spec.replicas",
                statusReplicasPath: ".status.replicas",
                labelSelectorPath: ".status.selector",
            },
        });
        assert.equal(schema.properties.status.properties.selector.type, "string");
        assert.equal(schema.properties.status.properties.replicas.type, "integer");
    });

    it("prints image, desired, ready, phase and age", () => {
        assert.deepEqual(
            version.additionalPrinterColumns.map((c: any) => [c.name, c.jsonPath]),
            [
                ["Image", ".status.image"],
                ["Desired", ".spec.replicas"],
                ["Ready", ".status.readyReplicas"],
                ["Phase", ".status.phase"],
                ["Version", ".status.serverVersion"],
                ["URL", ".status.serviceURL"],
                ["Age", ".metadata.creationTimestamp"],
            ],
        );
    });

    it("schema holds the guide's fields with bounds", () => {
        // image or distribution, exactly one: a CEL rule, since a schema cannot require one of two.
        assert.equal(spec.required, undefined);
        assert.ok(spec["x-kubernetes-validations"].some((v: { rule: string }) => v.rule === "has(self.image) != has(self.distribution)"));
        for (const field of ["image", "version", "replicas", "resources", "nodeSelector", "tolerations", "port", "env", "args", "storage", "affinity", "topologySpreadConstraints", "podLabels"]) {
            assert.ok(spec.properties[field], `spec.${field} is in the schema`);
        }
        assert.equal(spec.properties.replicas.minimum, 0);
        // An HPA treats a scale of 0 as "autoscaling disabled": distributions without replicas start at 1.
        assert.equal(spec.properties.replicas.default, 1);
        assert.equal(spec.properties.port.default, 8321);
        assert.equal(spec.properties.port.maximum, 65535);
    });

    it("CEL rules carry the package's rule texts for limits >= requests and GPU requests == limits", () => {
        const resourceRules = spec.properties.resources["x-kubernetes-validations"];
        assert.deepEqual(
            resourceRules.map((r: any) => r.message),
            [rules.limitsAtLeastRequests, rules.extendedResourcesEqual],
        );
        assert.match(resourceRules[0].rule, /quantity\(string\(self\.limits\[k\]\)\)\.compareTo\(quantity\(string\(self\.requests\[k\]\)\)\) >= 0/);
        assert.match(resourceRules[1].rule, /== 0/);
        assert.equal(spec.properties.resources.properties.requests["x-kubernetes-validations"][0].message, rules.quantity);
    });

    it("LlamaStackOperator installs this very document", async () => {
        const operator = new LlamaStackOperator("operator");
        assert.equal(await valueOf(pulumi.output(operator.crdName)), "llamastackdistributions.llamastack.io");
        const installed = find("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "operator-crd").inputs;
        assert.deepEqual(installed.spec, JSON.parse(JSON.stringify(crd.spec)));
        assert.equal(await valueOf(operator.apiVersion), "llamastack.io/v1alpha1");
    });
});
