import * as pulumi from "@pulumi/pulumi";
import { DisruptionBudget } from "./args";
import { defaultMaxUnavailable } from "./defaults";

/** `DisruptionBudget` after every Output has resolved. */
export type ResolvedDisruptionBudgetArgs = pulumi.Unwrap<DisruptionBudget>;

/** Whether a budget is made: as asked, or by default when more than one replica can run. */
export function wantsDisruptionBudget(budget: DisruptionBudget | undefined, maxReplicas: number | undefined): boolean {
    return budget?.enabled ?? (maxReplicas !== undefined && maxReplicas > 1);
}

/** "1" → 1 and "50%" → "50%": PodDisruptionBudgets read a string count as invalid. */
function intOrPercent(value: string): number | string {
    return /^\d+$/.test(value) ? Number(value) : value;
}

/** The `spec` of the PodDisruptionBudget over a distribution's pods. */
export function buildDisruptionBudgetSpec(budget: ResolvedDisruptionBudgetArgs | undefined, selector: Record<string, string>): Record<string, unknown> {
    const spec: Record<string, unknown> = { selector: { matchLabels: selector } };
    if (budget?.minAvailable !== undefined) {
        spec.minAvailable = intOrPercent(budget.minAvailable);
    } else {
        spec.maxUnavailable = intOrPercent(budget?.maxUnavailable ?? defaultMaxUnavailable);
    }
    // Let pods that never became ready be evicted, so a drain is not blocked by broken pods.
    spec.unhealthyPodEvictionPolicy = "AlwaysAllow";
    return spec;
}
