// HorizontalPodAutoscaler sanity: replica bounds the API server accepts, a floor of at least two
// pods for availability, utilization targets in (0, 100], and a scale-down stabilization window
// (the guide's "Scaling Too Aggressive").

import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { asArray, at, describe, isHpa, isUnknown, kubeType, plain, show, Unknown } from "./kube";
import { rules as texts } from "../src/core/rules";

/** Config of `hpa-min-replicas`. */
export interface HpaMinReplicasConfig {
    /** Lowest acceptable `minReplicas`. @default 2 */
    minReplicas?: number;
}

/** Config of `hpa-utilization-targets`. */
export interface HpaUtilizationConfig {
    /** Highest acceptable `averageUtilization` percentage. @default 100 */
    maxUtilization?: number;
}

/** Config of `hpa-scale-down-stabilization`. */
export interface HpaStabilizationConfig {
    /** Shortest acceptable `behavior.scaleDown.stabilizationWindowSeconds`. @default 60 */
    minStabilizationWindowSeconds?: number;
}

export const defaultHpaMinReplicas = 2;
export const defaultMaxUtilization = 100;
export const defaultMinStabilizationWindowSeconds = 60;

interface HpaView {
    subject: string;
    spec: unknown;
    version: string;
}

function hpaOf(args: ResourceValidationArgs): HpaView | undefined {
    const type = kubeType(args.type);
    if (!isHpa(type)) {
        return undefined;
    }
    const props = plain(args.props);
    return { subject: describe("HorizontalPodAutoscaler", props, args.name), spec: at(props, "spec"), version: type!.version };
}

/** `minReplicas` as the API server reads it: 1 when unset. */
export function minReplicasOf(spec: unknown): number | Unknown | undefined {
    const value = at(spec, "minReplicas");
    if (isUnknown(value)) {
        return value;
    }
    return value === undefined || value === null ? 1 : typeof value === "number" ? value : undefined;
}

function isWhole(value: unknown): value is number {
    return typeof value === "number" && Number.isInteger(value);
}

export const hpaReplicaBounds: ResourceValidationPolicy = {
    name: "hpa-replica-bounds",
    description: "A HorizontalPodAutoscaler has minReplicas of at least 1 and maxReplicas of at least minReplicas.",
    enforcementLevel: "mandatory",
    validateResource: (args, reportViolation) => {
        const hpa = hpaOf(args);
        if (hpa === undefined) {
            return;
        }
        const min = at(hpa.spec, "minReplicas");
        const max = at(hpa.spec, "maxReplicas");
        if (min !== undefined && !isUnknown(min) && (!isWhole(min) || min < 1)) {
            reportViolation(
                `${hpa.subject}: spec.minReplicas ${show(min)} ${texts.minReplicas} ` +
                    `(scaling to zero needs the alpha HPAScaleToZero feature). Set minReplicas to 1 or more.`,
            );
        }
        if (max === undefined) {
            reportViolation(`${hpa.subject}: spec.maxReplicas is missing; the API server requires it. Set the most pods the autoscaler may run.`);
        } else if (!isUnknown(max) && (!isWhole(max) || max < 1)) {
            reportViolation(`${hpa.subject}: spec.maxReplicas ${show(max)} must be a whole number of at least 1.`);
        }
        const effectiveMin = minReplicasOf(hpa.spec);
        if (isWhole(max) && isWhole(effectiveMin) && effectiveMin > max) {
            reportViolation(
                `${hpa.subject}: spec.minReplicas ${effectiveMin} is greater than spec.maxReplicas ${max}; the API server rejects it. ` +
                    `Raise maxReplicas to at least ${effectiveMin} or lower minReplicas.`,
            );
        }
    },
};

export const hpaMinReplicas: ResourceValidationPolicy = {
    name: "hpa-min-replicas",
    description: "A HorizontalPodAutoscaler keeps at least minReplicas (default 2) pods, so one pod's failure or eviction is not an outage.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minReplicas: { type: "integer", minimum: 1, default: defaultHpaMinReplicas, description: "Lowest acceptable spec.minReplicas." },
        },
    },
    validateResource: (args, reportViolation) => {
        const hpa = hpaOf(args);
        if (hpa === undefined) {
            return;
        }
        const configured = args.getConfig<HpaMinReplicasConfig>().minReplicas;
        const floor = typeof configured === "number" ? configured : defaultHpaMinReplicas;
        const min = minReplicasOf(hpa.spec);
        if (isWhole(min) && min >= 1 && min < floor) {
            const written = at(hpa.spec, "minReplicas") === undefined ? "is unset, so 1" : `is ${min}`;
            reportViolation(
                `${hpa.subject}: spec.minReplicas ${written}, below ${floor}: with a single pod, one crash, eviction or node drain is an outage. ` +
                    `Set minReplicas to at least ${floor}.`,
            );
        }
    },
};

