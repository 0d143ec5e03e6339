// Requests and limits: present, valid, not overcommitted beyond `maxRatio` (the guide's "2x
// requests"), and GPUs (extended resources) with requests == limits. Quantities are compared
// exactly, as Kubernetes does, so "0.5" == "500m" and "1Gi" == "1024Mi".

import { ResourceValidationPolicy } from "@pulumi/policy";
import {
    compareQuantities,
    formatQuantity,
    isBinaryQuantityText,
    parseQuantity,
    Quantity,
    quantityRatio,
    scaleQuantity,
} from "../src/core/quantity";
import { isExtendedResource, rules } from "../src/core/rules";
import { asDict, ContainerView, isUnknown, key, objectAt, show, subjectOf, Unknown, unknown, Workload, workloadOfArgs, writableMap } from "./kube";

/** Config of `limits-to-requests-ratio`. */
export interface RatioConfig {
    /** Highest allowed `limit / request`. @default 2 */
    maxRatio?: number;
    /** Resources the ratio applies to. @default ["cpu", "memory"] */
    resources?: string[];
}

/** Config of `resource-requests-and-limits`. */
export interface RequestsAndLimitsConfig {
    /** Resources every container must request and limit. @default ["cpu", "memory"] */
    resources?: string[];
}

export const defaultMaxRatio = 2;
export const defaultRatioResources = ["cpu", "memory"];

const resourcesSchema = {
    type: "array" as const,
    items: { type: "string" as const },
    default: defaultRatioResources,
    description: "Resource names the rule applies to.",
};


/** Each known container's requests and limits (unknown maps, or an unknown list, are skipped). */
function* containersWithResources(workload: Workload): Generator<{
    container: ContainerView;
    requests: Record<string, unknown> | Unknown;
    limits: Record<string, unknown> | Unknown;
}> {
    if (isUnknown(workload.containers)) {
        return;
    }
    for (const container of workload.containers) {
        if (isUnknown(container.resources)) {
            continue;
        }
        const requests = (container.resources as Record<string, unknown> | undefined)?.requests;
        const limits = (container.resources as Record<string, unknown> | undefined)?.limits;
        yield {
            container,
            requests: isUnknown(requests) ? unknown : (asDict(requests) ?? {}),
            limits: isUnknown(limits) ? unknown : (asDict(limits) ?? {}),
        };
    }
}

function quantityText(value: unknown): string | number | undefined {
    return typeof value === "string" || typeof value === "number" ? value : undefined;
}

function parsed(value: unknown): Quantity | undefined {
    const text = quantityText(value);
    return text === undefined ? undefined : parseQuantity(text);
}

function resourceList(config: { resources?: string[] }): string[] {
    return Array.isArray(config.resources) ? config.resources : defaultRatioResources;
}

