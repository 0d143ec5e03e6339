import * as pulumi from "@pulumi/pulumi";
import { DistributionArgs } from "./args";
import { defaultGpuResourceName } from "../core/defaults";
import { defaultContainerPort, defaultPreStopSleepSeconds, defaultReplicas, defaultServiceType, defaultSpotReplicas, defaultTerminationGracePeriodSeconds } from "./defaults";
import { ServiceType, SessionAffinity } from "./args";
import { appLabel } from "../core/labels";
import { checkDns1123Label, checkLabels, isDns1035Label, isDns1123Label, isDns1123Subdomain, isImageReference, isLabelValue, isQualifiedName } from "../core/names";
import { isCidr } from "../core/cidr";
import { checkResources, ResolvedResources } from "../core/resources";
import { rules } from "../core/rules";
import { checkTolerations, gpuToleration, ResolvedToleration, sameToleration } from "./tolerations";
import { checkSpot, spotEnabled, spotNodeSelector, spotPlacement, spotToleration } from "./spot";
import { isWholeNumber, Problems, show } from "../core/validation";
import { distributionNames } from "./distributionImages";
import { checkNetworkPolicy } from "./networkPolicy";
import { checkRunConfig } from "./runConfig";
import { checkSecretEnv, secretEnvEntries } from "./secretEnv";
import { checkStorage, storageSpec } from "./storage";
import { checkCaBundle, checkTls } from "./tls";
import { TlsSpec } from "./tlsResources";
import { checkVolumes, volumeMountSpecs, volumeSpecs } from "./volumes";

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
    checkImageOrDistribution(problems, args);
    checkKubernetesLimits(problems, name, args);
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
    if (args.env && Object.prototype.hasOwnProperty.call(args.env, "WEB_CONCURRENCY")) {
        // uvicorn reads it, and llama-stack 0.2 then exits: it hands uvicorn an app object, which cannot be forked.
        problems.add("env[\"WEB_CONCURRENCY\"]", "is not supported: the LlamaStack server runs one worker per pod and exits when asked for more; scale with replicas or autoscaling");
    }
    checkSecretEnv(problems, args.secretEnv, (variable) => envName.test(variable), args.env);
    checkRunConfig(problems, args.runConfig, args.runConfigMap);
    checkStorage(problems, args.storage, replicasCanExceedOne(args));
    checkVolumes(problems, args.volumes, args.volumeMounts, args.storage?.mountPath);
    checkShutdown(problems, args.terminationGracePeriodSeconds, args.preStopSleepSeconds);
    checkTls(problems, args.tls, args.service?.enabled ?? true);
    checkCaBundle(problems, args.caBundle);
    if (args.priorityClassName !== undefined) {
        problems.check(typeof args.priorityClassName === "string" && isDns1123Subdomain(args.priorityClassName), `priorityClassName ${show(args.priorityClassName)}`, "must be a PriorityClass name (a DNS-1123 subdomain)");
    }
    if (args.serviceAccountName !== undefined) {
        problems.check(typeof args.serviceAccountName === "string" && isDns1123Subdomain(args.serviceAccountName), `serviceAccountName ${show(args.serviceAccountName)}`, "must be a ServiceAccount name (a DNS-1123 subdomain)");
    }
    for (const list of ["command", "args"] as const) {
        const given = args[list];
        if (given !== undefined) {
            problems.check(Array.isArray(given) && given.every((a) => typeof a === "string"), `${list} ${show(given)}`, "must be a list of strings");
        }
    }
    if (args.networkPolicy !== undefined) {
        checkNetworkPolicy(problems, {
            policy: args.networkPolicy,
            serviceType: args.service?.enabled === false ? undefined : (args.service?.type ?? defaultServiceType),
            loadBalancerSourceRanges: args.service?.loadBalancerSourceRanges,
        });
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
            const text = String(value);
            if (text.length > 10 || !percentOrCount.test(text)) {
                problems.add(`disruptionBudget.${field} ${show(value)}`, 'must be a count such as "1" or a percentage such as "50%"');
            } else if (text.endsWith("%") && Number(text.slice(0, -1)) > 100) {
                problems.add(`disruptionBudget.${field} ${show(value)}`, "must be a percentage of at most 100%");
            }
        }
    }
}