export const hpaUtilizationTargets: ResourceValidationPolicy = {
    name: "hpa-utilization-targets",
    description: "A HorizontalPodAutoscaler's utilization targets are whole percentages greater than 0 and at most maxUtilization (default 100).",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxUtilization: {
                type: "integer",
                minimum: 1,
                default: defaultMaxUtilization,
                description: "Highest acceptable averageUtilization (cpu can exceed 100% of the request when limits are higher).",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const hpa = hpaOf(args);
        if (hpa === undefined) {
            return;
        }
        const configured = args.getConfig<HpaUtilizationConfig>().maxUtilization;
        const max = typeof configured === "number" ? configured : defaultMaxUtilization;
        const check = (field: string, value: unknown): void => {
            if (value === undefined || isUnknown(value)) {
                return;
            }
            if (!isWhole(value) || value <= 0 || value > max) {
                // The shared text says "at most 100"; a configured maximum replaces the number.
                const rule = texts.utilization.replace(/100$/, String(max));
                reportViolation(
                    `${hpa.subject}: ${field} ${show(value)} ${rule}. ` +
                        `Use the share of the request at which to add pods, e.g. 70.`,
                );
            }
        };
        check("spec.targetCPUUtilizationPercentage", at(hpa.spec, "targetCPUUtilizationPercentage"));
        const metrics = at(hpa.spec, "metrics");
        (asArray(metrics) ?? []).forEach((metric, index) => {
            for (const source of ["resource", "containerResource"]) {
                const target = at(metric, source, "target");
                if (isUnknown(target) || at(target, "type") !== "Utilization") {
                    continue;
                }
                const field = `spec.metrics[${index}].${source}.target.averageUtilization`;
                const value = at(target, "averageUtilization");
                if (value === undefined) {
                    reportViolation(`${hpa.subject}: ${field} is missing for a target of type Utilization. Set it, e.g. 70.`);
                } else {
                    check(field, value);
                }
            }
        });
    },
};

export const hpaScaleDownStabilization: ResourceValidationPolicy = {
    name: "hpa-scale-down-stabilization",
    description:
        "A HorizontalPodAutoscaler sets spec.behavior.scaleDown.stabilizationWindowSeconds (at least minStabilizationWindowSeconds, default 60), so a brief dip does not remove pods that are needed again a minute later.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            minStabilizationWindowSeconds: {
                type: "integer",
                minimum: 0,
                default: defaultMinStabilizationWindowSeconds,
                description: "Shortest acceptable scale-down stabilization window.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const hpa = hpaOf(args);
        if (hpa === undefined) {
            return;
        }
        const configured = args.getConfig<HpaStabilizationConfig>().minStabilizationWindowSeconds;
        const floor = typeof configured === "number" ? configured : defaultMinStabilizationWindowSeconds;
        if (hpa.version === "v1") {
            reportViolation(
                `${hpa.subject}: autoscaling/v1 cannot set a scale-down stabilization window. Use autoscaling/v2 and set ` +
                    `spec.behavior.scaleDown.stabilizationWindowSeconds (e.g. 300).`,
            );
            return;
        }
        const window = at(hpa.spec, "behavior", "scaleDown", "stabilizationWindowSeconds");
        if (isUnknown(window)) {
            return;
        }
        if (window === undefined || window === null) {
            reportViolation(
                `${hpa.subject}: spec.behavior.scaleDown.stabilizationWindowSeconds is not set. Set it (e.g. 300) so that ` +
                    `scaling down is deliberate and reviewed, not left to the cluster's default.`,
            );
        } else if (typeof window === "number" && window < floor) {
            reportViolation(
                `${hpa.subject}: spec.behavior.scaleDown.stabilizationWindowSeconds ${window} is below ${floor}: the autoscaler ` +
                    `would remove pods after a dip of under ${floor} seconds and add them back moments later. Set it to at least ${floor} (e.g. 300).`,
            );
        }
    },
};

export const hpaCanScale: ResourceValidationPolicy = {
    name: "hpa-can-scale",
    description: "A HorizontalPodAutoscaler has maxReplicas above minReplicas: with the two equal it can never scale, only add a controller to watch.",
    enforcementLevel: "advisory",
    validateResource: (args, reportViolation) => {
        const hpa = hpaOf(args);
        if (hpa === undefined) {
            return;
        }
        const min = minReplicasOf(hpa.spec);
        const max = at(hpa.spec, "maxReplicas");
        if (isWhole(min) && isWhole(max) && min === max) {
            const written = at(hpa.spec, "minReplicas") === undefined ? "spec.minReplicas (unset, so 1)" : `spec.minReplicas ${min}`;
            reportViolation(
                `${hpa.subject}: ${written} equals spec.maxReplicas ${max}, so the autoscaler can never scale. ` +
                    `Raise maxReplicas to the most pods you can afford, or drop the HPA and set the replicas.`,
            );
        }
    },
};
