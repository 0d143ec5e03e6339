import * as pulumi from "@pulumi/pulumi";
import { TaintEffect, TolerationOperator } from "../core/enums";

/** How a node is bought: Karpenter's `karpenter.sh/capacity-type` values. */
export const CapacityType = {
    /** Spare capacity at a discount, reclaimed by the cloud at short notice. */
    Spot: "spot",
    /** Regular capacity, not reclaimed. */
    OnDemand: "on-demand",
} as const;
export type CapacityType = (typeof CapacityType)[keyof typeof CapacityType];

/** Which nodes Karpenter may remove or replace to save cost. */
export const ConsolidationPolicy = {
    /** Only nodes that run no workload pods. */
    WhenEmpty: "WhenEmpty",
    /** Empty nodes, and nodes whose pods fit elsewhere (Karpenter's own default). */
    WhenEmptyOrUnderutilized: "WhenEmptyOrUnderutilized",
} as const;
export type ConsolidationPolicy = (typeof ConsolidationPolicy)[keyof typeof ConsolidationPolicy];

/** How a node requirement relates a node label to its values. */
export const RequirementOperator = {
    /** The label's value is one of the values. */
    In: "In",
    /** The label's value is none of the values, or the label is absent. */
    NotIn: "NotIn",
    /** The node has the label, whatever its value (give no values). */
    Exists: "Exists",
    /** The node does not have the label (give no values). */
    DoesNotExist: "DoesNotExist",
    /** Greater than the single integer value. */
    Gt: "Gt",
    /** Less than the single integer value. */
    Lt: "Lt",
} as const;
export type RequirementOperator = (typeof RequirementOperator)[keyof typeof RequirementOperator];

/**
 * The cloud's node class that a Karpenter NodePool launches nodes from (machine image, subnets,
 * security groups). Karpenter v1 requires all three fields.
 * AWS: `{ group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" }`;
 * Azure (AKS Node Auto Provisioning): `{ group: "karpenter.azure.com", kind: "AKSNodeClass", name: "default" }`.
 * @see https://karpenter.sh/docs/concepts/nodeclasses/
 */
export interface NodeClassRef {
    /** API group of the node class, without a version, e.g. `karpenter.k8s.aws`. */
    group: pulumi.Input<string>;
    /** Kind of the node class, e.g. `EC2NodeClass`. */
    kind: pulumi.Input<string>;
    /** Name of the node class object. */
    name: pulumi.Input<string>;
}

/** A taint on every node of the pool, e.g. the guide's `spot=true:NoSchedule`. */
export interface Taint {
    /** Taint key: a qualified name such as `spot` or `nvidia.com/gpu`. */
    key: pulumi.Input<string>;
    /** Taint value, a label value; leave out for a key-only taint. */
    value?: pulumi.Input<string>;
    /** What the taint does to pods that do not tolerate it. */
    effect: pulumi.Input<TaintEffect>;
}

/**
 * A constraint on the nodes Karpenter may launch, on a node label such as
 * `node.kubernetes.io/instance-type`, `topology.kubernetes.io/zone` or a cloud's own labels
 * (`karpenter.k8s.aws/instance-family` on AWS).
 * @see https://karpenter.sh/docs/concepts/nodepools/#spectemplatespecrequirements
 */
export interface NodeRequirement {
    /** The node label the requirement applies to. */
    key: pulumi.Input<string>;
    /** How the label relates to `values`. */
    operator: pulumi.Input<RequirementOperator>;
    /** Values for `In` and `NotIn` (at least one), or the single integer for `Gt` and `Lt`. */
    values?: pulumi.Input<pulumi.Input<string>[]>;
    /** With `In`: how many of the values Karpenter must keep open when it picks instance types. */
    minValues?: pulumi.Input<number>;
}

/** The NVIDIA device plugin DaemonSet, for clusters whose GPU nodes do not come with one. */
export interface DevicePlugin {
    /**
     * Deploy the device plugin on the pool's nodes. Defaults to false.
     * @default false
     */
    enabled?: boolean;
    /**
     * Device plugin image, pinned by digest (docs/images.md); pin yours the same way. Defaults to "nvcr.io/nvidia/k8s-device-plugin:v0.17.1@sha256:af31e2b7c7f89834c4e5219860def7ac2e49a207b3d4e8610d5a26772b7738e5".
     * @default "nvcr.io/nvidia/k8s-device-plugin:v0.17.1@sha256:af31e2b7c7f89834c4e5219860def7ac2e49a207b3d4e8610d5a26772b7738e5"
     */
    image?: pulumi.Input<string>;
    /**
     * Namespace of the DaemonSet. It mounts a hostPath, which the `baseline` and `restricted`
     * Pod Security levels forbid, so it cannot go into a `LlamaStackNamespace`. Defaults to "kube-system".
     * @default "kube-system"
     */
    namespace?: pulumi.Input<string>;
}

