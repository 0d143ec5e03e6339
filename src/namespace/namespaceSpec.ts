// Pure builders of the namespace's labels (Pod Security), ResourceQuota and LimitRange.
import * as pulumi from "@pulumi/pulumi";
import { defaultGpuResourceName } from "../core/defaults";
import { defaultContainerLimits, defaultContainerRequests, defaultMaxLimitRequestRatio, defaultPodSecurityLevel, defaultPodSecurityVersion } from "./defaults";
import { LimitRange, ResolvedNamespaceArgs, ResourceQuota } from "./args";

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