function list(names: string[]): string {
    return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------

export const requestsAndLimits: ResourceValidationPolicy = {
    name: "resource-requests-and-limits",
    description:
        "Every container (init containers too) requests and limits cpu and memory with valid quantities, and no limit is below its request.",
    enforcementLevel: "mandatory",
    configSchema: { properties: { resources: resourcesSchema } },
    validateResource: (args, reportViolation) => {
        const workload = workloadOfArgs(args);
        if (workload === undefined) {
            return;
        }
        const required = resourceList(args.getConfig<RequestsAndLimitsConfig>());
        for (const { container, requests, limits } of containersWithResources(workload)) {
            const subject = subjectOf(workload, container);
            const field = `${container.field}.resources`;
            for (const [kind, values] of [["requests", requests], ["limits", limits]] as const) {
                if (isUnknown(values)) {
                    continue;
                }
                for (const [name, value] of Object.entries(values)) {
                    if (isUnknown(value)) {
                        continue;
                    }
                    const quantity = parsed(value);
                    if (quantity === undefined) {
                        reportViolation(`${subject}: ${field}.${kind}${key(name)} ${show(value)} ${rules.quantity}.`);
                    } else if (quantity.num < 0n) {
                        reportViolation(`${subject}: ${field}.${kind}${key(name)} ${show(value)} must not be negative.`);
                    }
                }
            }
            if (isUnknown(requests) || isUnknown(limits)) {
                continue;
            }
            for (const name of required) {
                // A limit alone is fine: Kubernetes then sets the request equal to the limit.
                if (limits[name] === undefined) {
                    const what = requests[name] === undefined ? `sets neither requests${key(name)} nor limits${key(name)}` : `has requests${key(name)} ${show(requests[name])} but no limits${key(name)}`;
                    reportViolation(
                        `${subject}: ${field} ${what}. Set both requests and limits for ${list(required)} on every container: ` +
                            `requests let the scheduler place the pod and an autoscaler compute utilization, limits keep one pod from starving its node.`,
                    );
                }
            }
            for (const [name, requestText] of Object.entries(requests)) {
                const limitText = limits[name];
                if (isExtendedResource(name) || isUnknown(requestText) || isUnknown(limitText)) {
                    continue;
                }
                const request = parsed(requestText);
                const limit = parsed(limitText);
                if (request && limit && compareQuantities(limit, request) < 0) {
                    reportViolation(
                        `${subject}: ${field}.limits${key(name)} ${show(limitText)} is below requests${key(name)} ${show(requestText)}: ${rules.limitsAtLeastRequests}. ` +
                            `Raise the limit or lower the request.`,
                    );
                }
            }
        }
    },
};

// ---------------------------------------------------------------------------------------------

interface RatioFinding {
    container: ContainerView;
    name: string;
    requestText: string | number;
    limitText: string | number;
    ratio: number;
    /** The limit at exactly `maxRatio × request`, written like the original. */
    allowedLimit: string | undefined;
}

function maxRatioOf(config: RatioConfig): number {
    return typeof config.maxRatio === "number" && config.maxRatio > 0 ? config.maxRatio : defaultMaxRatio;
}

function ratioFindings(workload: Workload, config: RatioConfig): RatioFinding[] {
    const maxRatio = maxRatioOf(config);
    const findings: RatioFinding[] = [];
    for (const { container, requests, limits } of containersWithResources(workload)) {
        if (isUnknown(requests) || isUnknown(limits)) {
            continue;
        }
        for (const name of resourceList(config)) {
            const requestText = quantityText(requests[name]);
            const limitText = quantityText(limits[name]);
            if (requestText === undefined || limitText === undefined) {
                continue;
            }
            const request = parseQuantity(requestText);
            const limit = parseQuantity(limitText);
            if (!request || !limit || limit.num <= 0n) {
                continue;
            }
            if (request.num <= 0n) {
                findings.push({ container, name, requestText, limitText, ratio: Infinity, allowedLimit: undefined });
                continue;
            }
            const allowed = scaleQuantity(request, maxRatio);
            if (compareQuantities(limit, allowed) > 0) {
                const binary = isBinaryQuantityText(limitText) || isBinaryQuantityText(requestText);
                findings.push({
                    container,
                    name,
                    requestText,
                    limitText,
                    ratio: quantityRatio(limit, request),
                    allowedLimit: formatQuantity(allowed, binary ? "binary" : "decimal"),
                });
            }
        }
    }
    return findings;
}

/** `3 times`, or `2.002 times` where two decimals would hide that the ratio is above the maximum. */
function times(ratio: number, maxRatio: number): string {
    if (!Number.isFinite(ratio)) {
        return "infinitely many times";
    }
    const short = Number(ratio.toFixed(2));
    return `${short > maxRatio ? short : Number(ratio.toFixed(6))} times`;
}

export const limitsToRequestsRatio: ResourceValidationPolicy = {
    name: "limits-to-requests-ratio",
    description:
        "A container's cpu and memory limits are at most maxRatio (default 2) times its requests, as the scaling guide's \"2x requests\" advises; remediation lowers the limit.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxRatio: {
                type: "number",
                minimum: 1,
                default: defaultMaxRatio,
                description: "Highest allowed limit / request.",
            },
            resources: resourcesSchema,
        },
    },
    validateResource: (args, reportViolation) => {
        const workload = workloadOfArgs(args);
        if (workload === undefined) {
            return;
        }
        const maxRatio = maxRatioOf(args.getConfig<RatioConfig>());
        for (const finding of ratioFindings(workload, args.getConfig<RatioConfig>())) {
            const field = `${finding.container.field}.resources`;
            const fix =
                finding.allowedLimit === undefined
                    ? `Set a request greater than 0.`
                    : `Lower the limit to ${show(finding.allowedLimit)} or raise the request.`;
            reportViolation(
                `${subjectOf(workload, finding.container)}: ${field}.limits${key(finding.name)} ${show(finding.limitText)} is ` +
                    `${times(finding.ratio, maxRatio)} requests${key(finding.name)} ${show(finding.requestText)}, above the allowed ratio of ${maxRatio}. ${fix}`,
            );
        }
    },
    remediateResource: (args) => {
        const workload = workloadOfArgs(args);
        if (workload === undefined) {
            return undefined;
        }
        let changed = false;
        for (const finding of ratioFindings(workload, args.getConfig<RatioConfig>())) {
            const limits = objectAt(args.props, [...finding.container.path, "resources", "limits"]);
            if (limits !== undefined && finding.allowedLimit !== undefined) {
                limits[finding.name] = finding.allowedLimit;
                changed = true;
            }
        }
        return changed ? args.props : undefined;
    },
};

