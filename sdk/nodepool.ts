import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import {
    capacityTypeLabel,
    defaultCapacityTypes,
    defaultConsolidateAfter,
    defaultConsolidationPolicy,
    defaultDevicePluginImage,
    defaultDevicePluginNamespace,
    defaultGpuResourceName,
    defaultNodeDisruptionBudget,
    defaultSpotNodeSelector,
    defaultSpotToleration,
    nodePoolLabel,
} from "./defaults";
import { buildDevicePluginSpec, devicePluginLabels } from "./devicePlugin";
import { CapacityType, ConsolidationPolicy, RequirementOperator, TaintEffect } from "./enums";
import { NodePoolArgs, PoolToleration } from "./nodepoolArgs";
import { checkDns1123Label, isLabelValue, isQualifiedName } from "./names";
import { parseQuantity } from "./quantity";
import { rules } from "./rules";
import { componentLabel, isWholeNumber, Problems, requireArgs, show, validated } from "./validation";

/** `NodePoolArgs` after every Output has resolved. */
export type ResolvedNodePoolArgs = pulumi.Unwrap<NodePoolArgs>;

/** A taint after every Output has resolved. */
export interface ResolvedTaint {
    key: string;
    value?: string;
    effect: string;
}

/** A node requirement after every Output has resolved. */
export interface ResolvedRequirement {
    key: string;
    operator: string;
    values?: string[];
    minValues?: number;
}

/** Karpenter's API version and kind for node pools. */
export const nodePoolApiVersion = "karpenter.sh/v1";
export const nodePoolKind = "NodePool";

const capacityTypes: readonly string[] = Object.values(CapacityType);
const taintEffects: readonly string[] = Object.values(TaintEffect);
const operators: readonly string[] = Object.values(RequirementOperator);
const policies: readonly string[] = Object.values(ConsolidationPolicy);
// Karpenter's own patterns (karpenter.sh_nodepools.yaml), so mistakes fail before the API server sees them.
const karpenterDuration = /^(([0-9]+(s|m|h))+|Never)$/;
const budgetNodes = /^((100|[0-9]{1,2})%|[0-9]+)$/;
const budgetDuration = /^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$/;
const cronSchedule = /^(@(annually|yearly|monthly|weekly|daily|midnight|hourly))$|^(\S+\s+){4}\S+$/;
const qualifiedNameRule =
    "must be a qualified name: an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends";
const labelValueRule = "must be a valid label value (at most 63 letters, digits, '-', '_' or '.', alphanumeric at both ends)";


/**
 * Label domains Karpenter refuses on NodePools: `kubernetes.io` (but for well-known labels and
 * `node.kubernetes.io`), `k8s.io`, and `karpenter.sh` (but for the capacity type). Returns the
 * reserved domain, or undefined when the key may be used.
 */
export function reservedLabelDomain(key: string): string | undefined {
    const slash = key.indexOf("/");
    if (slash < 0) {
        return undefined;
    }
    const domain = key.slice(0, slash);
    const wellKnown = [
        "topology.kubernetes.io/zone",
        "topology.kubernetes.io/region",
        "kubernetes.io/arch",
        "kubernetes.io/os",
        "node.kubernetes.io/instance-type",
        "node.kubernetes.io/windows-build",
    ];
    if (domain.endsWith("kubernetes.io") && !wellKnown.includes(key) && !domain.endsWith("node.kubernetes.io") && !domain.endsWith("node-restriction.kubernetes.io")) {
        return "kubernetes.io";
    }
    if (domain.endsWith("k8s.io") && !domain.endsWith("kops.k8s.io")) {
        return "k8s.io";
    }
    if (domain.endsWith("karpenter.sh") && key !== capacityTypeLabel) {
        return "karpenter.sh";
    }
    return undefined;
}

/** The pool's capacity types, defaulted. */
export function poolCapacityTypes(args: ResolvedNodePoolArgs): string[] {
    return [...((args.capacityTypes as string[] | undefined) ?? defaultCapacityTypes)];
}

/** The pool's GPU resource name, or undefined for pools without GPUs. */
export function poolGpuResourceName(args: ResolvedNodePoolArgs): string | undefined {
    return args.gpu ? args.gpu.resourceName ?? defaultGpuResourceName : undefined;
}

