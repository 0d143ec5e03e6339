import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import {
    defaultContainerLimits,
    defaultContainerRequests,
    defaultGpuResourceName,
    defaultMaxLimitRequestRatio,
    defaultPodSecurityLevel,
    defaultPodSecurityVersion,
} from "./defaults";
import { PodSecurityLevel } from "./enums";
import { checkDns1123Label, checkLabels } from "./names";
import { compareQuantities, parseQuantity, Quantity } from "./quantity";
import { isExtendedResource, rules } from "./rules";
import { componentLabel, Problems, requireArgs, show, validated } from "./validation";

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

const levels: readonly string[] = Object.values(PodSecurityLevel);
const podSecurityVersion = /^(latest|v1\.[0-9]+)$/;
const podSecurityModes = ["enforce", "warn", "audit"] as const;

/** Pod Security admission labels: one level for enforce, warn and audit, each with its version. */
export function podSecurityLabels(level: string, version: string): Record<string, string> {
    const labels: Record<string, string> = {};
    for (const mode of podSecurityModes) {
        labels[`pod-security.kubernetes.io/${mode}`] = level;
        labels[`pod-security.kubernetes.io/${mode}-version`] = version;
    }
    return labels;
}

function quantity(problems: Problems, field: string, value: string): Quantity | undefined {
    const parsed = parseQuantity(value);
    if (parsed === undefined) {
        problems.add(`${field} ${show(value)}`, rules.quantity);
    } else if (parsed.num < 0n) {
        problems.add(`${field} ${show(value)}`, "must not be negative");
        return undefined;
    }
    return parsed;
}

function times(q: Quantity, factor: Quantity): Quantity {
    return { num: q.num * factor.num, den: q.den * factor.den };
}

/** The LimitRange's maps, defaulted. */
export function limitRangeValues(limitRange: pulumi.Unwrap<LimitRange> | undefined): {
    maxLimitRequestRatio: Record<string, string>;
    defaultRequests: Record<string, string>;
    defaultLimits: Record<string, string>;
    max?: Record<string, string>;
} {
    return {
        maxLimitRequestRatio: { ...(limitRange?.maxLimitRequestRatio ?? { cpu: defaultMaxLimitRequestRatio, memory: defaultMaxLimitRequestRatio }) },
        defaultRequests: { ...(limitRange?.defaultRequests ?? defaultContainerRequests) },
        defaultLimits: { ...(limitRange?.defaultLimits ?? defaultContainerLimits) },
        max: limitRange?.max ? { ...limitRange.max } : undefined,
    };
}