/** Exactly one of `image` (a non-empty reference) and `distribution` (a known name). */
function checkImageOrDistribution(problems: Problems, args: ResolvedDistributionArgs): void {
    const { image, distribution } = args;
    if (image !== undefined && distribution !== undefined) {
        problems.add("image", "and distribution must not both be set: give an image, or the name of a distribution whose image the controller runs");
        return;
    }
    if (image === undefined && distribution === undefined) {
        problems.add("image", `or distribution is required: an image such as "llamastack/distribution-ollama:0.2.0", or one of the distributions ${distributionNames.join(", ")}`);
        return;
    }
    if (image !== undefined) {
        problems.check(typeof image === "string" && image.trim() !== "", `image ${show(image)}`, "must not be empty");
    }
    if (distribution !== undefined) {
        problems.check(typeof distribution === "string" && distributionNames.includes(distribution), `distribution ${show(distribution)}`, `must be one of ${distributionNames.join(", ")}; for another image, set image instead`);
    }
}

/** The largest value of Kubernetes' int32 fields (replicas, ports, counts). */
const int32Max = 2 ** 31 - 1;

/**
 * What the API server would refuse later, or worse the controller only when it applies the
 * Deployment: names that cannot be Service names, int32 overflows, images with spaces, keys that
 * are not Kubernetes keys, CIDRs that are not CIDRs.
 */