/** Checks taints as the API server does: qualified-name key, label-value value, a known effect. */
export function checkTaints(problems: Problems, field: string, taints: ResolvedTaint[] | undefined): void {
    (taints ?? []).forEach((taint, index) => {
        const at = `${field}[${index}]`;
        problems.check(typeof taint.key === "string" && isQualifiedName(taint.key), `${at}.key ${show(taint.key)}`, qualifiedNameRule);
        if (taint.value !== undefined && taint.value !== "") {
            problems.check(isLabelValue(taint.value), `${at}.value ${show(taint.value)}`, labelValueRule);
        }
        problems.check(taintEffects.includes(taint.effect), `${at}.effect ${show(taint.effect)}`, `must be one of ${taintEffects.join(", ")}`);
    });
}

/** Checks node requirements as Karpenter's schema and CEL rules do. */
export function checkRequirements(problems: Problems, field: string, requirements: ResolvedRequirement[] | undefined): void {
    (requirements ?? []).forEach((requirement, index) => {
        const at = `${field}[${index}]`;
        const { key, operator } = requirement;
        const values = requirement.values ?? [];
        if (typeof key !== "string" || !isQualifiedName(key)) {
            problems.add(`${at}.key ${show(key)}`, qualifiedNameRule);
        } else if (reservedLabelDomain(key)) {
            problems.add(`${at}.key ${show(key)}`, `uses the label domain "${reservedLabelDomain(key)}", which Karpenter reserves`);
        } else if (key === capacityTypeLabel) {
            problems.add(`${at}.key ${show(key)}`, "is set by capacityTypes; give the capacity types there");
        }
        if (!operators.includes(operator)) {
            problems.add(`${at}.operator ${show(operator)}`, `must be one of ${operators.join(", ")}`);
            return;
        }
        if ((operator === "In" || operator === "NotIn") && values.length === 0) {
            problems.add(`${at}.values`, `must not be empty with operator ${operator}`);
        }
        if ((operator === "Exists" || operator === "DoesNotExist") && values.length > 0) {
            problems.add(`${at}.values`, `must be empty with operator ${operator}`);
        }
        if ((operator === "Gt" || operator === "Lt") && !(values.length === 1 && /^[0-9]+$/.test(values[0]))) {
            problems.add(`${at}.values ${show(values)}`, `must be a single whole number with operator ${operator}`);
        }
        for (const value of values) {
            problems.check(isLabelValue(value), `${at}.values ${show(value)}`, labelValueRule);
        }
        if (requirement.minValues !== undefined) {
            if (!isWholeNumber(requirement.minValues, 1, 50)) {
                problems.add(`${at}.minValues ${show(requirement.minValues)}`, "must be a whole number from 1 to 50");
            } else if (operator === "In" && values.length < requirement.minValues) {
                problems.add(`${at}.minValues ${requirement.minValues}`, `exceeds the ${values.length} values given`);
            }
        }
    });
}

