// String enums written as const objects, so TypeScript users may pass either
// `ServiceType.LoadBalancer` or the plain string "LoadBalancer", and the schema still has an enum.

/** How the Service is exposed. @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types */
export const ServiceType = {
    /** Reachable inside the cluster only. */
    ClusterIP: "ClusterIP",
    /** A port on every node. */
    NodePort: "NodePort",
    /** An external load balancer from the cloud provider (the guide's choice). */
    LoadBalancer: "LoadBalancer",
} as const;
export type ServiceType = (typeof ServiceType)[keyof typeof ServiceType];

/** Whether a client sticks to one pod. */
export const SessionAffinity = {
    /** Round-robin across ready pods (the guide's choice). */
    None: "None",
    /** Requests from one client IP go to the same pod. */
    ClientIP: "ClientIP",
} as const;
export type SessionAffinity = (typeof SessionAffinity)[keyof typeof SessionAffinity];

/** How a toleration matches a taint. */
export const TolerationOperator = {
    /** Matches a taint with the key and value. */
    Equal: "Equal",
    /** Matches any taint with the key (give no value). */
    Exists: "Exists",
} as const;
export type TolerationOperator = (typeof TolerationOperator)[keyof typeof TolerationOperator];

/** What a taint does to pods that do not tolerate it. */
export const TaintEffect = {
    /** New pods that do not tolerate the taint are not scheduled on the node. */
    NoSchedule: "NoSchedule",
    /** The scheduler avoids the node for pods that do not tolerate the taint, if it can. */
    PreferNoSchedule: "PreferNoSchedule",
    /** Pods that do not tolerate the taint are not scheduled, and running ones are evicted. */
    NoExecute: "NoExecute",
} as const;
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

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

/** Pod Security Standards levels, enforced per namespace by the built-in admission controller. */
export const PodSecurityLevel = {
    /** No restrictions. */
    Privileged: "privileged",
    /** Blocks known privilege escalations (host namespaces, hostPath, privileged containers). */
    Baseline: "baseline",
    /** Baseline plus hardening: non-root, no privilege escalation, capabilities dropped, seccomp. */
    Restricted: "restricted",
} as const;
export type PodSecurityLevel = (typeof PodSecurityLevel)[keyof typeof PodSecurityLevel];

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
 * How a VerticalPodAutoscaler applies its recommendations.
 * @see https://kubernetes.io/docs/concepts/workloads/autoscaling/vertical-pod-autoscale/
 */
export const VpaUpdateMode = {
    /** Recommend only; never change pods. Safe next to any HPA. */
    Off: "Off",
    /** Set requests when a pod is created; never evict running pods. */
    Initial: "Initial",
    /** Evict pods whose requests are far from the recommendation, so they restart with new ones. */
    Recreate: "Recreate",
    /** Resize running pods in place where the node allows it, else evict them. */
    InPlaceOrRecreate: "InPlaceOrRecreate",
    /** The guide's choice; today the same as `Recreate` (deprecated upstream in its favour). */
    Auto: "Auto",
} as const;
export type VpaUpdateMode = (typeof VpaUpdateMode)[keyof typeof VpaUpdateMode];

/** Which values a VerticalPodAutoscaler changes. */
export const VpaControlledValues = {
    /** Requests, and limits in proportion to them. */
    RequestsAndLimits: "RequestsAndLimits",
    /** Requests only; limits stay as written. */
    RequestsOnly: "RequestsOnly",
} as const;
export type VpaControlledValues = (typeof VpaControlledValues)[keyof typeof VpaControlledValues];

/** The unit of an HPA scaling policy. */
export const ScalingPolicyType = {
    /** A number of pods per period. */
    Pods: "Pods",
    /** A percentage of the current replicas per period. */
    Percent: "Percent",
} as const;
export type ScalingPolicyType = (typeof ScalingPolicyType)[keyof typeof ScalingPolicyType];

/** Which of several HPA scaling policies wins. */
export const ScalingSelectPolicy = {
    /** The policy that allows the largest change. */
    Max: "Max",
    /** The policy that allows the smallest change. */
    Min: "Min",
    /** Never scale in this direction. */
    Disabled: "Disabled",
} as const;
export type ScalingSelectPolicy = (typeof ScalingSelectPolicy)[keyof typeof ScalingSelectPolicy];

/** A colour of a blue-green rollout. */
export const Color = {
    /** The blue distribution. */
    Blue: "blue",
    /** The green distribution. */
    Green: "green",
} as const;
export type Color = (typeof Color)[keyof typeof Color];

/** How a persistent claim may be mounted. @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes */
export const StorageAccessMode = {
    /** One node at a time: one replica, rolled out by replacing the pod (no overlap). */
    ReadWriteOnce: "ReadWriteOnce",
    /** Many nodes at once (a network filesystem): several replicas share it. */
    ReadWriteMany: "ReadWriteMany",
} as const;
export type StorageAccessMode = (typeof StorageAccessMode)[keyof typeof StorageAccessMode];