/** Every rule on a namespace's arguments; `problems` names the component in its errors. */
export function checkNamespaceArgs(problems: Problems, name: string, args: ResolvedNamespaceArgs): void {
    checkDns1123Label(problems, "name", args.name ?? name);
    checkLabels(problems, "labels", args.labels);
    if (args.podSecurity !== undefined) {
        problems.check(levels.includes(args.podSecurity), `podSecurity ${show(args.podSecurity)}`, `must be one of ${levels.join(", ")}`);
    }
    if (args.podSecurityVersion !== undefined) {
        // It becomes a label value, which Kubernetes caps at 63 characters: longer text is not matched at all.
        const version = args.podSecurityVersion;
        problems.check(version.length <= 63 && podSecurityVersion.test(version), `podSecurityVersion ${show(version)}`, 'must be "latest" or a Kubernetes minor version such as "v1.30"');
    }

    const quota = args.quota;
    if (quota !== undefined && (quota.enabled ?? true)) {
        for (const [kind, values] of [["requests", quota.requests], ["limits", quota.limits]] as const) {
            for (const [resource, value] of Object.entries(values ?? {})) {
                quantity(problems, `quota.${kind}[${show(resource)}]`, value);
                if (kind === "limits" && isExtendedResource(resource)) {
                    problems.add(`quota.limits[${show(resource)}]`, "is not allowed: quotas count extended resources such as GPUs by requests only; use quota.gpus");
                }
            }
        }
        const gpuName = quota.gpuResourceName ?? defaultGpuResourceName;
        if (quota.gpus !== undefined) {
            quantity(problems, "quota.gpus", quota.gpus);
            if (quota.requests?.[gpuName] !== undefined) {
                problems.add(`quota.requests[${show(gpuName)}]`, "conflicts with quota.gpus; set the GPU quota in one place");
            }
        }
        if (quota.gpuResourceName !== undefined) {
            problems.check(quota.gpuResourceName.includes("/"), `quota.gpuResourceName ${show(quota.gpuResourceName)}`, "must be an extended resource name with a domain, such as nvidia.com/gpu");
        }
        if (quota.pods !== undefined) {
            problems.check(/^[0-9]+$/.test(quota.pods), `quota.pods ${show(quota.pods)}`, "must be a whole number");
        }
        const hard = buildQuotaHard(quota);
        problems.check(Object.keys(hard).length > 0, "quota", "must limit at least one of requests, limits, gpus or pods");
    }

    const limitRange = args.limitRange;
    if (limitRange === undefined || (limitRange.enabled ?? true)) {
        const values = limitRangeValues(limitRange);
        const ratios: Record<string, Quantity> = {};
        for (const [resource, value] of Object.entries(values.maxLimitRequestRatio)) {
            const ratio = quantity(problems, `limitRange.maxLimitRequestRatio[${show(resource)}]`, value);
            if (ratio && compareQuantities(ratio, { num: 1n, den: 1n }) < 0) {
                problems.add(`limitRange.maxLimitRequestRatio[${show(resource)}] ${show(value)}`, "must be at least 1: a limit is never below its request");
            } else if (ratio) {
                ratios[resource] = ratio;
            }
        }
        const requests: Record<string, Quantity> = {};
        for (const [resource, value] of Object.entries(values.defaultRequests)) {
            const parsed = quantity(problems, `limitRange.defaultRequests[${show(resource)}]`, value);
            if (parsed) {
                requests[resource] = parsed;
            }
        }
        for (const [resource, value] of Object.entries(values.defaultLimits)) {
            const limit = quantity(problems, `limitRange.defaultLimits[${show(resource)}]`, value);
            const request = requests[resource];
            if (!limit || !request) {
                continue;
            }
            if (compareQuantities(limit, request) < 0) {
                problems.add(
                    `limitRange.defaultLimits[${show(resource)}] ${show(value)}`,
                    `is below defaultRequests[${show(resource)}] ${show(values.defaultRequests[resource])}: ${rules.limitsAtLeastRequests}`,
                );
            } else if (ratios[resource] && compareQuantities(limit, times(request, ratios[resource])) > 0) {
                problems.add(
                    `limitRange.defaultLimits[${show(resource)}] ${show(value)}`,
                    `exceeds maxLimitRequestRatio ${show(values.maxLimitRequestRatio[resource])} x defaultRequests[${show(resource)}] ${show(values.defaultRequests[resource])}: containers given both defaults would be rejected`,
                );
            }
        }
        for (const [resource, value] of Object.entries(values.max ?? {})) {
            const max = quantity(problems, `limitRange.max[${show(resource)}]`, value);
            const defaultLimit = values.defaultLimits[resource] !== undefined ? parseQuantity(values.defaultLimits[resource]) : undefined;
            if (max && defaultLimit && compareQuantities(defaultLimit, max) > 0) {
                problems.add(`limitRange.defaultLimits[${show(resource)}] ${show(values.defaultLimits[resource])}`, `exceeds max[${show(resource)}] ${show(value)}`);
            }
        }
    }
}

/** The ResourceQuota's `spec.hard`: `requests.<r>`, `limits.<r>`, `requests.<gpu>`, `pods`. */
export function buildQuotaHard(quota: pulumi.Unwrap<ResourceQuota>): Record<string, string> {
    const hard: Record<string, string> = {};
    for (const [resource, value] of Object.entries(quota.requests ?? {})) {
        hard[`requests.${resource}`] = value;
    }
    for (const [resource, value] of Object.entries(quota.limits ?? {})) {
        hard[`limits.${resource}`] = value;
    }
    if (quota.gpus !== undefined) {
        hard[`requests.${quota.gpuResourceName ?? defaultGpuResourceName}`] = quota.gpus;
    }
    if (quota.pods !== undefined) {
        hard.pods = quota.pods;
    }
    return hard;
}

