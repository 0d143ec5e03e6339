import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { boundsSplitProblem, BoundsSplit, isPercent, isReplicaCount, percentRule, splitProblem, splitReplicaBounds, splitReplicas } from "./canarySplit";
import { Distribution } from "../distribution/distribution";
import { buildCanaryRouteSpec, buildTrackServiceSpec, canarySelector, canaryTracks, CanaryTrack, ResolvedGatewayRoute, trackPodLabels } from "./canaryRoute";
import { defaultMinReplicas } from "../autoscaling/defaults";
import { defaultServicePort } from "../distribution/defaults";
import { commonLabels } from "../core/labels";
import { rules } from "../core/rules";
import { ResolvedTrackArgs, CanaryArgs, ResolvedCanaryArgs } from "./args";
import { checkNamespace, checkServiceArgs, checkTrack, trackDistributionArgs, trackLabel, trackPort } from "./rollout";
import { buildServiceSpec, newFrontService } from "../distribution/service";
import { checkTls } from "../distribution/tls";
import { newServiceCertificate } from "../distribution/tlsResources";
import { componentLabel, Problems, requireArgs, show, validated, ValidationError } from "../core/validation";

/**
 * The guide's canary deployment: `<name>-stable` and `<name>-canary` `Distribution`s behind one
 * Service that selects both, with `replicas` split by `canaryPercent` so that the canary's share
 * of pods, and so of requests, follows the percentage (10 replicas at 10% → 9 + 1). Promote
 * with 100, abort with 0.
 */
export class Canary extends pulumi.ComponentResource {
    /** Name of the Service in front of both tracks; empty when `service.enabled` is false. */
    public readonly serviceName: pulumi.Output<string>;
    /** Name of the stable `LlamaStackDistribution`. */
    public readonly stableName: pulumi.Output<string>;
    /** Name of the canary `LlamaStackDistribution`. */
    public readonly canaryName: pulumi.Output<string>;
    /** Replicas of the stable track (with `autoscaling`, its HPA's minimum). */
    public readonly stableReplicas: pulumi.Output<number>;
    /** Replicas of the canary track (with `autoscaling`, its HPA's minimum). */
    public readonly canaryReplicas: pulumi.Output<number>;

    constructor(name: string, args: CanaryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("llamastack:index:Canary", name, {}, opts);
        // Untyped callers (YAML, Python dicts, JavaScript) get a ValidationError, not a TypeError.
        requireArgs("Canary", name, args, ["canaryPercent", "stable", "canary"]);

        // Reject bad input before any child exists; unknown values are checked when they resolve.
        const resolved = validated(args, (a) => {
            const problems = new Problems(componentLabel("Canary", name));
            checkCanaryArgs(problems, name, a);
            problems.throwIfAny();
        });
        const split = resolved.apply((a) => splitReplicas(a.replicas ?? 0, a.canaryPercent));
        const bounds = args.autoscaling ? knownBoundsSplit(name, args) : undefined;

        const distributions = {} as Record<CanaryTrack, Distribution>;
        for (const track of canaryTracks) {
            const labels = trackPodLabels(name);
            // The pod labels wait for the rollout's checks, so nothing is created from input that fails them.
            const podLabels = resolved.apply((a) => ({ ...(a[track].podLabels ?? {}), ...labels }));
            distributions[track] = new Distribution(
                `${name}-${track}`,
                trackDistributionArgs(
                    args[track],
                    { name, namespace: args.namespace, tls: args.tls },
                    podLabels,
                    bounds === undefined
                        ? { replicas: split.apply((s) => s[track]), version: track }
                        : bounds[track].maxReplicas === 0
                          ? { replicas: 0, version: track }
                          : { autoscaling: { ...args.autoscaling!, ...bounds[track] }, version: track },
                ),
                { parent: this },
            );
        }
        const both = canaryTracks.map((track) => distributions[track]);
        const port = resolved.apply((a) => trackPort(a.stable as ResolvedTrackArgs));
        const servicePort = resolved.apply((a) => a.service?.port ?? defaultServicePort);

        const service = newFrontService(
            name,
            args.service,
            args.namespace,
            () => pulumi.all([resolved, port]).apply(([a, targetPort]) => buildServiceSpec(a.service ?? {}, canarySelector(name), targetPort, a.tls !== undefined)),
            { parent: this, dependsOn: both },
        );
        const serviceName = service?.metadata.name ?? pulumi.output("");
        // One certificate for the one Service (and the route's per-track backends); both tracks serve its Secret.
        newServiceCertificate(
            {
                name,
                tls: args.tls,
                checkedTls: resolved.apply((a) => a.tls),
                service,
                namespace: args.namespace,
                otherServiceNames: args.gatewayRoute ? canaryTracks.map((track) => `${name}-${track}`) : [],
            },
            { parent: this },
        );

        if (args.gatewayRoute) {
            const backends = {} as Record<CanaryTrack, pulumi.Output<string>>;
            for (const track of canaryTracks) {
                const trackService = new k8s.core.v1.Service(
                    `${name}-${track}-service`,
                    {
                        metadata: { name: `${name}-${track}`, namespace: args.namespace, labels: commonLabels(name) },
                        spec: pulumi
                            .all([servicePort, port])
                            .apply(([listen, targetPort]) => buildTrackServiceSpec(name, track, listen, targetPort, args.tls !== undefined)) as pulumi.Output<k8s.types.input.core.v1.ServiceSpec>,
                    },
                    { parent: this, dependsOn: [distributions[track]] },
                );
                backends[track] = trackService.metadata.name;
            }
            new k8s.apiextensions.CustomResource(
                `${name}-route`,
                {
                    apiVersion: "gateway.networking.k8s.io/v1",
                    kind: "HTTPRoute",
                    metadata: { name, namespace: args.namespace, labels: commonLabels(name) },
                    spec: pulumi
                        .all([resolved, servicePort, backends.stable, backends.canary])
                        .apply(([a, listen, stableService, canaryService]) =>
                            buildCanaryRouteSpec(a.gatewayRoute as ResolvedGatewayRoute, a.canaryPercent, { stable: stableService, canary: canaryService }, listen),
                        ),
                },
                { parent: this },
            );
        }

        this.serviceName = serviceName;
        this.stableName = distributions.stable.name;
        this.canaryName = distributions.canary.name;
        this.stableReplicas = bounds ? pulumi.output(bounds.stable.minReplicas) : split.apply((s) => s.stable);
        this.canaryReplicas = bounds ? pulumi.output(bounds.canary.minReplicas) : split.apply((s) => s.canary);
        this.registerOutputs({
            serviceName: this.serviceName,
            stableName: this.stableName,
            canaryName: this.canaryName,
            stableReplicas: this.stableReplicas,
            canaryReplicas: this.canaryReplicas,
        });
    }
}

