// String enums written as const objects, so TypeScript users may pass either
// `ServiceType.LoadBalancer` or the plain string "LoadBalancer", and the schema still has an enum.
// Here: the enums more than one concept uses (tolerations and taints); each concept's own are in its args.ts.

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
