// The autoscalers' arguments (HorizontalAutoscaler, VerticalAutoscaler, ScheduledScaler, and a
// Distribution's `autoscaling`), with their enums (const objects, see core/enums.ts). Defaults: defaults.ts.
import * as pulumi from "@pulumi/pulumi";

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

/**
 * One scaling policy: at most `value` pods (or percent of the current replicas) per
 * `periodSeconds`.
 * @see https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/#scaling-policies
 */
export interface ScalingPolicy {
    /** `Pods` or `Percent`. */
    type: pulumi.Input<ScalingPolicyType>;
    /** Pods, or percent of the current replicas, a whole number of at least 1. */
    value: pulumi.Input<number>;
    /** The window the policy counts changes in, 1 to 1800 seconds. */
    periodSeconds: pulumi.Input<number>;
}

/**
 * How fast an HPA may scale in one direction. Fields left out take this package's defaults
 * (see `ScalingBehavior`), not Kubernetes' faster ones.
 */
export interface ScalingRules {
    /**
     * Seconds of past recommendations the HPA considers before acting: it scales up to the lowest
     * and down to the highest recommendation in the window, which ignores short spikes and dips.
     * 0 to 3600. Defaults to 60 for scale-up, 300 for scale-down.
     * @default 60 for scale-up, 300 for scale-down
     */
    stabilizationWindowSeconds?: pulumi.Input<number>;
    /**
     * Which policy wins when several apply. Defaults to "Max".
     * @default "Max"
     */
    selectPolicy?: pulumi.Input<ScalingSelectPolicy>;
    /**
     * Rate limits; at least one when given.
     * Defaults to scale-up: 100% or 4 pods per 60s; scale-down: 1 pod or 25% per 60s.
     * @default scale-up: 100% or 4 pods per 60s; scale-down: 1 pod or 25% per 60s
     */
    policies?: pulumi.Input<pulumi.Input<ScalingPolicy>[]>;
}

/**
 * Scale-up and scale-down rates (the guide's "Scaling Too Aggressive"). The defaults add at most
 * 100% or 4 pods per minute after a 60s window, and remove at most 1 pod or 25% per minute after
 * a 300s window; docs/autoscaling.md explains how to choose them.
 */
export interface ScalingBehavior {
    /** How fast to add replicas. */
    scaleUp?: ScalingRules;
    /** How fast to remove replicas. */
    scaleDown?: ScalingRules;
}

/**
 * A per-pod metric from the custom metrics API, averaged over the pods, e.g. the guide's
 * `{ name: "requests_per_second", averageValue: "100" }`.
 */
