// Stack rules about autoscalers: an HPA and a VPA must not both act on cpu/memory of one target;
// an HPA owns its target's replicas (no fixed replicas, no replica-patching schedules); and an
// autoscaler's target should be in the stack.

import { StackValidationPolicy } from "@pulumi/policy";
import { asArray, at, isUnknown, text } from "./kube";
import { rules as texts } from "../src/core/rules";
import { cronJobs, isRef, ObjectRef, pulumiSetsReplicas, replicaChanges, replicasHint, showRef, Stack, StackObject, targetOf } from "./stack";

const defaultVpaResources = ["cpu", "memory"];

/** The resources an HPA scales on; undefined when its metrics are unknown. */
export function hpaResources(hpa: StackObject): Set<string> | undefined {
    if (hpa.type.version === "v1") {
        return new Set(["cpu"]);
    }
    const metrics = at(hpa.props, "spec", "metrics");
    if (isUnknown(metrics)) {
        return undefined;
    }
    const list = asArray(metrics) ?? [];
    if (list.length === 0) {
        // With no metrics, the HPA targets 80% cpu.
        return new Set(["cpu"]);
    }
    const resources = new Set<string>();
    for (const metric of list) {
        for (const source of ["resource", "containerResource"]) {
            const name = at(metric, source, "name");
            if (typeof name === "string") {
                resources.add(name);
            }
        }
    }
    return resources;
}

/** The resources a VPA resizes (none with updateMode Off); undefined when unknown. */
export function vpaResources(vpa: StackObject, containerNames: string[] | undefined): Set<string> | undefined {
    const mode = at(vpa.props, "spec", "updatePolicy", "updateMode");
    const policies = at(vpa.props, "spec", "resourcePolicy", "containerPolicies");
    if (isUnknown(mode) || isUnknown(policies)) {
        return undefined;
    }
    if (mode === "Off") {
        return new Set();
    }
    const list = asArray(policies) ?? [];
    const named = (name: string): unknown => list.find((p) => at(p, "containerName") === name);
    const resourcesOf = (policy: unknown): string[] => {
        if (policy === undefined) {
            return defaultVpaResources;
        }
        if (at(policy, "mode") === "Off") {
            return [];
        }
        const controlled = asArray(at(policy, "controlledResources"));
        return controlled === undefined ? defaultVpaResources : controlled.filter((r): r is string => typeof r === "string");
    };
    const fallback = named("*");
    const result = new Set<string>();
    if (containerNames !== undefined) {
        for (const container of containerNames) {
            resourcesOf(named(container) ?? fallback).forEach((r) => result.add(r));
        }
    } else {
        for (const policy of list) {
            resourcesOf(policy).forEach((r) => result.add(r));
        }
        resourcesOf(fallback).forEach((r) => result.add(r));
    }
    return result;
}

/** The container names of a workload in the stack, when all are known. */
function containerNames(object: StackObject | undefined): string[] | undefined {
    if (object?.workload === undefined) {
        return undefined;
    }
    if (object.type.kind === "LlamaStackDistribution") {
        return ["llamastack"];
    }
    const containers = at(object.props, ...object.workload.podField.split("."), "containers");
    const names = (asArray(containers) ?? []).map((c) => at(c, "name"));
    return names.length > 0 && names.every((n) => typeof n === "string") ? (names as string[]) : undefined;
}

export const hpaVpaConflict: StackValidationPolicy = {
    name: "hpa-vpa-conflict",
    description:
        "A HorizontalPodAutoscaler and a VerticalPodAutoscaler (in a mode that updates pods) do not both act on the cpu or memory of one target: they fight each other.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        for (const hpa of stack.hpas) {
            const target = targetOf(hpa);
            const scaledOn = hpaResources(hpa);
            if (target === undefined || scaledOn === undefined) {
                continue;
            }
            for (const vpa of stack.vpas) {
                const vpaTarget = targetOf(vpa);
                if (vpaTarget === undefined || vpaTarget.group !== target.group || vpaTarget.kind !== target.kind || vpaTarget.name !== target.name || vpaTarget.namespace !== target.namespace) {
                    continue;
                }
                const resized = vpaResources(vpa, containerNames(stack.find(target)));
                if (resized === undefined) {
                    continue;
                }
                const both = [...scaledOn].filter((r) => resized.has(r));
                if (both.length === 0) {
                    continue;
                }
                const mode = at(vpa.props, "spec", "updatePolicy", "updateMode") ?? "Auto";
                reportViolation(
                    `${hpa.subject} scales ${showRef(target)} on ${both.join(", ")} while ${vpa.subject} (updateMode "${text(mode)}") resizes ` +
                        `the same pods' ${both.join(", ")}: ${texts.hpaVpaSameResource} (each resize changes the utilization the HPA scales on). ` +
                        `Scale the HPA on a metric the VPA does not change (spec.metrics of type Pods, Object or External, such as requests_per_second), ` +
                        `set the VPA's spec.updatePolicy.updateMode to "Off" (recommendations only), or limit its ` +
                        `spec.resourcePolicy.containerPolicies[].controlledResources to resources the HPA does not use.`,
                    hpa.urn,
                );
            }
        }
    },
};

