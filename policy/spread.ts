// Spreading replicas: a replicated workload spreads its pods over nodes or zones (topology spread
// constraints or pod anti-affinity), or one node's loss takes every replica; and the spread
// constraints it has are ones the API server accepts and that count the workload's own pods.
//
// The llamastack controller copies a distribution's `spec.topologySpreadConstraints` and
// `spec.affinity` into its pods and adds none of its own, so a replicated distribution without them
// is flagged like any workload; a constraint without a labelSelector is given the distribution's
// own (`app: <name>`) by the controller (controller/deployment.ts), so that is not flagged.

import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { asArray, at, hasUnknown, isUnknown, selects, show, stringLabels, text, Workload, workloadOfArgs } from "./kube";
import { Stack, StackObject } from "./stack";

/** Values `whenUnsatisfiable` may take. */
export const whenUnsatisfiableValues = ["DoNotSchedule", "ScheduleAnyway"];

/** The field of a workload's spread constraints, for messages. */
function spreadField(workload: Workload): string {
    return `${workload.podField}${workload.podField ? "." : ""}topologySpreadConstraints`;
}

/** Whether a workload spreads its pods: spread constraints or pod anti-affinity; undefined when unknown. */
export function spreads(workload: Workload): boolean | undefined {
    const constraints = at(workload.podSpec, "topologySpreadConstraints");
    const antiAffinity = at(workload.affinity, "podAntiAffinity");
    if (isUnknown(workload.podSpec) || isUnknown(constraints) || isUnknown(workload.affinity) || isUnknown(antiAffinity)) {
        return undefined;
    }
    if ((asArray(constraints) ?? []).length > 0) {
        return true;
    }
    const terms = [
        ...(asArray(at(antiAffinity, "requiredDuringSchedulingIgnoredDuringExecution")) ?? []),
        ...(asArray(at(antiAffinity, "preferredDuringSchedulingIgnoredDuringExecution")) ?? []),
    ];
    if (hasUnknown(at(antiAffinity, "requiredDuringSchedulingIgnoredDuringExecution")) || hasUnknown(at(antiAffinity, "preferredDuringSchedulingIgnoredDuringExecution"))) {
        return terms.length > 0 ? true : undefined;
    }
    return terms.length > 0;
}

/** How many pods a workload runs at most: "an HPA" when autoscaled, else its replicas when 2 or more. */
function replication(stack: Stack, object: StackObject & { workload: Workload }): string | undefined {
    const hpa = stack.hpasOf(object)[0];
    if (hpa !== undefined) {
        return `is autoscaled by ${hpa.subject}`;
    }
    const replicas = object.workload.replicas;
    return typeof replicas === "number" && replicas >= 2 ? `runs ${replicas} replicas` : undefined;
}

export const replicasSpread: StackValidationPolicy = {
    name: "replicas-spread",
    description:
        "A replicated workload (replicas of 2 or more, or an HPA) spreads its pods with topology spread constraints or pod anti-affinity, so that one node or zone going down does not take every replica.",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        for (const object of stack.workloads) {
            if (!object.workload.scalable) {
                continue;
            }
            const replicated = replication(stack, object);
            if (replicated === undefined || spreads(object.workload) !== false) {
                continue;
            }
            const field = spreadField(object.workload);
            const selector = object.workload.controllerManaged
                ? "the controller selects the distribution's own pods when labelSelector is left out"
                : `labelSelector: the pods' labels`;
            reportViolation(
                `${object.subject} ${replicated} but sets neither ${field} nor pod anti-affinity: the scheduler may put every replica on one node, ` +
                    `and that node's loss or drain takes them all. Add ${field} such as ` +
                    `{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" } (and one on topology.kubernetes.io/zone; ${selector}).`,
                object.urn,
            );
        }
    },
};

export const topologySpreadValid: ResourceValidationPolicy = {
    name: "topology-spread-valid",
    description:
        "Topology spread constraints have maxSkew of at least 1, a topologyKey, whenUnsatisfiable DoNotSchedule or ScheduleAnyway, and minDomains only with DoNotSchedule: the API server rejects anything else.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const workload = workloadOfArgs(args);
        if (workload === undefined || isUnknown(workload.podSpec)) {
            return;
        }
        const field = spreadField(workload);
        (asArray(at(workload.podSpec, "topologySpreadConstraints")) ?? []).forEach((constraint, index) => {
            if (isUnknown(constraint)) {
                return;
            }
            const problems: string[] = [];
            const maxSkew = at(constraint, "maxSkew");
            if (!isUnknown(maxSkew) && !(typeof maxSkew === "number" && Number.isInteger(maxSkew) && maxSkew >= 1)) {
                problems.push(maxSkew === undefined ? "maxSkew is missing (set 1)" : `maxSkew ${show(maxSkew)} must be a whole number of at least 1`);
            }
            const key = at(constraint, "topologyKey");
            if (!isUnknown(key) && !(typeof key === "string" && key !== "")) {
                problems.push('topologyKey is missing (e.g. "kubernetes.io/hostname" or "topology.kubernetes.io/zone")');
            }
            const when = at(constraint, "whenUnsatisfiable");
            if (!isUnknown(when) && !(typeof when === "string" && whenUnsatisfiableValues.includes(when))) {
                problems.push(`whenUnsatisfiable ${when === undefined ? "is missing" : `${show(when)} is unknown`}: use DoNotSchedule or ScheduleAnyway`);
            }
            const minDomains = at(constraint, "minDomains");
            if (minDomains !== undefined && minDomains !== null && !isUnknown(minDomains)) {
                if (!(typeof minDomains === "number" && Number.isInteger(minDomains) && minDomains >= 1)) {
                    problems.push(`minDomains ${show(minDomains)} must be a whole number of at least 1`);
                } else if (typeof when === "string" && when !== "DoNotSchedule") {
                    problems.push("minDomains is allowed only with whenUnsatisfiable DoNotSchedule");
                }
            }
            if (problems.length > 0) {
                reportViolation(`${workload.subject}: ${field}[${index}]: ${problems.join("; ")}. The API server rejects the pod template.`);
            }
        });
    },
};

export const topologySpreadSelectsPods: ResourceValidationPolicy = {
    name: "topology-spread-selects-pods",
    description:
        "Each topology spread constraint's labelSelector selects the workload's own pods; one that selects none (or is missing, outside distributions) counts no pods and spreads nothing.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const workload = workloadOfArgs(args);
        if (workload === undefined || isUnknown(workload.podSpec)) {
            return;
        }
        const labels = stringLabels(workload.podLabels);
        if (labels === undefined) {
            return;
        }
        const field = spreadField(workload);
        (asArray(at(workload.podSpec, "topologySpreadConstraints")) ?? []).forEach((constraint, index) => {
            if (isUnknown(constraint)) {
                return;
            }
            const selector = at(constraint, "labelSelector");
            if (selector === undefined || selector === null) {
                if (!workload.controllerManaged) {
                    reportViolation(
                        `${workload.subject}: ${field}[${index}] has no labelSelector, so it counts no pods and spreads nothing. ` +
                            `Set labelSelector.matchLabels to the pods' own labels (${text(labels)}).`,
                    );
                }
                return;
            }
            if (selects(selector, labels) === false) {
                reportViolation(
                    `${workload.subject}: ${field}[${index}].labelSelector ${text(selector)} does not select the workload's own pods (labels ${text(labels)}), ` +
                        `so their spread is not what the constraint counts. Select the pods' own labels.`,
                );
            }
        });
    },
};