export interface PodsMetric {
    /** Metric name, as the metrics adapter (e.g. prometheus-adapter) serves it. */
    name: pulumi.Input<string>;
    /** Target average per pod, a quantity such as "100" or "500m". */
    averageValue: pulumi.Input<string>;
    /** Labels that narrow the metric's series. */
    selector?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** The object an object metric describes, e.g. an Ingress. */
export interface MetricObjectReference {
    /** API version of the object, e.g. `networking.k8s.io/v1`. */
    apiVersion: pulumi.Input<string>;
    /** Kind of the object, e.g. `Ingress`. */
    kind: pulumi.Input<string>;
    /** Name of the object, in the HPA's namespace. */
    name: pulumi.Input<string>;
}

/** A metric of one Kubernetes object (e.g. requests per second on an Ingress). Give `value` or `averageValue`. */
export interface ObjectMetric {
    /** Metric name. */
    name: pulumi.Input<string>;
    /** The object the metric describes. */
    describedObject: MetricObjectReference;
    /** Target value of the metric, a quantity. */
    value?: pulumi.Input<string>;
    /** Target value divided by the number of pods, a quantity. */
    averageValue?: pulumi.Input<string>;
    /** Labels that narrow the metric's series. */
    selector?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/** A metric from outside the cluster (e.g. a queue length). Give `value` or `averageValue`. */
export interface ExternalMetric {
    /** Metric name, as the external metrics adapter serves it. */
    name: pulumi.Input<string>;
    /** Target value of the metric, a quantity. */
    value?: pulumi.Input<string>;
    /** Target value divided by the number of pods, a quantity. */
    averageValue?: pulumi.Input<string>;
    /** Labels that narrow the metric's series. */
    selector?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * Horizontal autoscaling of a distribution (the guide's "Horizontal Pod Autoscaler"). With no
 * metric at all, the HPA targets 80% CPU, as Kubernetes does.
 */
export interface Autoscaling {
    /**
     * Fewest replicas, at least 1. Defaults to 2.
     * @default 2
     */
    minReplicas?: pulumi.Input<number>;
    /** Most replicas: the cost ceiling. At least `minReplicas`. */
    maxReplicas: pulumi.Input<number>;
    /** Target average CPU use, in percent of the pods' CPU requests (1 to 100). */
    targetCPUUtilization?: pulumi.Input<number>;
    /** Target average memory use, in percent of the pods' memory requests (1 to 100). */
    targetMemoryUtilization?: pulumi.Input<number>;
    /** Per-pod custom metrics (the guide's `requests_per_second`). */
    podsMetrics?: PodsMetric[];
    /** Metrics of other Kubernetes objects. */
    objectMetrics?: ObjectMetric[];
    /** Metrics from outside the cluster. */
    externalMetrics?: ExternalMetric[];
    /** Scale-up and scale-down rates; see `ScalingBehavior` for the defaults. */
    behavior?: ScalingBehavior;
}

/** Arguments of `HorizontalAutoscaler`: the autoscaling settings and the distribution they scale. */
export interface HorizontalAutoscalerArgs extends Autoscaling {
    /** Name of the `LlamaStackDistribution` to scale. */
    targetName: pulumi.Input<string>;
    /** Namespace of the distribution; the HPA is created there. Defaults to the provider's namespace. @default the provider's namespace */
    namespace?: pulumi.Input<string>;
}

/** `Autoscaling` after every Output has resolved. */
export type ResolvedAutoscalingArgs = pulumi.Unwrap<Autoscaling>;
export type ResolvedRules = pulumi.Unwrap<ScalingRules>;
export type ResolvedSelector = Record<string, string> | undefined;

/**
 * Vertical autoscaling of a distribution (the guide's "Vertical Pod Autoscaler"): the VPA
 * recommends, and in an updating mode sets, the server container's requests.
 * @see https://kubernetes.io/docs/concepts/workloads/autoscaling/vertical-pod-autoscale/
 */
export interface VerticalAutoscaling {
    /**
     * How recommendations are applied. Every mode but `Off` changes pods, and then must not control
     * a resource (cpu, memory) that an HPA scales on. Defaults to "Auto".
     * @default "Auto"
     */
    updateMode?: pulumi.Input<VpaUpdateMode>;
    /**
     * The container the policy applies to. Defaults to "llamastack".
     * @default "llamastack"
     */
    containerName?: pulumi.Input<string>;
    /** Lowest requests the VPA may set, e.g. `{ cpu: "100m", memory: "128Mi" }`. */
    minAllowed?: pulumi.Input<{ [resource: string]: pulumi.Input<string> }>;
    /** Highest requests the VPA may set, e.g. `{ cpu: "4", memory: "8Gi" }`. */
    maxAllowed?: pulumi.Input<{ [resource: string]: pulumi.Input<string> }>;
    /**
     * Resources the VPA controls: `cpu`, `memory` or both. Leave out the one an HPA scales on.
     * Defaults to ["cpu", "memory"].
     * @default ["cpu", "memory"]
     */
    controlledResources?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * Whether the VPA changes requests only or requests and limits. Defaults to "RequestsAndLimits".
     * @default "RequestsAndLimits"
     */
    controlledValues?: pulumi.Input<VpaControlledValues>;
}

/** Arguments of `VerticalAutoscaler`: the settings and the distribution they apply to. */
export interface VerticalAutoscalerArgs extends VerticalAutoscaling {
    /** Name of the `LlamaStackDistribution` whose pods the VPA sizes. */
    targetName: pulumi.Input<string>;
    /** Namespace of the distribution; the VPA is created there. Defaults to the provider's namespace. @default the provider's namespace */
    namespace?: pulumi.Input<string>;
}

/** `VerticalAutoscaling` after every Output has resolved. */
export type ResolvedVerticalAutoscalingArgs = pulumi.Unwrap<VerticalAutoscaling>;

/**
 * One scheduled change (the guide's "Scheduled Scaling"), run as a CronJob named
 * `<name>-<scaler name>`, e.g. `scale-down-my-llamastack`. Without an HPA give `replicas`;
 * with one give `minReplicas` and `maxReplicas` (the HPA would undo a replica count).
 */
export interface Schedule {
    /** Name of the schedule, e.g. `scale-down`; a DNS label, unique within the scaler. */
    name: string;
    /** When to run, in cron syntax, e.g. the guide's `"0 18 * * *"` (6 PM daily). */
    schedule: pulumi.Input<string>;
    /**
     * IANA time zone the schedule is read in, e.g. `Europe/Berlin`.
     * Defaults to the kube-controller-manager's time zone (usually UTC).
     * @default the kube-controller-manager's time zone (usually UTC)
     */
    timeZone?: pulumi.Input<string>;
    /** Replicas to set on the distribution (when no HPA scales it). 0 stops every pod. */
    replicas?: pulumi.Input<number>;
    /** New `minReplicas` of the HPA (when an HPA scales the distribution). */
    minReplicas?: pulumi.Input<number>;
    /** New `maxReplicas` of the HPA (when an HPA scales the distribution). */
    maxReplicas?: pulumi.Input<number>;
}

/** Arguments of `ScheduledScaler`. */
export interface ScheduledScalerArgs {
    /** Name of the `LlamaStackDistribution` to scale. */
    targetName: pulumi.Input<string>;
    /** Namespace of the distribution; the CronJobs and their RBAC are created there. Defaults to the provider's namespace. @default the provider's namespace */
    namespace?: pulumi.Input<string>;
    /** The scheduled changes, at least one. */
    schedules: Schedule[];
    /**
     * Name of the HorizontalPodAutoscaler that scales the distribution, if any. When given, the
     * schedules patch that HPA's `minReplicas`/`maxReplicas`; otherwise the distribution's
     * `scale` subresource.
     */
    horizontalAutoscalerName?: pulumi.Input<string>;
    /**
     * Image that runs `kubectl`, pinned by digest (docs/images.md). Pin a version close to the cluster's.
     * Defaults to "registry.k8s.io/kubectl:v1.34.0@sha256:497d298f891edb7608dfce9dae4bb08dffc4ddcd7f5d24a0512d4bbf33e04f26".
     * @default "registry.k8s.io/kubectl:v1.34.0@sha256:497d298f891edb7608dfce9dae4bb08dffc4ddcd7f5d24a0512d4bbf33e04f26"
     */
    image?: pulumi.Input<string>;
}

/** `Schedule` after every Output has resolved. */
export type ResolvedSchedule = pulumi.Unwrap<Schedule>;
