import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { crdApiVersion, crdKind } from "./crd";
import {
    defaultMinReplicas,
    defaultScaleDownPolicies,
    defaultScaleDownStabilizationSeconds,
    defaultScaleUpPolicies,
    defaultScaleUpStabilizationSeconds,
    defaultSelectPolicy,
    defaultTargetCPUUtilization,
} from "./defaults";
import { ScalingPolicyType, ScalingSelectPolicy } from "./enums";
import { commonLabels } from "./labels";
import { checkDns1123Label, checkLabels } from "./names";
import { parseQuantity } from "./quantity";
import { rules } from "./rules";
import { checkedArgs, componentLabel, isWholeNumber, Problems, requireArgs, show } from "./validation";

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
type ResolvedRules = pulumi.Unwrap<ScalingRules>;
type ResolvedSelector = Record<string, string> | undefined;

const policyTypes: readonly string[] = Object.values(ScalingPolicyType);
const selectPolicies: readonly string[] = Object.values(ScalingSelectPolicy);

/** The resources the HPA scales on, with the argument that asks for each. */
export function hpaResourceMetrics(a: ResolvedAutoscalingArgs): { resource: "cpu" | "memory"; field: string }[] {
    const found: { resource: "cpu" | "memory"; field: string }[] = [];
    if (a.targetCPUUtilization !== undefined || !hasAnyMetric(a)) {
        found.push({ resource: "cpu", field: "targetCPUUtilization" });
    }
    if (a.targetMemoryUtilization !== undefined) {
        found.push({ resource: "memory", field: "targetMemoryUtilization" });
    }
    return found;
}

function hasAnyMetric(a: ResolvedAutoscalingArgs): boolean {
    return (
        a.targetCPUUtilization !== undefined ||
        a.targetMemoryUtilization !== undefined ||
        (a.podsMetrics?.length ?? 0) > 0 ||
        (a.objectMetrics?.length ?? 0) > 0 ||
        (a.externalMetrics?.length ?? 0) > 0
    );
}

/** Records a problem unless `value` is a positive quantity. */
function checkPositiveQuantity(problems: Problems, field: string, value: string): void {
    const q = parseQuantity(value);
    if (q === undefined) {
        problems.add(`${field} ${show(value)}`, rules.quantity);
    } else if (q.num <= 0n) {
        problems.add(`${field} ${show(value)}`, "must be greater than 0");
    }
}

function checkMetricName(problems: Problems, field: string, name: string): void {
    problems.check(typeof name === "string" && name.trim() !== "", `${field}.name`, "must not be empty");
}

function checkOneTarget(problems: Problems, field: string, m: { value?: string; averageValue?: string }): void {
    if ((m.value === undefined) === (m.averageValue === undefined)) {
        problems.add(field, "must set exactly one of value and averageValue");
    }
    if (m.value !== undefined) {
        checkPositiveQuantity(problems, `${field}.value`, m.value);
    }
    if (m.averageValue !== undefined) {
        checkPositiveQuantity(problems, `${field}.averageValue`, m.averageValue);
    }
}

function checkRules(problems: Problems, field: string, r: ResolvedRules | undefined): void {
    if (r === undefined) {
        return;
    }
    if (r.stabilizationWindowSeconds !== undefined) {
        problems.check(
            isWholeNumber(r.stabilizationWindowSeconds, 0, 3600),
            `${field}.stabilizationWindowSeconds ${show(r.stabilizationWindowSeconds)}`,
            "must be a whole number of seconds from 0 to 3600",
        );
    }
    if (r.selectPolicy !== undefined) {
        problems.check(selectPolicies.includes(r.selectPolicy), `${field}.selectPolicy ${show(r.selectPolicy)}`, `must be one of ${selectPolicies.join(", ")}`);
    }
    if (r.policies !== undefined) {
        problems.check(r.policies.length > 0, `${field}.policies`, "must hold at least one policy when given");
        r.policies.forEach((p, i) => {
            const at = `${field}.policies[${i}]`;
            problems.check(policyTypes.includes(p.type), `${at}.type ${show(p.type)}`, `must be one of ${policyTypes.join(", ")}`);
            problems.check(isWholeNumber(p.value, 1), `${at}.value ${show(p.value)}`, "must be a whole number of at least 1");
            problems.check(isWholeNumber(p.periodSeconds, 1, 1800), `${at}.periodSeconds ${show(p.periodSeconds)}`, "must be a whole number of seconds from 1 to 1800");
        });
    }
}

