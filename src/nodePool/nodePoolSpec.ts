// Pure builders of a Karpenter NodePool (karpenter.sh/v1): labels, taints, requirements, limits, disruption.
import { defaultGpuResourceName, defaultSpotNodeSelector, defaultSpotToleration } from "../core/defaults";
import { capacityTypeLabel, defaultCapacityTypes, defaultConsolidateAfter, defaultConsolidationPolicy, defaultNodeDisruptionBudget, nodePoolLabel } from "./defaults";
import { TaintEffect } from "../core/enums";
import { CapacityType, PoolToleration, ResolvedNodePoolArgs, ResolvedRequirement, ResolvedTaint } from "./args";

/** Karpenter's API version and kind for node pools. */
export const nodePoolApiVersion = "karpenter.sh/v1";
export const nodePoolKind = "NodePool";

/** The pool's capacity types, defaulted. */
export function poolCapacityTypes(args: ResolvedNodePoolArgs): string[] {
    return [...((args.capacityTypes as string[] | undefined) ?? defaultCapacityTypes)];
}

/** The pool's GPU resource name, or undefined for pools without GPUs. */
export function poolGpuResourceName(args: ResolvedNodePoolArgs): string | undefined {
    return args.gpu ? args.gpu.resourceName ?? defaultGpuResourceName : undefined;
}

/** The labels on the pool's nodes: as given, or the guide's `node-type: spot` for spot-only pools. */
export function poolLabels(args: ResolvedNodePoolArgs): Record<string, string> {
    if (args.labels !== undefined) {
        return { ...args.labels };
    }
    const types = poolCapacityTypes(args);
    return types.length === 1 && types[0] === CapacityType.Spot ? { ...defaultSpotNodeSelector } : {};
}

/** The taints on the pool's nodes: as given, or the spot and GPU taints the pool's capacity calls for. */
export function poolTaints(args: ResolvedNodePoolArgs): ResolvedTaint[] {
    if (args.taints !== undefined) {
        return (args.taints as ResolvedTaint[]).map((t) => (t.value === undefined || t.value === "" ? { key: t.key, effect: t.effect } : { key: t.key, value: t.value, effect: t.effect }));
    }
    const taints: ResolvedTaint[] = [];
    if (poolCapacityTypes(args).includes(CapacityType.Spot)) {
        taints.push({ key: defaultSpotToleration.key, value: defaultSpotToleration.value, effect: defaultSpotToleration.effect });
    }
    const gpu = poolGpuResourceName(args);
    if (gpu !== undefined) {
        taints.push({ key: gpu, effect: "NoSchedule" });
    }
    return taints;
}

/**
 * The tolerations a workload needs to run on the pool's nodes: one per taint, `Equal` for taints
 * with a value and `Exists` for key-only taints (the same toleration `Distribution.gpu` adds, so
 * it is not added twice).
 */
export function poolTolerations(args: ResolvedNodePoolArgs): PoolToleration[] {
    return poolTaints(args).map((taint) =>
        taint.value === undefined
            ? { key: taint.key, operator: "Exists", effect: taint.effect as TaintEffect }
            : { key: taint.key, operator: "Equal", value: taint.value, effect: taint.effect as TaintEffect },
    );
}

/**
 * The node selector a workload needs to run on the pool's nodes: the pool's labels plus
 * `karpenter.sh/nodepool: <name>`, which Karpenter puts on every node it launches for the pool.
 */
export function poolNodeSelector(name: string, args: ResolvedNodePoolArgs): Record<string, string> {
    return { ...poolLabels(args), [nodePoolLabel]: name };
}

/**
 * The selector of the pool's spot nodes, for `Distribution.spot.nodeSelector`: Karpenter's
 * `karpenter.sh/capacity-type: spot`, which is right for mixed pools too. Empty without spot.
 */
export function poolSpotNodeSelector(args: ResolvedNodePoolArgs): Record<string, string> {
    return poolCapacityTypes(args).includes(CapacityType.Spot) ? { [capacityTypeLabel]: CapacityType.Spot } : {};
}

/** The `spec` of the Karpenter NodePool. */
export function buildNodePoolSpec(args: ResolvedNodePoolArgs): Record<string, unknown> {
    const requirements: Record<string, unknown>[] = [{ key: capacityTypeLabel, operator: "In", values: poolCapacityTypes(args) }];
    if (args.gpu?.countPerNode !== undefined && args.gpu.countLabel !== undefined) {
        requirements.push({ key: args.gpu.countLabel, operator: "In", values: [String(args.gpu.countPerNode)] });
    }
    for (const requirement of [...((args.gpu?.requirements ?? []) as ResolvedRequirement[]), ...((args.requirements ?? []) as ResolvedRequirement[])]) {
        const rendered: Record<string, unknown> = { key: requirement.key, operator: requirement.operator };
        if (requirement.values !== undefined) {
            rendered.values = [...requirement.values];
        }
        if (requirement.minValues !== undefined) {
            rendered.minValues = requirement.minValues;
        }
        requirements.push(rendered);
    }

    const templateSpec: Record<string, unknown> = {
        nodeClassRef: { group: args.nodeClassRef.group, kind: args.nodeClassRef.kind, name: args.nodeClassRef.name },
        requirements,
    };
    const taints = poolTaints(args);
    if (taints.length > 0) {
        templateSpec.taints = taints;
    }
    if (args.expireAfter !== undefined) {
        templateSpec.expireAfter = args.expireAfter;
    }

    const template: Record<string, unknown> = {};
    const labels = poolLabels(args);
    if (Object.keys(labels).length > 0) {
        template.metadata = { labels };
    }
    template.spec = templateSpec;

    const disruption = args.disruption ?? {};
    const spec: Record<string, unknown> = {
        template,
        disruption: {
            consolidationPolicy: disruption.consolidationPolicy ?? defaultConsolidationPolicy,
            // Karpenter v1.0 requires consolidateAfter, so it is always written.
            consolidateAfter: disruption.consolidateAfter ?? defaultConsolidateAfter,
            budgets: ((disruption.budgets as { nodes: string; schedule?: string; duration?: string }[] | undefined) ?? [{ nodes: defaultNodeDisruptionBudget }]).map((b) => {
                const budget: Record<string, string> = { nodes: b.nodes };
                if (b.schedule !== undefined) {
                    budget.schedule = b.schedule;
                }
                if (b.duration !== undefined) {
                    budget.duration = b.duration;
                }
                return budget;
            }),
        },
    };
    const limits: Record<string, string> = {};
    if (args.limits?.cpu !== undefined) {
        limits.cpu = args.limits.cpu;
    }
    if (args.limits?.memory !== undefined) {
        limits.memory = args.limits.memory;
    }
    const gpu = poolGpuResourceName(args);
    if (args.limits?.gpus !== undefined && gpu !== undefined) {
        limits[gpu] = args.limits.gpus;
    }
    if (Object.keys(limits).length > 0) {
        spec.limits = limits;
    }
    if (args.weight !== undefined) {
        spec.weight = args.weight;
    }
    return spec;
}
