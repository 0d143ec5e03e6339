// PodDisruptionBudgets that defeat themselves: a budget that allows no eviction at all blocks every
// node drain and cluster upgrade (and the pods still go when the node dies), and a budget that
// selects none of the stack's pods protects nothing.

import { StackValidationPolicy } from "@pulumi/policy";
import { asDict, asArray, at, isUnknown, selects, show, stringLabels, text } from "./kube";
import { replicaFloor } from "./availability";
import { Stack, StackObject } from "./stack";

/** A whole count, or a percentage such as "50%"; undefined for anything else. */
function intOrPercent(value: unknown): { count: number } | { percent: number } | undefined {
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) {
        return { count: value };
    }
    if (typeof value === "string") {
        const match = /^(\d+)%$/.exec(value.trim());
        if (match) {
            return { percent: Number(match[1]) };
        }
        if (/^\d+$/.test(value.trim())) {
            return { count: Number(value.trim()) };
        }
    }
    return undefined;
}

/** The workloads of the stack a budget selects; undefined when that cannot be known during preview. */
export function selectedWorkloads(stack: Stack, pdb: StackObject): StackObject[] | undefined {
    const selector = at(pdb.props, "spec", "selector");
    if (isUnknown(pdb.namespace) || isUnknown(selector)) {
        return undefined;
    }
    const found: StackObject[] = [];
    for (const object of stack.workloadsThatMaySelect(at(selector, "matchLabels"))) {
        if (isUnknown(object.namespace)) {
            return undefined;
        }
        if (object.namespace !== pdb.namespace) {
            continue;
        }
        const labels = stringLabels(object.workload.podLabels);
        if (labels === undefined) {
            return undefined;
        }
        const match = selects(selector, labels);
        if (isUnknown(match)) {
            return undefined;
        }
        if (match) {
            found.push(object);
        }
    }
    return found;
}

/** Whether a selector is empty (policy/v1: every pod of the namespace). */
function isEmptySelector(selector: unknown): boolean {
    return Object.keys(asDict(at(selector, "matchLabels")) ?? {}).length === 0 && (asArray(at(selector, "matchExpressions")) ?? []).length === 0;
}

export const disruptionBudgetAllowsEviction: StackValidationPolicy = {
    name: "disruption-budget-allows-eviction",
    description:
        "A PodDisruptionBudget allows at least one eviction: maxUnavailable is not 0, and minAvailable is below the replicas of every workload it selects (below its HPA's minReplicas when autoscaled). A budget that allows none blocks every node drain.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        const drainHint = "`kubectl drain` and cluster upgrades wait on it forever, while an unplanned node loss still takes the pods";
        for (const pdb of stack.pdbs) {
            const spec = at(pdb.props, "spec");
            const maxUnavailable = at(spec, "maxUnavailable");
            const minAvailable = at(spec, "minAvailable");
            const max = intOrPercent(maxUnavailable);
            if (max !== undefined && ("count" in max ? max.count === 0 : max.percent === 0)) {
                reportViolation(
                    `${pdb.subject}: spec.maxUnavailable ${show(maxUnavailable)} allows no voluntary eviction: ${drainHint}. Set maxUnavailable to 1 (or a percentage above 0).`,
                    pdb.urn,
                );
                continue;
            }
            const min = intOrPercent(minAvailable);
            if (min === undefined) {
                continue;
            }
            if ("percent" in min && min.percent >= 100) {
                reportViolation(
                    `${pdb.subject}: spec.minAvailable ${show(minAvailable)} allows no voluntary eviction: ${drainHint}. Use maxUnavailable: 1 instead.`,
                    pdb.urn,
                );
                continue;
            }
            for (const object of selectedWorkloads(stack, pdb) ?? []) {
                if (!object.workload?.scalable) {
                    continue;
                }
                const floor = replicaFloor(stack, object);
                if (typeof floor !== "number" || floor < 1) {
                    continue;
                }
                // The disruption controller rounds a percentage of minAvailable up.
                const needed = "count" in min ? min.count : Math.ceil((min.percent * floor) / 100);
                if (needed < floor) {
                    continue;
                }
                const hpa = stack.hpasOf(object)[0];
                const runs = hpa !== undefined ? `${hpa.subject} may scale it down to ${floor} (spec.minReplicas)` : `it runs ${floor} (spec.replicas${object.workload.replicas === undefined ? " unset" : ""})`;
                reportViolation(
                    `${pdb.subject}: spec.minAvailable ${show(minAvailable)} keeps every pod of ${object.subject}, since ${runs}: the budget allows no voluntary eviction, so ${drainHint}. ` +
                        `Use maxUnavailable: 1${hpa !== undefined ? ", or raise the HPA's minReplicas above minAvailable" : ", or run more replicas than minAvailable"}.`,
                    pdb.urn,
                );
            }
        }
    },
};

export const disruptionBudgetSelectsPods: StackValidationPolicy = {
    name: "disruption-budget-selects-pods",
    description:
        "A PodDisruptionBudget selects the pods of at least one workload of the stack in its namespace (checked when the stack has workloads there): a selector that matches nothing protects nothing.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        const byNamespace = new Map<string, string[]>();
        for (const o of stack.workloads) {
            if (!isUnknown(o.namespace)) {
                const list = byNamespace.get(o.namespace);
                if (list === undefined) {
                    byNamespace.set(o.namespace, [o.subject]);
                } else {
                    list.push(o.subject);
                }
            }
        }
        for (const pdb of stack.pdbs) {
            const selector = at(pdb.props, "spec", "selector");
            if (isUnknown(selector) || isEmptySelector(selector)) {
                continue;
            }
            const inNamespace = isUnknown(pdb.namespace) ? [] : (byNamespace.get(pdb.namespace) ?? []);
            const selected = selectedWorkloads(stack, pdb);
            if (selected === undefined || selected.length > 0 || inNamespace.length === 0) {
                continue;
            }
            const shown = inNamespace.length <= 3 ? inNamespace.join(", ") : `${inNamespace.slice(0, 3).join(", ")} and ${inNamespace.length - 3} more`;
            reportViolation(
                `${pdb.subject}: spec.selector ${show(selector)} selects none of the pods of this stack's workloads in namespace "${text(pdb.namespace)}" ` +
                    `(${shown}), so it protects nothing from a drain. Select the pods' labels (a distribution's pods carry app: <name>); ` +
                    `if the budget is for pods deployed elsewhere, ignore this advisory.`,
                pdb.urn,
            );
        }
    },
};
