import * as assert from "assert";
import { containerFields, podFields, volumeSources } from "../../../controller/podOverrides";
import { loadCrdDocument } from "../../../src/core/crd";

// The controller refuses what the CRD's schema refuses, for CRDs installed from elsewhere; the two
// lists are written twice (the controller does not read the CRD), so this keeps them equal.
describe("controller pod overrides: the same fields as the CRD's schema", () => {
    const versions = loadCrdDocument().spec.versions as { name: string; schema: { openAPIV3Schema: { properties: { spec: { properties: Record<string, any> } } } } }[];
    const sorted = (keys: Iterable<string>): string[] => [...keys].sort();

    for (const version of versions) {
        const spec = version.schema.openAPIV3Schema.properties.spec.properties;
        it(`${version.name}: podSecurityContext, securityContext and the volume kinds`, () => {
            assert.deepEqual(sorted(Object.keys(spec.podSecurityContext.properties)), sorted(podFields));
            assert.deepEqual(sorted(Object.keys(spec.securityContext.properties)), sorted(containerFields));
            assert.deepEqual(sorted(Object.keys(spec.volumes.items.properties).filter((k) => k !== "name")), sorted(volumeSources));
        });
    }
});
