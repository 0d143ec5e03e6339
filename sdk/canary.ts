import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import { boundsSplitProblem, BoundsSplit, isPercent, isReplicaCount, percentRule, splitProblem, splitReplicaBounds, splitReplicas } from "./canarySplit";
import { Distribution } from "./distribution";
import { Service } from "./distributionArgs";
import { Autoscaling } from "./hpa";
import { buildCanaryRouteSpec, buildTrackServiceSpec, canarySelector, canaryTracks, CanaryTrack, ResolvedGatewayRoute, trackPodLabels } from "./canaryRoute";
import { defaultMinReplicas, defaultServicePort } from "./defaults";
import { commonLabels } from "./labels";
import { rules } from "./rules";
import { checkNamespace, checkServiceArgs, checkTrack, ResolvedTrackArgs, RolloutTrack, trackDistributionArgs, trackLabel, trackPort } from "./rollout";
import { buildServiceSpec, newFrontService } from "./service";
import { componentLabel, Problems, requireArgs, show, validated, ValidationError } from "./validation";

/**
 * A Gateway API `HTTPRoute` that splits traffic between the tracks by exact weights, whatever
 * their replica counts. Needs a Gateway API implementation and a Gateway in the cluster.
 * @see https://gateway-api.sigs.k8s.io/guides/traffic-splitting/
 */
export interface GatewayRoute {
    /** Name of the `Gateway` the route attaches to. */
    gatewayName: pulumi.Input<string>;
    /** Namespace of the `Gateway`. Defaults to the rollout's namespace. @default the rollout's namespace */
    gatewayNamespace?: pulumi.Input<string>;
    /** Listener of the `Gateway` to attach to, by its name. Defaults to every listener that allows the route. @default every listener that allows the route */
    sectionName?: pulumi.Input<string>;
    /** Host names the route answers, e.g. `["llama.example.com"]`. Defaults to the Gateway's listeners' host names. @default the Gateway's listeners' host names */
    hostnames?: pulumi.Input<pulumi.Input<string>[]>;
}

/** Arguments of `Canary`: a stable and a canary distribution, and how to split replicas between them. */
export interface CanaryArgs {
    /** Namespace of both tracks and the Service. Defaults to the provider's namespace. @default the provider's namespace */
    namespace?: pulumi.Input<string>;
    /**
     * Replicas of both tracks together, e.g. the guide's 10 (9 stable + 1 canary at 10%).
     * Give either this or `autoscaling`.
     */
    replicas?: pulumi.Input<number>;
    /**
     * Autoscale both tracks together: `minReplicas` and `maxReplicas` are split by
     * `canaryPercent` like `replicas` (2..10 at 10% → stable 1..9, canary 1..1), and each running
     * track gets its own HorizontalPodAutoscaler with these metrics and behavior; a track at 0%
     * gets no HPA and 0 replicas. `canaryPercent` and the bounds must be known at preview.
     */
    autoscaling?: Autoscaling;
    /**
     * Percentage of the replicas (and so of the traffic) that runs the canary, from 0 to 100.
     * 0 aborts the canary (no canary pods); 100 promotes it (no stable pods). The canary gets
     * round(replicas × canaryPercent / 100) replicas, halves rounding up, but at least 1 above
     * 0% and at most replicas − 1 below 100%.
     */
    canaryPercent: pulumi.Input<number>;
    /** The stable track (`<name>-stable`, pods labelled `version: stable`): every `Distribution` argument but `namespace`, `service`, `replicas` and `version`. */
    stable: RolloutTrack;
    /** The canary track (`<name>-canary`, pods labelled `version: canary`): every `Distribution` argument but `namespace`, `service`, `replicas` and `version`. */
    canary: RolloutTrack;
    /** The one Service in front of both tracks (the guide's "Load Balancing"). */
    service?: Service;
    /**
     * Also route traffic through a Gateway API `HTTPRoute` that weights the tracks exactly by
     * `canaryPercent` (weights out of 10000: 10% → stable 9000, canary 1000), whatever their
     * replica counts; adds a ClusterIP Service `<name>-<track>` per track as its backends.
     */
    gatewayRoute?: GatewayRoute;
}

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
                    args.namespace,
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
            () => pulumi.all([resolved, port]).apply(([a, targetPort]) => buildServiceSpec(a.service ?? {}, canarySelector(name), targetPort)),
            { parent: this, dependsOn: both },
        );
        const serviceName = service?.metadata.name ?? pulumi.output("");

        if (args.gatewayRoute) {
            const backends = {} as Record<CanaryTrack, pulumi.Output<string>>;
            for (const track of canaryTracks) {
                const trackService = new k8s.core.v1.Service(
                    `${name}-${track}-service`,
                    {
                        metadata: { name: `${name}-${track}`, namespace: args.namespace, labels: commonLabels(name) },
                        spec: pulumi
                            .all([servicePort, port])
                            .apply(([listen, targetPort]) => buildTrackServiceSpec(name, track, listen, targetPort)) as pulumi.Output<k8s.types.input.core.v1.ServiceSpec>,
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

/** `CanaryArgs` after every Output has resolved. */
export type ResolvedCanaryArgs = pulumi.Unwrap<CanaryArgs>;

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
