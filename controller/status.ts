// The other pure half: what the owned Deployment says, turned into the distribution's status.
import { selectorString } from "./deployment";
import {
    asExpectedReason,
    deploymentNotAppliedReason,
    deploymentPendingReason,
    minimumReplicasReadyReason,
    noReplicasReadyReason,
    podsUnschedulableMessage,
    podsUnschedulableReason,
    rollingOutReason,
    rolloutCompleteReason,
    scaledToZeroReason,
} from "./events";
import { defaultReplicas } from "./names";
import { Condition, Deployment, Distribution, DistributionStatus, Phase } from "./types";

/** Why the controller could not (or would not) apply the Deployment; reported, not retried blindly. */
export interface ReconcileProblem {
    /** CamelCase reason, e.g. `DeploymentNotOwned`. */
    reason: string;
    message: string;
}

function deploymentCondition(deployment: Deployment, type: string) {
    return deployment.status?.conditions?.find((c) => c.type === type);
}

/** The phase and the three conditions, before lastTransitionTime is decided. */
function assess(distribution: Distribution, deployment: Deployment | undefined, problem: ReconcileProblem | undefined, unschedulable: string | undefined) {
    const desired = deployment?.spec.replicas ?? distribution.spec.replicas ?? defaultReplicas;
    const status = deployment?.status ?? {};
    const existing = status.replicas ?? 0;
    const ready = status.readyReplicas ?? 0;
    const available = status.availableReplicas ?? 0;
    const updated = status.updatedReplicas ?? 0;
    const observed = deployment !== undefined && (status.observedGeneration ?? 0) >= (deployment.metadata.generation ?? 0);
    const rolledOut = observed && updated === desired && existing === desired && available === desired;

    let degraded: Omit<Condition, "type"> = { status: "False", reason: asExpectedReason, message: "" };
    if (problem) {
        degraded = { status: "True", reason: problem.reason, message: problem.message };
    } else if (deployment) {
        const progressing = deploymentCondition(deployment, "Progressing");
        const replicaFailure = deploymentCondition(deployment, "ReplicaFailure");
        if (replicaFailure?.status === "True") {
            degraded = { status: "True", reason: replicaFailure.reason ?? "ReplicaFailure", message: replicaFailure.message ?? "" };
        } else if (progressing?.status === "False") {
            degraded = { status: "True", reason: progressing.reason ?? "ProgressDeadlineExceeded", message: progressing.message ?? "" };
        }
    }

    let availableCondition: Omit<Condition, "type">;
    if (desired === 0) {
        availableCondition = { status: "False", reason: scaledToZeroReason, message: "spec.replicas is 0" };
    } else if (ready > 0) {
        availableCondition = { status: "True", reason: minimumReplicasReadyReason, message: `${ready}/${desired} replicas ready` };
    } else {
        availableCondition = { status: "False", reason: noReplicasReadyReason, message: `0/${desired} replicas ready` };
    }

    let progressingCondition: Omit<Condition, "type">;
    if (rolledOut) {
        progressingCondition = { status: "False", reason: rolloutCompleteReason, message: `${desired} replicas up to date and available` };
    } else if (deployment === undefined) {
        progressingCondition = { status: problem ? "False" : "True", reason: problem ? deploymentNotAppliedReason : deploymentPendingReason, message: problem ? "" : "the Deployment does not exist yet" };
    } else if (unschedulable !== undefined) {
        // Not Degraded: capacity may be on its way (Karpenter launching a node).
        progressingCondition = { status: "True", reason: podsUnschedulableReason, message: podsUnschedulableMessage(unschedulable) };
    } else {
        progressingCondition = { status: "True", reason: rollingOutReason, message: `${updated} of ${desired} replicas updated, ${available} available` };
    }

    let phase: Phase;
    if (problem && deployment === undefined) {
        phase = "Failed";
    } else if (degraded.status === "True") {
        phase = "Degraded";
    } else if (rolledOut) {
        phase = "Ready";
    } else if (deployment === undefined || (existing === 0 && desired > 0)) {
        phase = "Pending";
    } else {
        phase = "Progressing";
    }

    return {
        replicas: existing,
        readyReplicas: ready,
        phase,
        conditions: [
            { type: "Available", ...availableCondition },
            { type: "Progressing", ...progressingCondition },
            { type: "Degraded", ...degraded },
        ] as Condition[],
    };
}

/** What the status reports beside the Deployment's state, when known. */
export interface StatusDetails {
    image?: string;
    serverVersion?: string;
    serviceURL?: string;
}

/**
 * The distribution's status from its Deployment (undefined while there is none). Conditions keep
 * their `lastTransitionTime` while their status stays the same, so the result only differs from the
 * current status when something really changed. `now` is an ISO time (without fractions, as the API stores it).
 */
export function buildStatus(
    distribution: Distribution,
    deployment: Deployment | undefined,
    problem?: ReconcileProblem,
    now: string = new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    unschedulable?: string,
    details: StatusDetails = {},
): DistributionStatus {
    const assessed = assess(distribution, deployment, problem, unschedulable);
    const previous = distribution.status?.conditions ?? [];
    const generation = distribution.metadata.generation;
    const conditions = assessed.conditions.map((c) => {
        const before = previous.find((p) => p.type === c.type);
        const condition: Condition = { ...c };
        if (!condition.message) {
            delete condition.message;
        }
        if (generation !== undefined) {
            condition.observedGeneration = generation;
        }
        condition.lastTransitionTime = before && before.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : now;
        return condition;
    });
    const status: DistributionStatus = {
        replicas: assessed.replicas,
        readyReplicas: assessed.readyReplicas,
        selector: selectorString(distribution.metadata.name),
        phase: assessed.phase,
        conditions,
    };
    if (generation !== undefined) {
        status.observedGeneration = generation;
    }
    for (const field of ["image", "serverVersion", "serviceURL"] as const) {
        if (details[field]) {
            status[field] = details[field];
        }
    }
    return status;
}

/** Deep equality of two JSON values, for "write status only when it changed". */
export function sameJson(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
        return false;
    }
    const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