// ---------------------------------------------------------------------------------------------

interface GpuFinding {
    container: ContainerView;
    name: string;
    requestText: string | number;
    limitText: string | number | undefined;
}

function gpuFindings(workload: Workload): GpuFinding[] {
    const findings: GpuFinding[] = [];
    for (const { container, requests, limits } of containersWithResources(workload)) {
        if (isUnknown(requests) || isUnknown(limits)) {
            continue;
        }
        for (const [name, requestValue] of Object.entries(requests)) {
            const requestText = quantityText(requestValue);
            if (!isExtendedResource(name) || requestText === undefined || !parseQuantity(requestText) || isUnknown(limits[name])) {
                continue;
            }
            const limitText = quantityText(limits[name]);
            if (limitText === undefined) {
                findings.push({ container, name, requestText, limitText });
                continue;
            }
            const request = parseQuantity(requestText);
            const limit = parseQuantity(limitText);
            if (request && limit && compareQuantities(request, limit) !== 0) {
                findings.push({ container, name, requestText, limitText });
            }
        }
    }
    return findings;
}

export const gpuRequestsEqualLimits: ResourceValidationPolicy = {
    name: "gpu-requests-equal-limits",
    description:
        "Extended resources such as nvidia.com/gpu have requests equal to limits; the API server rejects pods that overcommit them. Remediation sets both to the smaller of the two.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const workload = workloadOfArgs(args);
        if (workload === undefined) {
            return;
        }
        for (const finding of gpuFindings(workload)) {
            const field = `${finding.container.field}.resources`;
            const subject = subjectOf(workload, finding.container);
            if (finding.limitText === undefined) {
                reportViolation(
                    `${subject}: ${field}.limits${key(finding.name)} is missing: ${rules.extendedResourceNeedsLimit}. ` +
                        `Set limits${key(finding.name)} to ${show(finding.requestText)}.`,
                );
            } else {
                reportViolation(
                    `${subject}: ${field}.limits${key(finding.name)} ${show(finding.limitText)} differs from requests${key(finding.name)} ` +
                        `${show(finding.requestText)}: ${rules.extendedResourcesEqual}. Set both to the number of GPUs each pod needs.`,
                );
            }
        }
    },
    remediateResource: (args) => {
        const workload = workloadOfArgs(args);
        if (workload === undefined) {
            return undefined;
        }
        let changed = false;
        for (const finding of gpuFindings(workload)) {
            const resources = objectAt(args.props, [...finding.container.path, "resources"]);
            if (resources === undefined) {
                continue;
            }
            // The smaller count never claims more GPUs than the user asked for in either field.
            let count: string | number = finding.requestText;
            if (finding.limitText !== undefined && compareQuantities(parseQuantity(finding.limitText)!, parseQuantity(finding.requestText)!) < 0) {
                count = finding.limitText;
            }
            // Only maps are written into (a missing or null limits becomes one); anything else is left as it is.
            const requests = objectAt(resources, ["requests"]);
            const limits = requests === undefined ? undefined : writableMap(resources, "limits");
            if (requests === undefined || limits === undefined) {
                continue;
            }
            requests[finding.name] = count;
            limits[finding.name] = count;
            changed = true;
        }
        return changed ? args.props : undefined;
    },
};
