// Karpenter NodePools and the pods that land on them: a GPU workload must tolerate the taints of
// the GPU pool its nodeSelector leads to, or its pods stay Pending forever.

import { StackValidationPolicy } from "@pulumi/policy";
import { isExtendedResource } from "../src/core/rules";
import { asArray, asDict, asString, at, hasOwn, hasUnknown, isUnknown, own, Taint, text, tolerates } from "./kube";
import { Stack, StackObject } from "./stack";

/** What a NodePool offers, read from its template. */
export interface Pool {
    subject: string;
    labels: Record<string, string>;
    requirements: { key: string; operator: string; values: string[] }[];
    /** Taints that keep pods off unless tolerated (NoSchedule, NoExecute). */
    taints: Taint[];
    spotOnly: boolean;
    /** Whether anything in the pool (taint, label, requirement) speaks of GPUs. */
    gpu: boolean;
    /** Whether any part of the template is unknown during preview. */
    unknown: boolean;
}

export function poolOf(object: StackObject): Pool {
    const template = at(object.props, "spec", "template");
    const labels: Record<string, string> = {};
    for (const [name, value] of Object.entries(asDict(at(template, "metadata", "labels")) ?? {})) {
        if (typeof value === "string") {
            Object.defineProperty(labels, name, { value, enumerable: true, writable: true, configurable: true });
        }
    }
    const requirements = (asArray(at(template, "spec", "requirements")) ?? []).map((r) => ({
        key: asString(at(r, "key")) ?? "",
        operator: asString(at(r, "operator")) ?? "",
        values: (asArray(at(r, "values")) ?? []).map(text),
    }));
    const taints: Taint[] = (asArray(at(template, "spec", "taints")) ?? [])
        .map((t) => ({ key: asString(at(t, "key")) ?? "", value: asString(at(t, "value")), effect: asString(at(t, "effect")) ?? "" }))
        .filter((t) => t.effect === "NoSchedule" || t.effect === "NoExecute");
    const capacity = requirements.find((r) => r.key === "karpenter.sh/capacity-type");
    const spotOnly =
        (capacity !== undefined && capacity.operator === "In" && capacity.values.length > 0 && capacity.values.every((v) => v === "spot")) ||
        labels["karpenter.sh/capacity-type"] === "spot";
    const gpuText = /gpu/i;
    const gpu =
        taints.some((t) => gpuText.test(t.key)) ||
        Object.entries(labels).some(([k, v]) => gpuText.test(k) || gpuText.test(v)) ||
        requirements.some((r) => gpuText.test(r.key) || r.values.some((v) => gpuText.test(v)));
    return { subject: object.subject, labels, requirements, taints, spotOnly, gpu, unknown: hasUnknown(template) };
}

/** Label domains Karpenter knows for every node (zone, arch, instance type, capacity type …). */
function isWellKnownLabel(name: string): boolean {
    const slash = name.indexOf("/");
    const domain = slash < 0 ? "" : name.slice(0, slash);
    return /(^|\.)kubernetes\.io$/.test(domain) || /(^|\.)k8s\.io$/.test(domain) || domain === "karpenter.sh" || /^karpenter\.[a-z0-9.-]+$/.test(domain);
}

/** Whether nodes of a pool can carry every label of a nodeSelector. */
export function nodePoolMatches(pool: Pool, nodeSelector: Record<string, unknown>): boolean {
    for (const [name, wanted] of Object.entries(nodeSelector)) {
        const value = text(wanted);
        if (hasOwn(pool.labels, name)) {
            if (own(pool.labels, name) !== value) {
                return false;
            }
            continue;
        }
        const requirement = pool.requirements.find((r) => r.key === name);
        if (requirement !== undefined) {
            const ok =
                (requirement.operator === "In" && requirement.values.includes(value)) ||
                (requirement.operator === "NotIn" && !requirement.values.includes(value)) ||
                requirement.operator === "Exists" ||
                requirement.operator === "Gt" ||
                requirement.operator === "Lt";
            if (!ok) {
                return false;
            }
            continue;
        }
        if (!isWellKnownLabel(name)) {
            return false;
        }
    }
    return true;
}

/** The extended resources (GPUs) a workload's containers ask for. */
function extendedResources(object: StackObject): string[] | undefined {
    const containers = object.workload?.containers;
    if (containers === undefined || isUnknown(containers)) {
        return undefined;
    }
    const names = new Set<string>();
    for (const container of containers) {
        for (const kind of ["requests", "limits"]) {
            for (const name of Object.keys(asDict(at(container.resources, kind)) ?? {})) {
                if (isExtendedResource(name)) {
                    names.add(name);
                }
            }
        }
    }
    return [...names];
}

function showTaint(taint: Taint): string {
    return `${taint.key}${taint.value ? `=${taint.value}` : ""}:${taint.effect}`;
}

function suggestedToleration(taint: Taint): string {
    return taint.value
        ? `{ key: "${taint.key}", operator: "Equal", value: "${taint.value}", effect: "${taint.effect}" }`
        : `{ key: "${taint.key}", operator: "Exists", effect: "${taint.effect}" }`;
}

export const gpuToleratesNodePoolTaint: StackValidationPolicy = {
    name: "gpu-tolerates-node-pool-taint",
    description:
        "A workload that requests GPUs tolerates the taints of a GPU NodePool (in the stack) that its nodeSelector leads to; otherwise its pods never schedule.",
    enforcementLevel: "mandatory",
    validateStack: (args, reportViolation) => {
        const stack = new Stack(args.resources);
        const pools = stack.nodePools.map(poolOf);
        if (pools.length === 0) {
            return;
        }
        for (const object of stack.workloads) {
            const gpus = extendedResources(object);
            const nodeSelector = object.workload.nodeSelector;
            const tolerations = object.workload.tolerations;
            if (gpus === undefined || gpus.length === 0 || hasUnknown(nodeSelector) || hasUnknown(tolerations)) {
                continue;
            }
            const candidates = pools.filter((pool) => nodePoolMatches(pool, asDict(nodeSelector) ?? {}) && (pool.gpu || pool.taints.some((t) => gpus.includes(t.key))));
            if (candidates.length === 0 || candidates.some((pool) => pool.unknown)) {
                continue;
            }
            const given = (asArray(tolerations) ?? []).map((t) => asDict(t) ?? {});
            const missingByPool = candidates.map((pool) => ({ pool, missing: pool.taints.filter((taint) => !given.some((t) => tolerates(t, taint))) }));
            if (missingByPool.some(({ missing }) => missing.length === 0)) {
                continue;
            }
            const field = `${object.workload.podField}.tolerations`;
            const details = missingByPool.map(({ pool, missing }) => `${pool.subject} is tainted ${missing.map(showTaint).join(", ")}`).join("; ");
            const first = missingByPool[0].missing;
            reportViolation(
                `${object.subject} requests ${gpus.join(", ")} but ${field} does not tolerate its GPU node pool: ${details}. ` +
                    `Its pods would stay Pending. Add ${first.map(suggestedToleration).join(" and ")} to ${field} ` +
                    `(the Distribution component's gpu option adds the GPU toleration; NodePool outputs the tolerations a distribution needs).`,
                object.urn,
            );
        }
    },
};

