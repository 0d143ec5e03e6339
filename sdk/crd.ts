import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

/** API group, version and kind of the custom resource. */
export const crdGroup = "llamastack.io";
export const crdVersion = "v1alpha1";
export const crdApiVersion = `${crdGroup}/${crdVersion}`;
export const crdKind = "LlamaStackDistribution";
export const crdPlural = "llamastackdistributions";

/** Where the CRD document lives in the package; `kubectl apply -f` takes the same file. */
export const crdDocumentPath = path.join(__dirname, "..", "crds", "llamastack.io_llamastackdistributions.yaml");

let cached: Record<string, any> | undefined;

/** The CRD document, parsed once; callers get their own deep copy to change freely. */
export function loadCrdDocument(): Record<string, any> {
    cached ??= YAML.parse(fs.readFileSync(crdDocumentPath, "utf8")) as Record<string, any>;
    return structuredClone(cached);
}
