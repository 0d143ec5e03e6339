// Stack rules about availability: replicated or autoscaled workloads have a PodDisruptionBudget,
// and workloads that run only on spot capacity have at least two replicas.

import { StackValidationPolicy } from "@pulumi/policy";
import { asArray, asDict, at, isUnknown, own, selects, show, stringLabels, text, unknown, Unknown } from "./kube";
import { minReplicasOf } from "./hpa";
import { nodePoolMatches, poolOf } from "./nodepools";
import { Stack, StackObject } from "./stack";

/** Config of `spot-min-replicas`. */
export interface SpotConfig {
    /** Fewest replicas a spot-only workload may have. @default 2 */
    minReplicas?: number;
    /** Node labels (name → value) that mean spot capacity. @default see `defaultSpotLabels` */
    spotLabels?: Record<string, string>;
}

export const defaultSpotMinReplicas = 2;

/** Node labels that mean spot capacity: the guide's own, Karpenter's and the big clouds'. */
export const defaultSpotLabels: Record<string, string> = {
    "node-type": "spot",
    "karpenter.sh/capacity-type": "spot",
    "eks.amazonaws.com/capacityType": "SPOT",
    "cloud.google.com/gke-spot": "true",
    "cloud.google.com/gke-preemptible": "true",
    "kubernetes.azure.com/scalesetpriority": "spot",
};

/** The fewest pods a workload runs: its HPA's minReplicas, else spec.replicas (1 when unset). */
export function replicaFloor(stack: Stack, object: StackObject): number | Unknown | undefined {
    const hpas = stack.hpasOf(object);
    if (hpas.length > 0) {
        return minReplicasOf(at(hpas[0].props, "spec"));
    }
    if (stack.mayBeScaledByUnknown(object)) {
        return unknown;
    }
    const replicas = object.workload?.replicas;
    if (isUnknown(replicas)) {
        return replicas;
    }
    return replicas === undefined || replicas === null ? 1 : typeof replicas === "number" ? replicas : undefined;
}

/** The most pods a workload may run: its HPA's maxReplicas, else spec.replicas (1 when unset). */
function replicaCeiling(stack: Stack, object: StackObject): number | Unknown | undefined {
    const hpas = stack.hpasOf(object);
    if (hpas.length > 0) {
        const max = at(hpas[0].props, "spec", "maxReplicas");
        return isUnknown(max) || typeof max === "number" ? max : undefined;
    }
    return replicaFloor(stack, object);
}

export const disruptionBudgetRequired: StackValidationPolicy = {
    name: "disruption-budget-required",
    description:
        "A workload that runs more than one replica, or is autoscaled beyond one, has a PodDisruptionBudget selecting its pods, so a node drain cannot take them all at once.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        for (const object of stack.workloads) {
            if (!object.workload.scalable || isUnknown(object.namespace)) {
                continue;
            }
            const ceiling = replicaCeiling(stack, object);
            if (typeof ceiling !== "number" || ceiling <= 1) {
                continue;
            }
            const labels = stringLabels(object.workload.podLabels);
            if (labels === undefined) {
                continue;
            }
            const covered = stack.pdbsThatMaySelect(labels).some(
                (pdb) => (isUnknown(pdb.namespace) || pdb.namespace === object.namespace) && selects(at(pdb.props, "spec", "selector"), labels) !== false,
            );
            if (!covered) {
                const autoscaled = stack.hpasOf(object).length > 0;
                reportViolation(
                    `${object.subject} runs up to ${ceiling} pods${autoscaled ? " (autoscaled)" : ""} but no PodDisruptionBudget selects them ` +
                        `(labels ${show(labels)}): a node drain or cluster upgrade may evict every replica at once. ` +
                        `Add a PodDisruptionBudget with maxUnavailable: 1 selecting these labels (the Distribution component's disruptionBudget does this).`,
                    object.urn,
                );
            }
        }
    },
};

/** Whether a workload can run only on spot capacity, and why; undefined when it can run elsewhere or is unknown. */
export function spotOnlyReason(stack: Stack, object: StackObject, spotLabels: Record<string, string>): string | undefined {
    const workload = object.workload!;
    const nodeSelector = workload.nodeSelector;
    if (isUnknown(nodeSelector) || isUnknown(workload.affinity)) {
        return undefined;
    }
    const selector = asDict(nodeSelector) ?? {};
    for (const [name, value] of Object.entries(selector)) {
        if (own(spotLabels, name) !== undefined && own(spotLabels, name) === value) {
            return `its nodeSelector ${name}=${text(value)} selects spot nodes`;
        }
    }
    // Required node affinity whose every term pins a spot label to spot values only.
    const terms = asArray(at(workload.affinity, "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms")) ?? [];
    if (
        terms.length > 0 &&
        terms.every((term) =>
            (asArray(at(term, "matchExpressions")) ?? []).some((expression) => {
                const name = at(expression, "key");
                const values = asArray(at(expression, "values")) ?? [];
                return (
                    typeof name === "string" &&
                    own(spotLabels, name) !== undefined &&
                    at(expression, "operator") === "In" &&
                    values.length > 0 &&
                    values.every((v) => v === own(spotLabels, name))
                );
            }),
        )
    ) {
        return "its required node affinity allows only spot nodes";
    }
    // Karpenter NodePools of the stack that the nodeSelector matches, when every one is spot-only.
    if (Object.keys(selector).length > 0) {
        const pools = stack.nodePools.map(poolOf).filter((pool) => nodePoolMatches(pool, selector as Record<string, unknown>));
        if (pools.length > 0 && pools.every((pool) => pool.spotOnly)) {
            return `its nodeSelector matches only spot NodePools (${pools.map((p) => p.subject).join(", ")})`;
        }
    }
    return undefined;
}

export const spotMinReplicas: StackValidationPolicy = {
    name: "spot-min-replicas",
    description:
        "A workload that runs only on spot capacity has at least minReplicas (default 2) replicas, since the cloud may reclaim a spot node at any time.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minReplicas: { type: "integer", minimum: 1, default: defaultSpotMinReplicas, description: "Fewest replicas of a spot-only workload." },
            spotLabels: {
                type: "object",
                additionalProperties: { type: "string" },
                default: defaultSpotLabels,
                description: "Node labels (name: value) that mean spot capacity.",
            },
        },
    },
    validateStack: (args, reportViolation) => {
        const config = args.getConfig<SpotConfig>();
        const floor = typeof config.minReplicas === "number" ? config.minReplicas : defaultSpotMinReplicas;
        const spotLabels = config.spotLabels ?? defaultSpotLabels;
        const stack = new Stack(args.resources);
        for (const object of stack.workloads) {
            if (!object.workload.scalable) {
                continue;
            }
            const replicas = replicaFloor(stack, object);
            if (typeof replicas !== "number" || replicas >= floor) {
                continue;
            }
            const reason = spotOnlyReason(stack, object, spotLabels);
            if (reason === undefined) {
                continue;
            }
            const hpa = stack.hpasOf(object)[0];
            const field = hpa !== undefined ? `${hpa.subject} spec.minReplicas` : "spec.replicas";
            reportViolation(
                `${object.subject} runs only on spot capacity (${reason}) with ${field} ${replicas}: one reclaimed node takes the service down. ` +
                    `Run at least ${floor} replicas${hpa !== undefined ? " (raise the HPA's minReplicas)" : ""}, spread across zones, or allow on-demand nodes too.`,
                object.urn,
            );
        }
    },
};
