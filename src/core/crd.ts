import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { packageRoot } from "./packageRoot";

/** API group, version and kind of the custom resource (defined in crdNames.ts, shared with the controller). */
export {
    apiVersion as crdApiVersion,
    group as crdGroup,
    kind as crdKind,
    plural as crdPlural,
    version as crdVersion,
} from "./crdNames";

/** Where the CRD document lives in the package; `kubectl apply -f` takes the same file. */
export const crdDocumentPath = path.join(packageRoot, "crds", "llamastack.io_llamastackdistributions.yaml");

let cached: Record<string, any> | undefined;

/** The CRD document, parsed once; callers get their own deep copy to change freely. */
export function loadCrdDocument(): Record<string, any> {
    cached ??= YAML.parse(fs.readFileSync(crdDocumentPath, "utf8")) as Record<string, any>;
    return structuredClone(cached);
}

/**
 * The CRD for an operator that allows pod overrides: `podSecurityContext` and `securityContext`
 * take any field, and `serviceAccountName` is no longer refused.
 */
export function withPodOverrides(document: Record<string, any>): Record<string, any> {
    const open = structuredClone(document);
    for (const version of open.spec.versions) {
        const spec = version.schema.openAPIV3Schema.properties.spec;
        for (const field of ["podSecurityContext", "securityContext"]) {
            spec.properties[field] = {
                type: "object",
                "x-kubernetes-preserve-unknown-fields": true,
                description: `Overrides the ${field === "podSecurityContext" ? "pod" : "container"} security context the controller sets by default (the operator allows pod overrides).`,
            };
        }
        spec["x-kubernetes-validations"] = (spec["x-kubernetes-validations"] ?? []).filter((v: { rule: string }) => v.rule !== "!has(self.serviceAccountName)");
    }
    return open;
}
