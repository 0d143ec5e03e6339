// The checks of a HorizontalAutoscaler's arguments (and of a Distribution's `autoscaling`), before
// anything is sent to the cluster.
import { defaultMinReplicas } from "./defaults";
import { ScalingPolicyType, ScalingSelectPolicy, ResolvedAutoscalingArgs, ResolvedRules, ResolvedSelector } from "./args";
import { checkLabels } from "../core/names";
import { parseQuantity } from "../core/quantity";
import { rules } from "../core/rules";
import { isWholeNumber, Problems, show } from "../core/validation";

const policyTypes: readonly string[] = Object.values(ScalingPolicyType);
const selectPolicies: readonly string[] = Object.values(ScalingSelectPolicy);

export function hasAnyMetric(a: ResolvedAutoscalingArgs): boolean {
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