/** Every rule on a node pool's arguments; `problems` names the component in its errors. */
export function checkNodePoolArgs(problems: Problems, name: string, args: ResolvedNodePoolArgs): void {
    checkDns1123Label(problems, "name", name);
    const ref = args.nodeClassRef ?? ({} as ResolvedNodePoolArgs["nodeClassRef"]);
    for (const field of ["group", "kind", "name"] as const) {
        problems.check(typeof ref[field] === "string" && ref[field].trim() !== "", `nodeClassRef.${field}`, "must not be empty: Karpenter v1 needs the node class's group, kind and name");
    }
    if (typeof ref.group === "string" && ref.group.includes("/")) {
        problems.add(`nodeClassRef.group ${show(ref.group)}`, 'must be an API group without a version, such as "karpenter.k8s.aws"');
    }

    const types = poolCapacityTypes(args);
    problems.check(types.length > 0, "capacityTypes", "must name at least one of spot, on-demand");
    for (const type of types) {
        problems.check(capacityTypes.includes(type), `capacityTypes ${show(type)}`, `must be one of ${capacityTypes.join(", ")}`);
    }
    if (new Set(types).size !== types.length) {
        problems.add(`capacityTypes ${show(types)}`, "must not repeat a capacity type");
    }

    if (args.gpu !== undefined) {
        const resourceName = args.gpu.resourceName ?? defaultGpuResourceName;
        if (typeof resourceName !== "string" || resourceName.trim() === "") {
            problems.add("gpu.resourceName", "must not be empty: a GPU pool needs the GPU resource name its device plugin advertises, such as nvidia.com/gpu");
        } else {
            problems.check(
                resourceName.includes("/") && isQualifiedName(resourceName),
                `gpu.resourceName ${show(resourceName)}`,
                "must be an extended resource name with a domain, such as nvidia.com/gpu",
            );
        }
        if (args.gpu.countPerNode !== undefined) {
            problems.check(isWholeNumber(args.gpu.countPerNode, 1), `gpu.countPerNode ${show(args.gpu.countPerNode)}`, "must be a whole number of at least 1");
            problems.check(
                args.gpu.countLabel !== undefined,
                "gpu.countPerNode",
                "needs gpu.countLabel, the cloud's node label for GPUs per node (karpenter.k8s.aws/instance-gpu-count on AWS, karpenter.azure.com/sku-gpu-count on Azure)",
            );
        }
        if (args.gpu.countLabel !== undefined) {
            problems.check(isQualifiedName(args.gpu.countLabel), `gpu.countLabel ${show(args.gpu.countLabel)}`, qualifiedNameRule);
        }
        checkRequirements(problems, "gpu.requirements", args.gpu.requirements as ResolvedRequirement[] | undefined);
        const image = args.gpu.devicePlugin?.image;
        if (image !== undefined) {
            problems.check(image.trim() !== "", "gpu.devicePlugin.image", "must not be empty");
        }
        if (args.gpu.devicePlugin?.namespace !== undefined) {
            checkDns1123Label(problems, "gpu.devicePlugin.namespace", args.gpu.devicePlugin.namespace);
        }
    } else if (args.limits?.gpus !== undefined) {
        problems.add("limits.gpus", "needs gpu: only a GPU pool has GPUs to limit");
    }

    for (const [key, value] of Object.entries(args.labels ?? {})) {
        problems.check(isQualifiedName(key), `labels key ${show(key)}`, qualifiedNameRule);
        problems.check(isLabelValue(value), `labels[${show(key)}] ${show(value)}`, labelValueRule);
        const reserved = reservedLabelDomain(key);
        if (isQualifiedName(key) && (reserved || key === capacityTypeLabel)) {
            problems.add(`labels key ${show(key)}`, `uses the label domain "${reserved ?? "karpenter.sh"}", which Karpenter reserves`);
        }
    }
    checkTaints(problems, "taints", args.taints as ResolvedTaint[] | undefined);
    checkRequirements(problems, "requirements", args.requirements as ResolvedRequirement[] | undefined);

    for (const field of ["cpu", "memory", "gpus"] as const) {
        const value = args.limits?.[field];
        if (value !== undefined) {
            const quantity = parseQuantity(value);
            problems.check(quantity !== undefined && quantity.num >= 0n, `limits.${field} ${show(value)}`, rules.quantity);
        }
    }

    const disruption = args.disruption ?? {};
    if (disruption.consolidationPolicy !== undefined) {
        problems.check(policies.includes(disruption.consolidationPolicy), `disruption.consolidationPolicy ${show(disruption.consolidationPolicy)}`, `must be one of ${policies.join(", ")}`);
    }
    if (disruption.consolidateAfter !== undefined) {
        problems.check(karpenterDuration.test(disruption.consolidateAfter), `disruption.consolidateAfter ${show(disruption.consolidateAfter)}`, 'must be a duration in s, m and h such as "30s" or "1h30m", or "Never"');
    }
    ((disruption.budgets ?? []) as { nodes: string; schedule?: string; duration?: string }[]).forEach((budget, index) => {
        const at = `disruption.budgets[${index}]`;
        problems.check(budgetNodes.test(String(budget.nodes)), `${at}.nodes ${show(budget.nodes)}`, 'must be a count such as "1" or a percentage such as "10%"');
        if ((budget.schedule === undefined) !== (budget.duration === undefined)) {
            problems.add(at, "must set schedule and duration together");
        }
        if (budget.schedule !== undefined) {
            problems.check(cronSchedule.test(budget.schedule), `${at}.schedule ${show(budget.schedule)}`, 'must be a cron schedule such as "0 9 * * mon-fri" or "@daily"');
        }
        if (budget.duration !== undefined) {
            problems.check(budgetDuration.test(budget.duration), `${at}.duration ${show(budget.duration)}`, 'must be hours and minutes such as "8h" or "1h30m"');
        }
    });
    if (args.expireAfter !== undefined) {
        problems.check(karpenterDuration.test(args.expireAfter), `expireAfter ${show(args.expireAfter)}`, 'must be a duration in s, m and h such as "720h", or "Never"');
    }
    if (args.weight !== undefined) {
        problems.check(isWholeNumber(args.weight, 1, 100), `weight ${show(args.weight)}`, "must be a whole number from 1 to 100");
    }
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

/**
 * GPU and/or spot capacity as a Karpenter `karpenter.sh/v1` NodePool: the labels and taints on
 * its nodes, and the `nodeSelector` and `tolerations` a workload needs to land there, to pass
 * into a `Distribution`. Optionally the NVIDIA device plugin DaemonSet on the pool's nodes.
 *
 * Karpenter runs on AWS (EKS) and on Azure (AKS Node Auto Provisioning). On other clouds, create
 * the node pool there and pass its labels and taints to the `Distribution` yourself.
 * @see https://karpenter.sh/docs/concepts/nodepools/
 */
export class NodePool extends pulumi.ComponentResource {
    /** Name of the Karpenter NodePool (cluster-scoped), the component's name. */
    public readonly name: pulumi.Output<string>;
    /** Node labels that select the pool's nodes; pass as a Distribution's `nodeSelector`. */
    public readonly nodeSelector: pulumi.Output<{ [key: string]: string }>;
    /** Tolerations of the pool's taints; pass as a Distribution's `tolerations`. */
    public readonly tolerations: pulumi.Output<PoolToleration[]>;
    /** Selector of the pool's spot nodes (empty without spot); pass as a Distribution's `spot.nodeSelector`. */
    public readonly spotNodeSelector: pulumi.Output<{ [key: string]: string }>;
    /** Name of the device plugin DaemonSet; empty when it is not deployed. */
    public readonly devicePluginName: pulumi.Output<string>;

    constructor(name: string, args: NodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:NodePool", name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("NodePool", name, args, []);

        const resolved = validated(args, (a) => {
            const problems = new Problems(componentLabel("NodePool", name));
            checkNodePoolArgs(problems, name, a as ResolvedNodePoolArgs);
            problems.throwIfAny();
        });
        const pool = resolved as pulumi.Output<ResolvedNodePoolArgs>;

        const nodePool = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: nodePoolApiVersion,
                kind: nodePoolKind,
                metadata: { name, labels: { "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/part-of": "llamastack" } },
                spec: pool.apply((a) => buildNodePoolSpec(a)),
            },
            { parent: this },
        );

        const nodeSelector = pool.apply((a) => poolNodeSelector(name, a));
        const tolerations = pool.apply((a) => poolTolerations(a));

        let devicePluginName: pulumi.Output<string> = pulumi.output("");
        if (args.gpu?.devicePlugin?.enabled) {
            const daemonSetName = `${name}-device-plugin`;
            const daemonSet = new k8s.apps.v1.DaemonSet(
                daemonSetName,
                {
                    metadata: {
                        name: daemonSetName,
                        namespace: args.gpu.devicePlugin.namespace ?? defaultDevicePluginNamespace,
                        labels: devicePluginLabels(name),
                    },
                    spec: pool.apply((a) =>
                        buildDevicePluginSpec({
                            poolName: name,
                            namespace: a.gpu?.devicePlugin?.namespace ?? defaultDevicePluginNamespace,
                            image: a.gpu?.devicePlugin?.image ?? defaultDevicePluginImage,
                            nodeSelector: poolNodeSelector(name, a),
                            tolerations: poolTolerations(a),
                        }),
                    ) as unknown as pulumi.Output<k8s.types.input.apps.v1.DaemonSetSpec>,
                },
                { parent: this, dependsOn: [nodePool] },
            );
            devicePluginName = daemonSet.metadata.name;
        }

        this.name = nodePool.metadata.name;
        this.nodeSelector = nodeSelector;
        this.tolerations = tolerations;
        this.spotNodeSelector = pool.apply((a) => poolSpotNodeSelector(a));
        this.devicePluginName = devicePluginName;
        this.registerOutputs({
            name: this.name,
            nodeSelector: this.nodeSelector,
            tolerations: this.tolerations,
            spotNodeSelector: this.spotNodeSelector,
            devicePluginName: this.devicePluginName,
        });
    }
}
