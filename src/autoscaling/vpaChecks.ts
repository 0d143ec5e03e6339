// The checks of a VerticalAutoscaler's arguments, alone and next to an HPA.
import { defaultVpaUpdateMode } from "./defaults";
import { VpaControlledValues, VpaUpdateMode, ResolvedAutoscalingArgs, ResolvedVerticalAutoscalingArgs } from "./args";
import { hpaResourceMetrics } from "./hpaSpec";
import { checkDns1123Label } from "../core/names";
import { compareQuantities, parseQuantity } from "../core/quantity";
import { rules } from "../core/rules";
import { Problems, show } from "../core/validation";
import { vpaControlledResources, vpaUpdatesPods } from "./vpaSpec";

const updateModes: readonly string[] = Object.values(VpaUpdateMode);
const controlledValuesList: readonly string[] = Object.values(VpaControlledValues);
const vpaResources: readonly string[] = ["cpu", "memory"];

/** Every rule on VPA settings; `prefix` is "" for `VerticalAutoscaler`, "verticalAutoscaling." in a `Distribution`. */
export function checkVerticalAutoscaling(problems: Problems, prefix: string, v: ResolvedVerticalAutoscalingArgs): void {
    if (v.updateMode !== undefined) {
        problems.check(updateModes.includes(v.updateMode), `${prefix}updateMode ${show(v.updateMode)}`, `must be one of ${updateModes.join(", ")}`);
    }
    if (v.containerName !== undefined && v.containerName !== "*") {
        checkDns1123Label(problems, `${prefix}containerName`, v.containerName);
    }
    if (v.controlledValues !== undefined) {
        problems.check(
            controlledValuesList.includes(v.controlledValues),
            `${prefix}controlledValues ${show(v.controlledValues)}`,
            `must be one of ${controlledValuesList.join(", ")}`,
        );
    }
    if (v.controlledResources !== undefined) {
        problems.check(v.controlledResources.length > 0, `${prefix}controlledResources`, 'must name at least one of cpu, memory (use updateMode "Off" to change nothing)');
        for (const resource of v.controlledResources) {
            problems.check(vpaResources.includes(resource), `${prefix}controlledResources ${show(resource)}`, "must be cpu or memory");
        }
    }
    for (const bound of ["minAllowed", "maxAllowed"] as const) {
        for (const [resource, value] of Object.entries(v[bound] ?? {})) {
            const at = `${prefix}${bound}${/^[a-z]+$/.test(resource) ? `.${resource}` : `["${resource}"]`}`;
            problems.check(vpaResources.includes(resource), at, "must be cpu or memory");
            const q = parseQuantity(value);
            if (q === undefined) {
                problems.add(`${at} ${show(value)}`, rules.quantity);
            } else if (q.num < 0n) {
                problems.add(`${at} ${show(value)}`, "must not be negative");
            }
        }
    }
    for (const [resource, minText] of Object.entries(v.minAllowed ?? {})) {
        const maxText = v.maxAllowed?.[resource];
        const min = parseQuantity(minText);
        const max = maxText === undefined ? undefined : parseQuantity(maxText);
        if (min && max && compareQuantities(min, max) > 0) {
            problems.add(`${prefix}minAllowed.${resource} ${show(minText)}`, `${rules.minNotAboveMax} ${prefix}maxAllowed.${resource} ${show(maxText)}`);
        }
    }
}

/**
 * Rejects a VPA that changes pods and controls a resource an HPA scales on: the HPA reads
 * utilization relative to requests that the VPA keeps moving, so each undoes the other.
 */
export function checkVpaAgainstHpa(
    problems: Problems,
    vpaPrefix: string,
    v: ResolvedVerticalAutoscalingArgs,
    hpaPrefix: string,
    a: ResolvedAutoscalingArgs,
): void {
    if (!vpaUpdatesPods(v)) {
        return;
    }
    const controlled = vpaControlledResources(v);
    const clashes = hpaResourceMetrics(a).filter((m) => controlled.includes(m.resource));
    const remaining = controlled.filter((r) => !clashes.some((m) => m.resource === r));
    const mode = v.updateMode ?? defaultVpaUpdateMode;
    for (const { resource, field } of clashes) {
        const asked = field === "targetCPUUtilization" && a.targetCPUUtilization === undefined ? " (the default metric)" : "";
        const vpaFix = remaining.length > 0 ? `set ${vpaPrefix}controlledResources to ${JSON.stringify(remaining)}` : `set ${vpaPrefix}updateMode "Off"`;
        problems.add(
            `${vpaPrefix}updateMode ${show(mode)}`,
            `controls ${resource} while ${hpaPrefix}${field}${asked} scales on ${resource}: ${rules.hpaVpaSameResource}; ` +
                `${vpaFix}, or scale on podsMetrics, objectMetrics or externalMetrics instead of ${hpaPrefix}${field}`,
        );
    }
}