export const hpaOwnsReplicas: StackValidationPolicy = {
    name: "hpa-owns-replicas",
    description:
        "An object scaled by a HorizontalPodAutoscaler has no replica count fixed by the program and no CronJob that patches or scales its replicas: either would undo what the HPA chose.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        const schedules = cronJobs(stack).map((cronJob) => ({ cronJob, changes: replicaChanges(cronJob) }));
        for (const hpa of stack.hpas) {
            const target = targetOf(hpa);
            if (target === undefined) {
                continue;
            }
            const object = stack.find(target);
            if (object !== undefined && pulumiSetsReplicas(object.props)) {
                const replicas = at(object.props, "spec", "replicas");
                reportViolation(
                    `${object.subject}: spec.replicas${isUnknown(replicas) ? "" : ` ${text(replicas)}`} is set although ${hpa.subject} scales it: ` +
                        `every \`pulumi up\` would reset the replica count the HPA chose. ${replicasHint(object)}; ` +
                        `the HPA's spec.minReplicas sets the floor.`,
                    object.urn,
                );
            }
            for (const { cronJob, changes } of schedules) {
                for (const change of changes) {
                    if (object !== undefined ? isRef(object, change) : change.group === target.group && change.kind === target.kind && change.name === target.name && change.namespace === target.namespace) {
                        reportViolation(
                            `${cronJob.subject} changes the replicas of ${showRef(change)} (\`${change.command}\`), which ${hpa.subject} scales: ` +
                                `the HPA undoes the change within seconds. Schedule changes to the HPA's spec.minReplicas/spec.maxReplicas instead ` +
                                `(\`kubectl patch hpa ${text(at(hpa.props, "metadata", "name") ?? "<hpa>")} …\`; the ScheduledScaler component does this when the distribution autoscales).`,
                            cronJob.urn,
                        );
                    }
                }
            }
        }
    },
};

export const autoscalerTargetInStack: StackValidationPolicy = {
    name: "autoscaler-target-in-stack",
    description: "The object a HorizontalPodAutoscaler or VerticalPodAutoscaler acts on is part of the stack (a typo in its target reference scales nothing).",
    enforcementLevel: "advisory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        for (const autoscaler of [...stack.hpas, ...stack.vpas]) {
            const target = targetOf(autoscaler);
            if (target === undefined || stack.find(target) !== undefined || stack.mayBeUnknown(target)) {
                continue;
            }
            const field = autoscaler.type.kind === "VerticalPodAutoscaler" ? "spec.targetRef" : "spec.scaleTargetRef";
            reportViolation(
                `${autoscaler.subject}: ${field} names ${showRef(target)}, which is not in this stack. ` +
                    `Check the target's apiVersion, kind, name and namespace; if the target is managed elsewhere, ignore this advisory or disable the policy.`,
                autoscaler.urn,
            );
        }
    },
};

/** The VPA update modes that change pods (everything but "Off"; unset means "Auto"). */
function vpaUpdatesPods(vpa: StackObject): boolean | undefined {
    const mode = at(vpa.props, "spec", "updatePolicy", "updateMode");
    if (isUnknown(mode)) {
        return undefined;
    }
    return mode !== "Off";
}

export const oneAutoscalerPerTarget: StackValidationPolicy = {
    name: "one-autoscaler-per-target",
    description:
        "At most one HorizontalPodAutoscaler, and at most one VerticalPodAutoscaler in a mode that updates pods, act on one target: two of a kind overwrite each other's decisions. (An HPA with a VPA is hpa-vpa-conflict's.)",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        const byTarget = new Map<string, { target: ObjectRef; hpas: StackObject[]; vpas: StackObject[] }>();
        const entry = (target: ObjectRef) => {
            const key = JSON.stringify([target.group, target.kind, target.namespace, target.name]);
            let found = byTarget.get(key);
            if (found === undefined) {
                found = { target, hpas: [], vpas: [] };
                byTarget.set(key, found);
            }
            return found;
        };
        for (const hpa of stack.hpas) {
            const target = targetOf(hpa);
            if (target !== undefined) {
                entry(target).hpas.push(hpa);
            }
        }
        for (const vpa of stack.vpas) {
            const target = targetOf(vpa);
            if (target !== undefined && vpaUpdatesPods(vpa) === true) {
                entry(target).vpas.push(vpa);
            }
        }
        for (const { target, hpas, vpas } of byTarget.values()) {
            if (hpas.length > 1) {
                reportViolation(
                    `${hpas.map((h) => h.subject).join(" and ")} all scale ${showRef(target)}: each sets its replicas from its own metrics, ` +
                        `so the count flips between their answers. Merge them into one HPA with all the metrics (it takes the highest proposal).`,
                    hpas[1].urn,
                );
            }
            if (vpas.length > 1) {
                reportViolation(
                    `${vpas.map((v) => v.subject).join(" and ")} all resize ${showRef(target)} in a mode that updates pods: each evicts pods to apply its own ` +
                        `recommendation. Keep one, or set the others' spec.updatePolicy.updateMode to "Off".`,
                    vpas[1].urn,
                );
            }
        }
    },
};
