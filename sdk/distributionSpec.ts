import * as pulumi from "@pulumi/pulumi";
import { DistributionArgs } from "./distributionArgs";
import { defaultContainerPort, defaultGpuResourceName, defaultReplicas, defaultSpotReplicas } from "./defaults";
import { ServiceType, SessionAffinity } from "./enums";
import { appLabel } from "./labels";
import { checkDns1123Label, checkLabels, isLabelValue } from "./names";
import { checkResources, ResolvedResources } from "./resources";
import { rules } from "./rules";
import { checkTolerations, gpuToleration, ResolvedToleration, sameToleration } from "./tolerations";
import { checkSpot, spotEnabled, spotNodeSelector, spotPlacement, spotToleration } from "./spot";
import { isWholeNumber, Problems, show } from "./validation";

/** `DistributionArgs` after every Output has resolved. */
export type ResolvedDistributionArgs = pulumi.Unwrap<DistributionArgs>;

const envName = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const serviceTypes: readonly string[] = Object.values(ServiceType);
const affinities: readonly string[] = Object.values(SessionAffinity);
const percentOrCount = /^(\d+|\d+%)$/;


/** Every rule on a distribution's arguments; `problems` names the component in its errors. */
export function checkDistributionArgs(problems: Problems, name: string, args: ResolvedDistributionArgs): void {
    checkDns1123Label(problems, "name", name);
    if (args.namespace !== undefined) {
        checkDns1123Label(problems, "namespace", args.namespace);
    }
    problems.check(typeof args.image === "string" && args.image.trim() !== "", "image", "must not be empty");
    if (args.version !== undefined) {
        problems.check(isLabelValue(args.version), `version ${show(args.version)}`, "must be a valid label value (at most 63 letters, digits, '-', '_' or '.')");
    }
    if (args.replicas !== undefined) {
        problems.check(isWholeNumber(args.replicas, 0), `replicas ${show(args.replicas)}`, rules.nonNegativeInteger);
    }
    if (args.port !== undefined) {
        problems.check(isWholeNumber(args.port, 1, 65535), `port ${show(args.port)}`, rules.port);
    }
    checkResources(problems, "resources", args.resources as ResolvedResources | undefined);
    if (args.gpu !== undefined) {
        problems.check(isWholeNumber(args.gpu.count, 1), `gpu.count ${show(args.gpu.count)}`, "must be a whole number of at least 1");
        const resourceName = args.gpu.resourceName ?? defaultGpuResourceName;
        problems.check(resourceName.includes("/"), `gpu.resourceName ${show(resourceName)}`, "must be an extended resource name with a domain, such as nvidia.com/gpu");
        for (const kind of ["requests", "limits"] as const) {
            const given = args.resources?.[kind]?.[resourceName];
            if (given !== undefined && String(given) !== String(args.gpu.count)) {
                problems.add(`resources.${kind}["${resourceName}"] ${show(given)}`, `conflicts with gpu.count ${args.gpu.count}; set the GPU count in one place`);
            }
        }
    }
    checkTolerations(problems, "tolerations", args.tolerations as ResolvedToleration[] | undefined);
    checkLabels(problems, "nodeSelector", args.nodeSelector);
    checkSpot(problems, args.spot, args.replicas, args.nodeSelector);
    checkLabels(problems, "podLabels", args.podLabels);
    if (args.podLabels && appLabel in args.podLabels) {
        problems.add(`podLabels["${appLabel}"]`, `is reserved: the Service selects pods by ${appLabel}=<name>`);
    }
    for (const variable of Object.keys(args.env ?? {})) {
        problems.check(envName.test(variable), `env ${show(variable)}`, "must be a valid environment variable name (letters, digits, '_', '-', '.', not starting with a digit)");
    }
    const service = args.service ?? {};
    if (service.name !== undefined) {
        checkDns1123Label(problems, "service.name", service.name);
    }
    if (service.type !== undefined) {
        problems.check(serviceTypes.includes(service.type), `service.type ${show(service.type)}`, `must be one of ${serviceTypes.join(", ")}`);
    }
    if (service.port !== undefined) {
        problems.check(isWholeNumber(service.port, 1, 65535), `service.port ${show(service.port)}`, rules.port);
    }
    if (service.sessionAffinity !== undefined) {
        problems.check(affinities.includes(service.sessionAffinity), `service.sessionAffinity ${show(service.sessionAffinity)}`, `must be one of ${affinities.join(", ")}`);
    }
    const budget = args.disruptionBudget ?? {};
    if (budget.minAvailable !== undefined && budget.maxUnavailable !== undefined) {
        problems.add("disruptionBudget", "must set at most one of minAvailable and maxUnavailable");
    }
    for (const field of ["minAvailable", "maxUnavailable"] as const) {
        const value = budget[field];
        if (value !== undefined) {
            problems.check(percentOrCount.test(String(value)), `disruptionBudget.${field} ${show(value)}`, 'must be a count such as "1" or a percentage such as "50%"');
        }
    }
}