/**
 * Every rule on autoscaling settings. `prefix` is how the caller names them in errors:
 * "" for `HorizontalAutoscaler`, "autoscaling." inside a `Distribution`.
 */
export function checkAutoscaling(problems: Problems, prefix: string, a: ResolvedAutoscalingArgs): void {
    const minReplicas = a.minReplicas ?? defaultMinReplicas;
    const minOk = isWholeNumber(minReplicas, 1);
    const maxOk = isWholeNumber(a.maxReplicas, 1);
    problems.check(minOk, `${prefix}minReplicas ${show(minReplicas)}`, rules.minReplicas);
    problems.check(maxOk, `${prefix}maxReplicas ${show(a.maxReplicas)}`, rules.minReplicas);
    if (minOk && maxOk && minReplicas > a.maxReplicas) {
        const given = a.minReplicas === undefined ? " (the default)" : "";
        problems.add(`${prefix}minReplicas ${minReplicas}${given}`, `${rules.minNotAboveMax} ${prefix}maxReplicas ${a.maxReplicas}`);
    }
    for (const field of ["targetCPUUtilization", "targetMemoryUtilization"] as const) {
        const value = a[field];
        if (value !== undefined) {
            problems.check(isWholeNumber(value, 1, 100), `${prefix}${field} ${show(value)}`, rules.utilization);
        }
    }
    (a.podsMetrics ?? []).forEach((m, i) => {
        const at = `${prefix}podsMetrics[${i}]`;
        checkMetricName(problems, at, m.name);
        checkPositiveQuantity(problems, `${at}.averageValue`, m.averageValue);
        checkLabels(problems, `${at}.selector`, m.selector as ResolvedSelector);
    });
    (a.objectMetrics ?? []).forEach((m, i) => {
        const at = `${prefix}objectMetrics[${i}]`;
        checkMetricName(problems, at, m.name);
        for (const key of ["apiVersion", "kind", "name"] as const) {
            const value = m.describedObject?.[key];
            problems.check(typeof value === "string" && value.trim() !== "", `${at}.describedObject.${key}`, "must not be empty");
        }
        checkOneTarget(problems, at, m);
        checkLabels(problems, `${at}.selector`, m.selector as ResolvedSelector);
    });
    (a.externalMetrics ?? []).forEach((m, i) => {
        const at = `${prefix}externalMetrics[${i}]`;
        checkMetricName(problems, at, m.name);
        checkOneTarget(problems, at, m);
        checkLabels(problems, `${at}.selector`, m.selector as ResolvedSelector);
    });
    checkRules(problems, `${prefix}behavior.scaleUp`, a.behavior?.scaleUp);
    checkRules(problems, `${prefix}behavior.scaleDown`, a.behavior?.scaleDown);
}

function metricIdentifier(name: string, selector: ResolvedSelector): Record<string, unknown> {
    return selector && Object.keys(selector).length > 0 ? { name, selector: { matchLabels: selector } } : { name };
}

function valueTarget(m: { value?: string; averageValue?: string }): Record<string, unknown> {
    return m.value !== undefined ? { type: "Value", value: m.value } : { type: "AverageValue", averageValue: m.averageValue };
}

function resourceMetric(resource: string, averageUtilization: number): Record<string, unknown> {
    return { type: "Resource", resource: { name: resource, target: { type: "Utilization", averageUtilization } } };
}

/** The HPA's `metrics`: CPU, memory, then pods, object and external metrics, in that order. */
export function buildHpaMetrics(a: ResolvedAutoscalingArgs): Record<string, unknown>[] {
    const metrics: Record<string, unknown>[] = [];
    if (!hasAnyMetric(a)) {
        metrics.push(resourceMetric("cpu", defaultTargetCPUUtilization));
    }
    if (a.targetCPUUtilization !== undefined) {
        metrics.push(resourceMetric("cpu", a.targetCPUUtilization));
    }
    if (a.targetMemoryUtilization !== undefined) {
        metrics.push(resourceMetric("memory", a.targetMemoryUtilization));
    }
    for (const m of a.podsMetrics ?? []) {
        metrics.push({
            type: "Pods",
            pods: { metric: metricIdentifier(m.name, m.selector as ResolvedSelector), target: { type: "AverageValue", averageValue: m.averageValue } },
        });
    }
    for (const m of a.objectMetrics ?? []) {
        metrics.push({
            type: "Object",
            object: {
                describedObject: { apiVersion: m.describedObject.apiVersion, kind: m.describedObject.kind, name: m.describedObject.name },
                metric: metricIdentifier(m.name, m.selector as ResolvedSelector),
                target: valueTarget(m),
            },
        });
    }
    for (const m of a.externalMetrics ?? []) {
        metrics.push({ type: "External", external: { metric: metricIdentifier(m.name, m.selector as ResolvedSelector), target: valueTarget(m) } });
    }
    return metrics;
}

