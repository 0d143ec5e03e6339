import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { crdApiVersion, crdKind } from "./crd";
import { containerName as defaultContainerName, defaultVpaControlledResources, defaultVpaUpdateMode } from "./defaults";
import { VpaControlledValues, VpaUpdateMode } from "./enums";
import { hpaResourceMetrics, ResolvedAutoscalingArgs } from "./hpa";
import { commonLabels } from "./labels";
import { checkDns1123Label } from "./names";
import { compareQuantities, parseQuantity } from "./quantity";
import { rules } from "./rules";
import { componentLabel, Problems, requireArgs, show, validated } from "./validation";

/** API version and kind of the VerticalPodAutoscaler (installed with the VPA, not with Kubernetes). */
export const vpaApiVersion = "autoscaling.k8s.io/v1";
export const vpaKind = "VerticalPodAutoscaler";

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

const updateModes: readonly string[] = Object.values(VpaUpdateMode);
const controlledValuesList: readonly string[] = Object.values(VpaControlledValues);
const vpaResources: readonly string[] = ["cpu", "memory"];

/** The resources a VPA controls, defaults applied. */
export function vpaControlledResources(v: ResolvedVerticalAutoscalingArgs): string[] {
    return v.controlledResources ?? [...defaultVpaControlledResources];
}

/** True when the VPA changes pods (every mode but `Off`). */
export function vpaUpdatesPods(v: ResolvedVerticalAutoscalingArgs): boolean {
    return (v.updateMode ?? defaultVpaUpdateMode) !== VpaUpdateMode.Off;
}

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

/**
 * An `autoscaling.k8s.io/v1` VerticalPodAutoscaler on a `LlamaStackDistribution`, named after
 * this component. Needs the VPA's CRDs and controllers in the cluster.
 */
export class VerticalAutoscaler extends pulumi.ComponentResource {
    /** Name of the VerticalPodAutoscaler object, for `kubectl get vpa` / `kubectl describe vpa`. */
    public readonly name: pulumi.Output<string>;
    /** Namespace of the VPA. */
    public readonly namespace: pulumi.Output<string>;
    /** Name of the distribution it sizes. */
    public readonly targetName: pulumi.Output<string>;

    constructor(name: string, args: VerticalAutoscalerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:VerticalAutoscaler", name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("VerticalAutoscaler", name, args, ["targetName"]);

        const resolved = validated(args, (v) => {
            const problems = new Problems(componentLabel("VerticalAutoscaler", name));
            checkDns1123Label(problems, "name", name);
            checkDns1123Label(problems, "targetName", v.targetName);
            if (v.namespace !== undefined) {
                checkDns1123Label(problems, "namespace", v.namespace);
            }
            checkVerticalAutoscaling(problems, "", v);
            problems.throwIfAny();
        });

        const vpa = new k8s.apiextensions.CustomResource(
            name,
            {
                apiVersion: vpaApiVersion,
                kind: vpaKind,
                metadata: { name, namespace: args.namespace, labels: pulumi.output(args.targetName).apply(commonLabels) },
                spec: resolved.apply((v) => buildVpaSpec(v.targetName, v)),
            },
            { parent: this },
        );

        this.name = vpa.metadata.name;
        this.namespace = vpa.metadata.namespace;
        this.targetName = pulumi.output(args.targetName);
        this.registerOutputs({ name: this.name, namespace: this.namespace, targetName: this.targetName });
    }
}