/** Every rule on a canary rollout's arguments. */
export function checkCanaryArgs(problems: Problems, name: string, args: ResolvedCanaryArgs): void {
    checkNamespace(problems, args.namespace);
    problems.check(isPercent(args.canaryPercent), `canaryPercent ${show(args.canaryPercent)}`, percentRule);
    if ((args.replicas === undefined) === (args.autoscaling === undefined)) {
        problems.add("replicas", "or autoscaling must be given, and not both: the canary splits one of them");
    } else if (args.autoscaling !== undefined) {
        const min = args.autoscaling.minReplicas ?? defaultMinReplicas;
        const max = args.autoscaling.maxReplicas;
        const problem = boundsSplitProblem(min, max, args.canaryPercent);
        if (problem) {
            problems.add(`autoscaling.minReplicas ${min} at canaryPercent ${args.canaryPercent}`, problem);
        }
    } else {
        problems.check(isReplicaCount(args.replicas), `replicas ${show(args.replicas)}`, rules.nonNegativeInteger);
        const problem = splitProblem(args.replicas!, args.canaryPercent);
        if (problem) {
            problems.add(`replicas ${args.replicas} at canaryPercent ${args.canaryPercent}`, problem);
        }
    }
    for (const track of canaryTracks) {
        const trackArgs = args[track] as ResolvedTrackArgs;
        checkTrack(problems, track, `${name}-${track}`, trackArgs, { ...trackPodLabels(name), [trackLabel]: track }, args.namespace);
        for (const field of ["autoscaling", "schedules"] as const) {
            if (trackArgs[field] !== undefined) {
                problems.add(`${track}.${field}`, "is not supported on a canary track: Canary sets each track's replicas from its own replicas or autoscaling and canaryPercent");
            }
        }
        if (trackArgs.replicas !== undefined) {
            problems.add(`${track}.replicas ${show(trackArgs.replicas)}`, "must be left out: Canary sets each track's replicas from replicas and canaryPercent");
        }
        if (trackArgs.version !== undefined && trackArgs.version !== track) {
            problems.add(`${track}.version ${show(trackArgs.version)}`, `must be "${track}" or left out: Canary labels the track's pods version=${track}`);
        }
    }
    const stablePort = trackPort(args.stable as ResolvedTrackArgs);
    const canaryPort = trackPort(args.canary as ResolvedTrackArgs);
    if (stablePort !== canaryPort) {
        problems.add(`canary.port ${canaryPort}`, `must equal stable.port ${stablePort}: one Service sends both tracks' traffic to one target port`);
    }
    checkServiceArgs(problems, args.service);
    checkTls(problems, args.tls, args.service?.enabled ?? true);
    if (args.gatewayRoute !== undefined) {
        const gatewayName = args.gatewayRoute.gatewayName;
        problems.check(typeof gatewayName === "string" && gatewayName.trim() !== "", "gatewayRoute.gatewayName", "must not be empty");
    }
}

/**
 * The HPA bounds of each track. Whether a track gets an HPA at all decides which resources exist,
 * so the percentage and the bounds must be known when the program runs, not only at deployment.
 */
function knownBoundsSplit(name: string, args: CanaryArgs): BoundsSplit {
    const min = args.autoscaling?.minReplicas ?? defaultMinReplicas;
    const max = args.autoscaling?.maxReplicas;
    const percent = args.canaryPercent;
    if (typeof min !== "number" || typeof max !== "number" || typeof percent !== "number") {
        throw new ValidationError(componentLabel("Canary", name), [
            "canaryPercent, autoscaling.minReplicas and autoscaling.maxReplicas must be plain numbers with autoscaling: they decide which tracks get an HPA",
        ]);
    }
    try {
        return splitReplicaBounds(min, max, percent);
    } catch (error) {
        // The bounds' own rules, in the words of the other checks and naming the component.
        if (error instanceof RangeError) {
            throw new ValidationError(componentLabel("Canary", name), [`autoscaling ${error.message}`]);
        }
        throw error;
    }
}