function buildRules(
    given: ResolvedRules | undefined,
    window: number,
    policies: readonly { type: string; value: number; periodSeconds: number }[],
): Record<string, unknown> {
    return {
        stabilizationWindowSeconds: given?.stabilizationWindowSeconds ?? window,
        selectPolicy: given?.selectPolicy ?? defaultSelectPolicy,
        policies: (given?.policies ?? policies).map((p) => ({ type: p.type, value: p.value, periodSeconds: p.periodSeconds })),
    };
}

/** The HPA's `behavior`: the user's rules, each field the user left out taking this package's default. */
export function buildHpaBehavior(a: ResolvedAutoscalingArgs): Record<string, unknown> {
    return {
        scaleUp: buildRules(a.behavior?.scaleUp, defaultScaleUpStabilizationSeconds, defaultScaleUpPolicies),
        scaleDown: buildRules(a.behavior?.scaleDown, defaultScaleDownStabilizationSeconds, defaultScaleDownPolicies),
    };
}

/** The `spec` of an `autoscaling/v2` HPA that scales the named `LlamaStackDistribution`. */
export function buildHpaSpec(targetName: string, a: ResolvedAutoscalingArgs): Record<string, unknown> {
    return {
        scaleTargetRef: { apiVersion: crdApiVersion, kind: crdKind, name: targetName },
        minReplicas: a.minReplicas ?? defaultMinReplicas,
        maxReplicas: a.maxReplicas,
        metrics: buildHpaMetrics(a),
        behavior: buildHpaBehavior(a),
    };
}

/**
 * The `autoscaling/v2` HorizontalPodAutoscaler `name` on the distribution `targetName`, with a
 * spec from `buildHpaSpec` of validated arguments. The HorizontalAutoscaler component wraps it;
 * a Distribution makes it directly (one registration less per distribution, BENCHMARKS.md).
 */
export function newHorizontalPodAutoscaler(
    name: string,
    namespace: pulumi.Input<string> | undefined,
    targetName: pulumi.Input<string>,
    spec: pulumi.Input<Record<string, unknown>>,
    opts: pulumi.CustomResourceOptions,
): k8s.autoscaling.v2.HorizontalPodAutoscaler {
    return new k8s.autoscaling.v2.HorizontalPodAutoscaler(
        name,
        {
            metadata: {
                name,
                namespace,
                labels: typeof targetName === "string" ? commonLabels(targetName) : pulumi.output(targetName).apply(commonLabels),
            },
            spec: spec as unknown as pulumi.Input<k8s.types.input.autoscaling.v2.HorizontalPodAutoscalerSpec>,
        },
        opts,
    );
}

/**
 * An `autoscaling/v2` HorizontalPodAutoscaler whose target is a `LlamaStackDistribution` (through
 * the CRD's `scale` subresource), named after this component: `kubectl get hpa <name>`.
 */
export class HorizontalAutoscaler extends pulumi.ComponentResource {
    /** Name of the HorizontalPodAutoscaler object, for `kubectl get hpa` / `kubectl describe hpa`. */
    public readonly name: pulumi.Output<string>;
    /** Namespace of the HPA. */
    public readonly namespace: pulumi.Output<string>;
    /** Name of the distribution it scales. */
    public readonly targetName: pulumi.Output<string>;

    constructor(name: string, args: HorizontalAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:HorizontalAutoscaler", name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("HorizontalAutoscaler", name, args, ["targetName"]);

        const checked = checkedArgs(args, (a) => {
            const problems = new Problems(componentLabel("HorizontalAutoscaler", name));
            checkDns1123Label(problems, "name", name);
            checkDns1123Label(problems, "targetName", a.targetName);
            if (a.namespace !== undefined) {
                checkDns1123Label(problems, "namespace", a.namespace);
            }
            checkAutoscaling(problems, "", a);
            problems.throwIfAny();
        });

        const hpa = newHorizontalPodAutoscaler(
            name,
            args.namespace,
            args.targetName,
            checked.build((a) => buildHpaSpec(a.targetName, a)),
            { parent: this },
        );

        this.name = hpa.metadata.name;
        this.namespace = hpa.metadata.namespace;
        this.targetName = pulumi.output(args.targetName);
        this.registerOutputs({ name: this.name, namespace: this.namespace, targetName: this.targetName });
    }
}
