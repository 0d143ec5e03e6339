// LlamaStackNamespace's arguments and its enum (a const object, see core/enums.ts). Defaults: defaults.ts.
import * as pulumi from "@pulumi/pulumi";

/** Pod Security Standards levels, enforced per namespace by the built-in admission controller. */
export const PodSecurityLevel = {
    /** No restrictions. */
    Privileged: "privileged",
    /** Blocks known privilege escalations (host namespaces, hostPath, privileged containers). */
    Baseline: "baseline",
    /** Baseline plus hardening: non-root, no privilege escalation, capabilities dropped, seccomp. */
    Restricted: "restricted",
} as const;
export type PodSecurityLevel = (typeof PodSecurityLevel)[keyof typeof PodSecurityLevel];

/**
 * A ResourceQuota: the namespace's total requests and limits (the guide's "Resource
 * Constraints": `kubectl describe resourcequota`). Every pod in the namespace must then state
 * the quota'd requests and limits; the LimitRange gives defaults to containers that do not.
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
export interface ResourceQuota {
    /**
     * Create the ResourceQuota. Defaults to true.
     * @default true
     */
    enabled?: boolean;
    /** Total requests of all pods, e.g. `{ cpu: "32", memory: "128Gi" }` (becomes `requests.cpu`, ...). */
    requests?: pulumi.Input<{ [resource: string]: pulumi.Input<string> }>;
    /** Total limits of all pods, e.g. `{ cpu: "64", memory: "256Gi" }` (becomes `limits.cpu`, ...). */
    limits?: pulumi.Input<{ [resource: string]: pulumi.Input<string> }>;
    /** Total GPUs requested by all pods, e.g. "4" (becomes `requests.nvidia.com/gpu`). */
    gpus?: pulumi.Input<string>;
    /**
     * The GPU resource `gpus` counts. Defaults to "nvidia.com/gpu".
     * @default "nvidia.com/gpu"
     */
    gpuResourceName?: pulumi.Input<string>;
    /** Most pods at once, e.g. "50". */
    pods?: pulumi.Input<string>;
}

/**
 * A LimitRange on every container of the namespace: the guide's "limits at most 2x requests"
 * enforced at admission by `maxLimitRequestRatio`, and defaults for containers that set no
 * requests or limits (with a ratio, every container needs both).
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 */
export interface LimitRange {
    /**
     * Create the LimitRange. Defaults to true.
     * @default true
     */
    enabled?: boolean;
    /**
     * Largest limit/request ratio per resource; the API server rejects containers above it.
     * Defaults to { cpu: "2", memory: "2" }.
     * @default { cpu: "2", memory: "2" }
     */
    maxLimitRequestRatio?: pulumi.Input<{ [resource: string]: pulumi.Input<string> }>;
    /**
     * Requests given to containers that set none. Defaults to { cpu: "250m", memory: "512Mi" }.
     * @default { cpu: "250m", memory: "512Mi" }
     */
    defaultRequests?: pulumi.Input<{ [resource: string]: pulumi.Input<string> }>;
    /**
     * Limits given to containers that set none. A container that sets a request above this limit
     * but no limit is rejected, so give every container its own limits.
     * Defaults to { cpu: "500m", memory: "1Gi" }.
     * @default { cpu: "500m", memory: "1Gi" }
     */
    defaultLimits?: pulumi.Input<{ [resource: string]: pulumi.Input<string> }>;
    /** Largest limits one container may have, e.g. `{ cpu: "16", memory: "64Gi" }`. */
    max?: pulumi.Input<{ [resource: string]: pulumi.Input<string> }>;
}

/** Arguments of `LlamaStackNamespace`. */
export interface LlamaStackNamespaceArgs {
    /**
     * Name of the namespace. Defaults to the component's name.
     * @default the component's name
     */
    name?: pulumi.Input<string>;
    /** Extra labels on the namespace. */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Pod Security level enforced (and warned and audited) in the namespace. Defaults to "restricted".
     * @default "restricted"
     */
    podSecurity?: pulumi.Input<PodSecurityLevel>;
    /**
     * Pod Security Standards version the level refers to, "latest" or e.g. "v1.30". Defaults to "latest".
     * @default "latest"
     */
    podSecurityVersion?: pulumi.Input<string>;
    /** The namespace's ResourceQuota; none unless given. */
    quota?: ResourceQuota;
    /** The namespace's LimitRange; created by default. */
    limitRange?: LimitRange;
}

/** `LlamaStackNamespaceArgs` after every Output has resolved. */
export type ResolvedNamespaceArgs = pulumi.Unwrap<LlamaStackNamespaceArgs>;