/** The distribution's resources with the GPU count folded in as request == limit. */
export function effectiveResources(args: ResolvedDistributionArgs): ResolvedResources | undefined {
    const requests: Record<string, string> = { ...(args.resources?.requests ?? {}) };
    const limits: Record<string, string> = { ...(args.resources?.limits ?? {}) };
    if (args.gpu !== undefined) {
        const resourceName = args.gpu.resourceName ?? defaultGpuResourceName;
        requests[resourceName] = String(args.gpu.count);
        limits[resourceName] = String(args.gpu.count);
    }
    const result: ResolvedResources = {};
    if (Object.keys(requests).length > 0) {
        result.requests = requests;
    }
    if (Object.keys(limits).length > 0) {
        result.limits = limits;
    }
    return result.requests || result.limits ? result : undefined;
}

/** Replicas when none are given: 1, or 2 on spot. */
export function defaultReplicasFor(args: Pick<ResolvedDistributionArgs, "spot">): number {
    return spotEnabled(args.spot) ? defaultSpotReplicas : defaultReplicas;
}

/** The user's node selector plus the spot labels when spot is a hard requirement. */
export function effectiveNodeSelector(args: ResolvedDistributionArgs): Record<string, string> | undefined {
    const selector: Record<string, string> = { ...(args.nodeSelector ?? {}) };
    if (spotEnabled(args.spot) && !args.spot!.fallbackToOnDemand) {
        Object.assign(selector, spotNodeSelector(args.spot!));
    }
    return Object.keys(selector).length > 0 ? selector : undefined;
}

/**
 * The user's tolerations plus the spot taint's toleration on spot and the GPU taint's toleration
 * when GPUs are requested; a toleration already given (e.g. from a `NodePool`) is not repeated.
 */
export function effectiveTolerations(args: ResolvedDistributionArgs): ResolvedToleration[] | undefined {
    const tolerations = [...((args.tolerations ?? []) as ResolvedToleration[])];
    if (spotEnabled(args.spot)) {
        const toleration = spotToleration(args.spot!);
        if (!tolerations.some((t) => sameToleration(t, toleration))) {
            tolerations.push(toleration);
        }
    }
    if (args.gpu !== undefined) {
        const toleration = gpuToleration(args.gpu.resourceName ?? defaultGpuResourceName);
        if (!tolerations.some((t) => sameToleration(t, toleration))) {
            tolerations.push(toleration);
        }
    }
    return tolerations.length > 0 ? tolerations : undefined;
}

/** Options that change how the spec is rendered, set by the components that wrap a distribution. */
export interface SpecOptions {
    /** Leave `spec.replicas` out, for distributions whose replicas an autoscaler owns. */
    omitReplicas?: boolean;
    /** Labels selecting the distribution's pods, for the zone spread of spot replicas. */
    selector?: Record<string, string>;
}

/**
 * The `spec` of the `LlamaStackDistribution` custom resource. Fields the user left out are left
 * out, so that server-side apply does not claim them; the CRD and controller fill defaults.
 */
export function buildDistributionSpec(args: ResolvedDistributionArgs, options: SpecOptions = {}): Record<string, unknown> {
    const spec: Record<string, unknown> = { image: args.image };
    if (args.version !== undefined) {
        spec.version = args.version;
    }
    if (!options.omitReplicas) {
        spec.replicas = args.replicas ?? defaultReplicasFor(args);
    }
    spec.port = args.port ?? defaultContainerPort;
    const resources = effectiveResources(args);
    if (resources) {
        spec.resources = resources;
    }
    const nodeSelector = effectiveNodeSelector(args);
    if (nodeSelector) {
        spec.nodeSelector = nodeSelector;
    }
    const tolerations = effectiveTolerations(args);
    if (tolerations) {
        spec.tolerations = tolerations;
    }
    if (spotEnabled(args.spot)) {
        const placement = spotPlacement(args.spot!, options.selector);
        if (placement.affinity) {
            spec.affinity = placement.affinity;
        }
        if (placement.topologySpreadConstraints) {
            spec.topologySpreadConstraints = placement.topologySpreadConstraints;
        }
    }
    if (args.env && Object.keys(args.env).length > 0) {
        spec.env = Object.entries(args.env).map(([name, value]) => ({ name, value }));
    }
    if (args.args && args.args.length > 0) {
        spec.args = args.args;
    }
    if (args.podLabels && Object.keys(args.podLabels).length > 0) {
        spec.podLabels = args.podLabels;
    }
    return spec;
}