/** GPU capacity of a node pool. */
export interface NodePoolGpu {
    /**
     * The extended resource the device plugin advertises; the pool is tainted `<resourceName>:NoSchedule`.
     * Defaults to "nvidia.com/gpu".
     * @default "nvidia.com/gpu"
     */
    resourceName?: pulumi.Input<string>;
    /**
     * GPUs per node. Needs `countLabel`, since the node label that carries the count is the cloud's own.
     */
    countPerNode?: pulumi.Input<number>;
    /**
     * The node label carrying a node's GPU count, for `countPerNode`: `karpenter.k8s.aws/instance-gpu-count`
     * on AWS, `karpenter.azure.com/sku-gpu-count` on Azure.
     */
    countLabel?: pulumi.Input<string>;
    /**
     * GPU instance requirements, in the cloud's own labels, e.g. on AWS
     * `{ key: "karpenter.k8s.aws/instance-family", operator: "In", values: ["g5", "g6"] }`.
     * Without any, Karpenter picks instance types whose GPUs fit the pods' GPU requests.
     */
    requirements?: pulumi.Input<pulumi.Input<NodeRequirement>[]>;
    /** The NVIDIA device plugin DaemonSet, restricted to this pool's nodes. */
    devicePlugin?: DevicePlugin;
}

/** Upper bounds on the capacity the pool may launch in total (Karpenter stops launching at them). */
export interface NodePoolLimits {
    /** Total CPU of the pool's nodes, e.g. "1000". */
    cpu?: pulumi.Input<string>;
    /** Total memory of the pool's nodes, e.g. "1000Gi". */
    memory?: pulumi.Input<string>;
    /** Total GPUs of the pool's nodes, counted in the GPU resource name, e.g. "16". */
    gpus?: pulumi.Input<string>;
}

/** How many of the pool's nodes Karpenter may disrupt at once, optionally only in a time window. */
export interface NodeDisruptionBudget {
    /** Nodes at once: a count ("1", "0" to block) or a percentage ("10%"). */
    nodes: pulumi.Input<string>;
    /** When the budget starts, in cron syntax (UTC), e.g. "0 9 * * mon-fri". Needs `duration`. */
    schedule?: pulumi.Input<string>;
    /** How long the budget lasts after each `schedule` hit, in hours and minutes, e.g. "8h". */
    duration?: pulumi.Input<string>;
}

/** How Karpenter removes and replaces the pool's nodes to save cost. */
export interface NodeDisruption {
    /**
     * Which nodes may be consolidated. Defaults to "WhenEmptyOrUnderutilized".
     * @default "WhenEmptyOrUnderutilized"
     */
    consolidationPolicy?: pulumi.Input<ConsolidationPolicy>;
    /**
     * How long a node must qualify before it is consolidated, e.g. "30s", "5m", "1h" or "Never".
     * Defaults to "5m".
     * @default "5m"
     */
    consolidateAfter?: pulumi.Input<string>;
    /**
     * Disruption budgets; the most restrictive active one applies. Defaults to [{ nodes: "1" }].
     * @default [{ nodes: "1" }]
     */
    budgets?: pulumi.Input<pulumi.Input<NodeDisruptionBudget>[]>;
}

/** Arguments of `NodePool`: a Karpenter `karpenter.sh/v1` NodePool for GPU and/or spot capacity. */
export interface NodePoolArgs {
    /** The cloud's node class the nodes are launched from (required by Karpenter v1). */
    nodeClassRef: NodeClassRef;
    /**
     * How nodes are bought: `spot`, `on-demand`, or both, in which case Karpenter launches spot
     * when it can and on-demand when spot is unavailable. Defaults to ["on-demand"].
     * @default ["on-demand"]
     */
    capacityTypes?: pulumi.Input<pulumi.Input<CapacityType>[]>;
    /** GPU capacity: the GPU taint, per-node count, instance requirements, the device plugin. */
    gpu?: NodePoolGpu;
    /**
     * Labels on every node of the pool; workloads select them.
     * Defaults to { "node-type": "spot" } for a spot-only pool (the guide's label), none otherwise.
     * @default { "node-type": "spot" } for a spot-only pool (the guide's label), none otherwise
     */
    labels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * Taints on every node of the pool; given taints replace the defaults.
     * Defaults to the guide's `spot=true:NoSchedule` when spot is allowed, and `<gpu.resourceName>:NoSchedule` for GPU pools.
     * @default the guide's `spot=true:NoSchedule` when spot is allowed, and `<gpu.resourceName>:NoSchedule` for GPU pools
     */
    taints?: pulumi.Input<pulumi.Input<Taint>[]>;
    /** More constraints on the nodes: zones, architectures, instance types. */
    requirements?: pulumi.Input<pulumi.Input<NodeRequirement>[]>;
    /** Upper bounds on the pool's total capacity. */
    limits?: NodePoolLimits;
    /** Consolidation policy and disruption budgets. */
    disruption?: NodeDisruption;
    /**
     * How long a node lives before Karpenter replaces it, e.g. "720h" or "Never".
     * Defaults to Karpenter's default, "720h".
     * @default Karpenter's default, "720h"
     */
    expireAfter?: pulumi.Input<string>;
    /** Priority of the pool among pools that fit a pod, 1 to 100; higher is tried first. */
    weight?: pulumi.Input<number>;
}

/** A toleration a workload needs to run on a pool's nodes, as in a pod spec. */
export interface PoolToleration {
    /** Taint key to match. */
    key?: string;
    /** `Equal` (key and value) or `Exists` (key only). */
    operator?: TolerationOperator;
    /** Taint value to match, with `Equal`. */
    value?: string;
    /** Taint effect to match. */
    effect?: TaintEffect;
}

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