function checkKubernetesLimits(problems: Problems, name: string, args: ResolvedDistributionArgs): void {
    const service = args.service ?? {};
    if ((service.enabled ?? true) && service.name === undefined && isDns1123Label(name) && !isDns1035Label(name)) {
        problems.add(`name ${show(name)}`, "must start with a letter: the Service is named after the distribution and Service names are DNS-1035 labels; rename it or set service.name");
    }
    if (typeof service.name === "string" && isDns1123Label(service.name) && !isDns1035Label(service.name)) {
        problems.add(`service.name ${show(service.name)}`, "must start with a letter: Service names are DNS-1035 labels");
    }
    if (typeof args.replicas === "number" && Number.isInteger(args.replicas) && args.replicas > int32Max) {
        problems.add(`replicas ${args.replicas}`, `must be at most ${int32Max} (an int32)`);
    }
    if (typeof args.image === "string" && args.image.trim() !== "" && !isImageReference(args.image)) {
        problems.add(`image ${show(args.image)}`, "must be an image reference of at most 512 characters without spaces, such as registry/name:tag or name@sha256:digest");
    }
    (service.loadBalancerSourceRanges ?? []).forEach((cidr, i) => {
        problems.check(isCidr(cidr), `service.loadBalancerSourceRanges[${i}] ${show(cidr)}`, 'must be an IPv4 or IPv6 CIDR such as "10.0.0.0/8"');
    });
    for (const [field, annotations] of [["annotations", args.annotations], ["service.annotations", service.annotations]] as const) {
        for (const key of Object.keys(annotations ?? {})) {
            problems.check(isQualifiedName(key), `${field} key ${show(key)}`, "must be a valid annotation key (an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.')");
        }
        const bytes = Object.entries(annotations ?? {}).reduce((sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(String(value)), 0);
        problems.check(bytes <= maxAnnotationBytes, `${field} (${bytes} bytes)`, `must total at most ${maxAnnotationBytes} bytes, the API server's limit on an object's annotations`);
    }
    for (const kind of ["requests", "limits"] as const) {
        for (const resource of Object.keys(args.resources?.[kind] ?? {})) {
            problems.check(isQualifiedName(resource), `resources.${kind} key ${show(resource)}`, "must be a resource name such as cpu, memory or nvidia.com/gpu");
        }
    }
    // The run configuration goes to a ConfigMap of its own and is checked there (1 MiB).
    const { runConfig: _runConfig, ...inSpec } = args;
    void _runConfig;
    const specBytes = Buffer.byteLength(JSON.stringify(inSpec) ?? "");
    problems.check(specBytes <= maxSpecBytes, `arguments (${specBytes} bytes)`, `must total at most ${maxSpecBytes} bytes: the custom resource carries them, and etcd stores at most 1.5 MiB per object`);
}

/** Kubernetes' limit on the total size of an object's annotations (TotalAnnotationSizeLimitB). */
const maxAnnotationBytes = 256 * 1024;
/** Below etcd's 1.5 MiB per object, with room for metadata, status and managed fields. */
const maxSpecBytes = 1024 * 1024;

/** True when more than one pod can run at once: replicas above 1, an autoscaler or schedules. */
export function replicasCanExceedOne(args: ResolvedDistributionArgs): boolean {
    return (
        (typeof args.replicas === "number" && args.replicas > 1) ||
        (args.replicas === undefined && defaultReplicasFor(args) > 1) ||
        args.autoscaling !== undefined ||
        (args.schedules !== undefined && args.schedules.length > 0)
    );
}

/** The grace period and the preStop pause: whole seconds, the pause inside the period. */
function checkShutdown(problems: Problems, grace: number | undefined, pause: number | undefined): void {
    if (grace !== undefined) {
        problems.check(isWholeNumber(grace, 1, 3600), `terminationGracePeriodSeconds ${show(grace)}`, "must be a whole number of seconds from 1 to 3600");
    }
    if (pause !== undefined) {
        problems.check(isWholeNumber(pause, 0, 600), `preStopSleepSeconds ${show(pause)}`, "must be a whole number of seconds from 0 to 600");
    }
    const effectiveGrace = grace ?? defaultTerminationGracePeriodSeconds;
    const effectivePause = pause ?? defaultPreStopSleepSeconds;
    if (isWholeNumber(effectiveGrace, 1) && isWholeNumber(effectivePause, 0) && effectivePause >= effectiveGrace) {
        problems.add(
            `preStopSleepSeconds ${effectivePause}`,
            `must be less than terminationGracePeriodSeconds ${effectiveGrace}, which counts the pause: the rest is the time in-flight requests get after SIGTERM`,
        );
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
    /** `spec.runConfig`: the ConfigMap and key holding the run configuration. */
    runConfig?: Record<string, string>;
    /** Annotations on the pods, e.g. the run configuration's hash. */
    podAnnotations?: Record<string, string>;
    /** `spec.tls`: the Secret the server serves and the Certificate that keeps it. */
    tls?: TlsSpec;
}

/**
 * The `spec` of the `LlamaStackDistribution` custom resource. Fields the user left out are left
 * out, so that server-side apply does not claim them; the CRD and controller fill defaults.
 */
export function buildDistributionSpec(args: ResolvedDistributionArgs, options: SpecOptions = {}): Record<string, unknown> {
    const spec: Record<string, unknown> = args.image !== undefined ? { image: args.image } : { distribution: args.distribution };
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
    const env = [...Object.entries(args.env ?? {}).map(([name, value]) => ({ name, value })), ...secretEnvEntries(args.secretEnv)];
    if (env.length > 0) {
        spec.env = env;
    }
    if (args.command && args.command.length > 0) {
        spec.command = args.command;
    }
    if (args.args && args.args.length > 0) {
        spec.args = args.args;
    }
    if (options.runConfig) {
        spec.runConfig = options.runConfig;
    }
    if (options.podAnnotations && Object.keys(options.podAnnotations).length > 0) {
        spec.podAnnotations = options.podAnnotations;
    }
    if (options.tls) {
        spec.tls = options.tls;
    }
    if (args.caBundle !== undefined) {
        spec.caBundle = args.caBundle.key !== undefined ? { configMapName: args.caBundle.configMapName, key: args.caBundle.key } : { configMapName: args.caBundle.configMapName };
    }
    const storage = storageSpec(args.storage);
    if (storage) {
        spec.storage = storage;
    }
    if (args.terminationGracePeriodSeconds !== undefined) {
        spec.terminationGracePeriodSeconds = args.terminationGracePeriodSeconds;
    }
    if (args.preStopSleepSeconds !== undefined) {
        spec.preStopSleepSeconds = args.preStopSleepSeconds;
    }
    if (args.serviceAccountName !== undefined) {
        spec.serviceAccountName = args.serviceAccountName;
    }
    if (args.priorityClassName !== undefined) {
        spec.priorityClassName = args.priorityClassName;
    }
    if (args.volumes && args.volumes.length > 0) {
        spec.volumes = volumeSpecs(args.volumes);
    }
    if (args.volumeMounts && args.volumeMounts.length > 0) {
        spec.volumeMounts = volumeMountSpecs(args.volumeMounts);
    }
    if (args.podLabels && Object.keys(args.podLabels).length > 0) {
        spec.podLabels = args.podLabels;
    }
    return spec;
}
