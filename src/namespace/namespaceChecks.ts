// The checks of a LlamaStackNamespace's arguments: Pod Security level, quota and limit range.
import { defaultGpuResourceName } from "../core/defaults";
import { PodSecurityLevel, ResolvedNamespaceArgs } from "./args";
import { checkDns1123Label, checkLabels } from "../core/names";
import { compareQuantities, parseQuantity, Quantity } from "../core/quantity";
import { isExtendedResource, rules } from "../core/rules";
import { Problems, show } from "../core/validation";
import { buildQuotaHard, limitRangeValues } from "./namespaceSpec";

const levels: readonly string[] = Object.values(PodSecurityLevel);
const podSecurityVersion = /^(latest|v1\.[0-9]+)$/;

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