/** The LimitRange's `spec`: one `Container` limit with the ratio, defaults and optional max. */
export function buildLimitRangeSpec(limitRange: pulumi.Unwrap<LimitRange> | undefined): Record<string, unknown> {
    const values = limitRangeValues(limitRange);
    const limit: Record<string, unknown> = {
        type: "Container",
        maxLimitRequestRatio: values.maxLimitRequestRatio,
        defaultRequest: values.defaultRequests,
        default: values.defaultLimits,
    };
    if (values.max) {
        limit.max = values.max;
    }
    return { limits: [limit] };
}

/** The namespace's labels: the user's, the recommended ones, and the Pod Security labels. */
export function buildNamespaceLabels(args: ResolvedNamespaceArgs): Record<string, string> {
    return {
        ...(args.labels ?? {}),
        "app.kubernetes.io/part-of": "llamastack",
        "app.kubernetes.io/managed-by": "pulumi",
        ...podSecurityLabels(args.podSecurity ?? defaultPodSecurityLevel, args.podSecurityVersion ?? defaultPodSecurityVersion),
    };
}

/**
 * A namespace for LlamaStack distributions, set up for the guide's "Resource Constraints": Pod
 * Security `restricted` enforced (and warned and audited), a LimitRange that enforces the guide's
 * "limits at most 2x requests" at admission and gives defaults to containers without requests or
 * limits, and, when asked, a ResourceQuota on the namespace's CPU, memory and GPU requests.
 */
export class LlamaStackNamespace extends pulumi.ComponentResource {
    /** Name of the namespace; pass as a Distribution's `namespace`. */
    public readonly name: pulumi.Output<string>;
    /** Name of the ResourceQuota; empty when there is none. */
    public readonly quotaName: pulumi.Output<string>;
    /** Name of the LimitRange; empty when there is none. */
    public readonly limitRangeName: pulumi.Output<string>;

    constructor(name: string, args: LlamaStackNamespaceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:LlamaStackNamespace", name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("LlamaStackNamespace", name, args, []);

        const resolved = validated(args, (a) => {
            const problems = new Problems(componentLabel("LlamaStackNamespace", name));
            checkNamespaceArgs(problems, name, a as ResolvedNamespaceArgs);
            problems.throwIfAny();
        }) as pulumi.Output<ResolvedNamespaceArgs>;

        const namespace = new k8s.core.v1.Namespace(
            name,
            { metadata: { name: args.name ?? name, labels: resolved.apply((a) => buildNamespaceLabels(a)) } },
            { parent: this },
        );
        const namespaceName = namespace.metadata.name;
        const labels = { "app.kubernetes.io/part-of": "llamastack", "app.kubernetes.io/managed-by": "pulumi" };

        let quotaName: pulumi.Output<string> = pulumi.output("");
        if (args.quota !== undefined && (args.quota.enabled ?? true)) {
            const quota = new k8s.core.v1.ResourceQuota(
                `${name}-quota`,
                {
                    metadata: { name: "llamastack", namespace: namespaceName, labels },
                    spec: { hard: resolved.apply((a) => buildQuotaHard(a.quota!)) },
                },
                { parent: this },
            );
            quotaName = quota.metadata.name;
        }

        let limitRangeName: pulumi.Output<string> = pulumi.output("");
        if (args.limitRange?.enabled ?? true) {
            const limitRange = new k8s.core.v1.LimitRange(
                `${name}-limits`,
                {
                    metadata: { name: "llamastack", namespace: namespaceName, labels },
                    spec: resolved.apply((a) => buildLimitRangeSpec(a.limitRange)) as unknown as pulumi.Output<k8s.types.input.core.v1.LimitRangeSpec>,
                },
                { parent: this },
            );
            limitRangeName = limitRange.metadata.name;
        }

        this.name = namespaceName;
        this.quotaName = quotaName;
        this.limitRangeName = limitRangeName;
        this.registerOutputs({ name: this.name, quotaName: this.quotaName, limitRangeName: this.limitRangeName });
    }
}
