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
