// Pure builders of an autoscaling/v2 HorizontalPodAutoscaler's spec: metrics and behavior.
import { crdApiVersion, crdKind } from "../core/crd";
import { defaultMinReplicas, defaultScaleDownPolicies, defaultScaleDownStabilizationSeconds, defaultScaleUpPolicies, defaultScaleUpStabilizationSeconds, defaultSelectPolicy, defaultTargetCPUUtilization } from "./defaults";
import { ResolvedAutoscalingArgs, ResolvedRules, ResolvedSelector } from "./args";
import { hasAnyMetric } from "./hpaChecks";

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
