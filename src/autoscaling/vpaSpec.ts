// Pure builders of a VerticalPodAutoscaler (autoscaling.k8s.io/v1) and what it controls.
import { crdApiVersion, crdKind } from "../core/crd";
import { containerName as defaultContainerName } from "../core/defaults";
import { defaultVpaControlledResources, defaultVpaUpdateMode } from "./defaults";
import { VpaUpdateMode, ResolvedVerticalAutoscalingArgs } from "./args";

/** API version and kind of the VerticalPodAutoscaler (installed with the VPA, not with Kubernetes). */
export const vpaApiVersion = "autoscaling.k8s.io/v1";
export const vpaKind = "VerticalPodAutoscaler";

/** The resources a VPA controls, defaults applied. */
export function vpaControlledResources(v: ResolvedVerticalAutoscalingArgs): string[] {
    return v.controlledResources ?? [...defaultVpaControlledResources];
}

/** True when the VPA changes pods (every mode but `Off`). */
export function vpaUpdatesPods(v: ResolvedVerticalAutoscalingArgs): boolean {
    return (v.updateMode ?? defaultVpaUpdateMode) !== VpaUpdateMode.Off;
}

/** The `spec` of a VPA that sizes the named distribution's server container. */
export function buildVpaSpec(targetName: string, v: ResolvedVerticalAutoscalingArgs): Record<string, unknown> {
    const policy: Record<string, unknown> = { containerName: v.containerName ?? defaultContainerName };
    if (v.minAllowed && Object.keys(v.minAllowed).length > 0) {
        policy.minAllowed = v.minAllowed;
    }
    if (v.maxAllowed && Object.keys(v.maxAllowed).length > 0) {
        policy.maxAllowed = v.maxAllowed;
    }
    if (v.controlledResources !== undefined) {
        policy.controlledResources = v.controlledResources;
    }
    if (v.controlledValues !== undefined) {
        policy.controlledValues = v.controlledValues;
    }
    return {
        targetRef: { apiVersion: crdApiVersion, kind: crdKind, name: targetName },
        updatePolicy: { updateMode: v.updateMode ?? defaultVpaUpdateMode },
        resourcePolicy: { containerPolicies: [policy] },
    };
}
