// A ValidatingAdmissionPolicy that keeps this package's CRD and the upstream operator's (same name,
// `llamastackdistributions.llamastack.io`, another schema) from replacing each other: replacing
// theirs strips `spec.server` from their objects on the next write, and theirs over ours strips
// ours. The API server enforces it, for `pulumi up` and `kubectl apply` alike, with a message that
// says whose CRD is there and what to do.
import { crdGroup, crdPlural } from "../core/crd";

/** The annotation that marks this package's CRD (its value names the schema). */
export const schemaFlavorAnnotation = "llamastack.io/schema-flavor";
/** Name of the policy and of its binding. */
export const crdGuardName = "llamastack-crd-guard";

const crdName = `${crdPlural}.${crdGroup}`;
/**
 * CEL: whether a CRD object holds our schema: a version whose `spec` has `image` (the upstream
 * operator's has `server` instead). Read from the schema rather than from our annotation, which a
 * server-side apply of the other CRD would leave in place while replacing the schema.
 */
const ours = (object: string) =>
    // dyn(): the type checker's model of JSONSchemaProps stops short of nested `properties`.
    `${object}.spec.versions.exists(v, has(v.schema) && has(v.schema.openAPIV3Schema) && has(v.schema.openAPIV3Schema.properties) && ` +
    `'spec' in v.schema.openAPIV3Schema.properties && 'properties' in dyn(v.schema.openAPIV3Schema.properties['spec']) && ` +
    `'image' in dyn(v.schema.openAPIV3Schema.properties['spec']).properties)`;

/** Messages of the guard, one per direction. */
export const crdGuardMessages = {
    takeover:
        `LlamaStackOperator will not replace the CRD ${crdName} that is in this cluster: it holds another schema (no spec.image), ` +
        "most likely by the upstream llama-stack-k8s-operator, whose objects keep everything under spec.server and would lose it on their next write. " +
        "Uninstall that operator and delete its CRD (which deletes its distributions) first, or keep it and do not install this package's CRD (installCrd: false).",
    overwrite:
        `The CRD ${crdName} in this cluster belongs to the llamastack Pulumi package (its schema has spec.image); replacing it with another operator's schema would strip its distributions' fields. ` +
        "Destroy the LlamaStackOperator and delete the CRD first.",
};

/**
 * The policy's spec: UPDATEs of the CRD that would change whose schema it holds are denied. An
 * unforced server-side apply meets a field conflict first (the other schema's fields belong to
 * another manager); this answers the forced ones, which a conflict no longer stops.
 */
export function buildCrdGuardPolicySpec(): Record<string, unknown> {
    return {
        failurePolicy: "Fail",
        // The API server's defaults written out: matchConstraints is one atomic field, so a stack
        // re-applying the (retained) policy must send exactly what is stored, or meet a conflict.
        matchConstraints: {
            matchPolicy: "Equivalent",
            namespaceSelector: {},
            objectSelector: {},
            resourceRules: [
                {
                    apiGroups: ["apiextensions.k8s.io"],
                    apiVersions: ["v1"],
                    operations: ["UPDATE"],
                    resources: ["customresourcedefinitions"],
                    resourceNames: [crdName],
                    scope: "*",
                },
            ],
        },
        validations: [
            { expression: `!${ours("object")} || ${ours("oldObject")}`, message: crdGuardMessages.takeover, reason: "Forbidden" },
            { expression: `${ours("object")} || !${ours("oldObject")}`, message: crdGuardMessages.overwrite, reason: "Forbidden" },
        ],
    };
}

/** The binding that turns the policy on, cluster-wide, denying what it rejects. */
export function buildCrdGuardBindingSpec(): Record<string, unknown> {
    return { policyName: crdGuardName, validationActions: ["Deny"] };
}
