import { compareQuantities, parseQuantity } from "./quantity";
import { isExtendedResource, rules } from "./rules";
import { resourceKey as key, show } from "./format";
import { Problems } from "./validation";

/** Plain requests and limits, after every Output has resolved. */
export interface ResolvedResources {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
}

/**
 * Checks resources the way the API server would, and the guide's rules on top: every value a
 * quantity, each limit at least its request, extended resources (GPUs) with request == limit.
 */
export function checkResources(problems: Problems, field: string, resources: ResolvedResources | undefined): void {
    const requests = resources?.requests ?? {};
    const limits = resources?.limits ?? {};
    for (const [kind, values] of [["requests", requests], ["limits", limits]] as const) {
        for (const [resource, value] of Object.entries(values)) {
            if (parseQuantity(value) === undefined) {
                problems.add(`${field}.${kind}${key(resource)} ${show(value)}`, rules.quantity);
            } else if (parseQuantity(value)!.num < 0n) {
                problems.add(`${field}.${kind}${key(resource)} ${show(value)}`, "must not be negative");
            }
        }
    }
    for (const [resource, requestText] of Object.entries(requests)) {
        const request = parseQuantity(requestText);
        const limitText = limits[resource];
        if (isExtendedResource(resource)) {
            if (limitText === undefined) {
                problems.add(`${field}.limits${key(resource)}`, `is missing: ${rules.extendedResourceNeedsLimit}`);
                continue;
            }
            const limit = parseQuantity(limitText);
            if (request && limit && compareQuantities(limit, request) !== 0) {
                problems.add(
                    `${field}.limits${key(resource)} ${show(limitText)}`,
                    `differs from requests${key(resource)} ${show(requestText)}: ${rules.extendedResourcesEqual}`,
                );
            }
            continue;
        }
        if (limitText === undefined) {
            continue;
        }
        const limit = parseQuantity(limitText);
        if (request && limit && compareQuantities(limit, request) < 0) {
            problems.add(
                `${field}.limits${key(resource)} ${show(limitText)}`,
                `is below requests${key(resource)} ${show(requestText)}: ${rules.limitsAtLeastRequests}`,
            );
        }
    }
}
