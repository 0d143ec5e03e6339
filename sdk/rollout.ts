// What BlueGreen and Canary share: the arguments of one track, the labels that tie tracks to the
// rollout's one Service, and checking a track's arguments in the rollout's own error messages.
import * as pulumi from "@pulumi/pulumi";
import { NetworkPolicy } from "./networkPolicy";
import { RunConfigMap } from "./runConfig";
import { SecretKeyRef } from "./secretEnv";
import { Storage } from "./storage";
import { Volume, VolumeMount } from "./volumes";
import { defaultContainerPort } from "./defaults";
import { DisruptionBudget, DistributionArgs, Gpu, Resources, Service, Spot, Toleration } from "./distributionArgs";
import { checkDistributionArgs, ResolvedDistributionArgs } from "./distributionSpec";
import { Autoscaling } from "./hpa";
import { checkDns1123Label } from "./names";
import { Schedule } from "./schedules";
import { VerticalAutoscaling } from "./vpa";
import { Problems, show } from "./validation";

/**
 * One track of a rollout (a colour of `BlueGreen`, the stable or canary track of `Canary`): the
 * arguments of a `Distribution` except `namespace` and `service`, which the rollout sets once for
 * all its tracks.
 */
export interface RolloutTrack {
    /**
     * Container image of the LlamaStack server, e.g. `llamastack/distribution-ollama:0.2.0`. Pin a
     * tag or digest. Exactly one of `image` and `distribution`.
     */
    image?: pulumi.Input<string>;
    /**
     * A named LlamaStack distribution: `ollama`, `remote-vllm`, `vllm-gpu`, `meta-reference-gpu`,
     * `tgi`, `together`, `fireworks`, `bedrock` or `nvidia`. The controller runs the package's
     * image of it, pinned to LlamaStack 0.2.0 (the operator's `controller.distributionImages` may
     * replace it, e.g. with a mirror or a digest), and reports its version. Exactly one of `image`
     * and `distribution`.
     */
    distribution?: pulumi.Input<string>;
    /** A version or track label put on the pods as `version` (the guide's `stable` / `canary`). */
    version?: pulumi.Input<string>;
    /**
     * Number of replicas (the guide's "Declarative Scaling"). `kubectl scale` and
     * `kubectl patch` change it in the cluster too. Defaults to 1.
     * @default 1
     */
    replicas?: pulumi.Input<number>;
    /** Requests and limits of the server container (the guide's "Vertical Scaling"). */
    resources?: Resources;
    /** GPUs per replica (the guide's "GPU Scaling", with requests equal to limits). */
    gpu?: Gpu;
    /** Node labels the pods must land on, e.g. `{ "node-type": "spot" }`. */
    nodeSelector?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Taints the pods tolerate, e.g. the guide's `spot=true:NoSchedule`. */
    tolerations?: pulumi.Input<pulumi.Input<Toleration>[]>;
    /** Run this track on spot nodes (the guide's "Spot Instances"), with zone spread and a disruption budget. */
    spot?: Spot;
    /**
     * Port the LlamaStack server listens on in the container. Defaults to 8321.
     * @default 8321
     */
    port?: pulumi.Input<number>;
    /** Environment variables of the server, e.g. `{ INFERENCE_MODEL: "meta-llama/Llama-3.2-3B-Instruct" }`. */
    env?: pulumi.Input<{ [name: string]: pulumi.Input<string> }>;
    /** Arguments to the server's entrypoint. */
    args?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * The LlamaStack run configuration (providers, models, stores) as YAML text. Stored in a
     * ConfigMap named after the distribution, mounted read-only and passed to the server; pods roll
     * when it changes, and only then. At most one of `runConfig` and `runConfigMap`.
     */
    runConfig?: pulumi.Input<string>;
    /** An existing ConfigMap holding the run configuration, instead of `runConfig`. */
    runConfigMap?: RunConfigMap;
    /**
     * Environment variables from Secret keys, e.g. `{ TOGETHER_API_KEY: { secretName: "llm-keys",
     * key: "together" } }`. Only the references reach Pulumi's state and the custom resource.
     */
    secretEnv?: pulumi.Input<{ [name: string]: pulumi.Input<SecretKeyRef> }>;
    /** Replaces the image's entrypoint (rarely needed: the run configuration is passed as arguments). */
    command?: pulumi.Input<pulumi.Input<string>[]>;
    /** Where the server keeps its state: per pod by default, or one claim that outlives pods (`persistent`). */
    storage?: Storage;
    /**
     * Seconds a stopping pod (scale-down, rollout, drain) has to finish in-flight requests, the
     * `preStopSleepSeconds` pause included. Defaults to 120: LLM generations run far longer than
     * Kubernetes' default of 30.
     * @default 120
     */
    terminationGracePeriodSeconds?: pulumi.Input<number>;
    /**
     * Seconds a stopping pod keeps serving before it gets SIGTERM, so that endpoints and load
     * balancers stop sending it new requests first. 0 turns the pause off. Defaults to 10.
     * @default 10
     */
    preStopSleepSeconds?: pulumi.Input<number>;
    /**
     * ServiceAccount the pods run as (its token is mounted); without one, no token is mounted.
     * Needs an operator with `controller.allowPodOverrides`: by default the CRD refuses it, so that
     * permission to create a distribution does not lend a ServiceAccount's rights.
     */
    serviceAccountName?: pulumi.Input<string>;
    /**
     * PriorityClass of the pods, e.g. `"gpu-serving"`: on a shared GPU pool the scheduler preempts by
     * priority, so a serving pod should outrank batch work. The namespace's default when not given.
     */
    priorityClassName?: pulumi.Input<string>;
    /** Extra volumes of the pods: ConfigMaps, Secrets, emptyDirs or claims of the distribution's namespace. */
    volumes?: pulumi.Input<pulumi.Input<Volume>[]>;
    /** Where the extra `volumes` are mounted in the server container. */
    volumeMounts?: pulumi.Input<pulumi.Input<VolumeMount>[]>;
    /** A NetworkPolicy admitting only the named namespaces, pods and address blocks to the server's port. */
    networkPolicy?: NetworkPolicy;
    /**
     * Annotations on the `LlamaStackDistribution` object itself (not its pods), e.g.
     * `pulumi.com/waitFor: jsonpath={.status.phase}=Ready` to make `pulumi up` wait until the
     * controller reports the distribution ready.
     */
    annotations?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Extra labels on the pods. `app` is reserved: the Service selects `app: <name>`. */
    podLabels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** A PodDisruptionBudget; created by default when more than one replica can run. */
    disruptionBudget?: DisruptionBudget;
    /** A HorizontalPodAutoscaler for this track (BlueGreen colours only; a Canary splits fixed replicas). */
    autoscaling?: Autoscaling;
    /** A VerticalPodAutoscaler for this track. */
    verticalAutoscaling?: VerticalAutoscaling;
    /** Scheduled scaling of this track (BlueGreen colours only). */
    schedules?: Schedule[];
}

// Written out rather than `Omit<DistributionArgs, ...>`, which schema inference cannot read (it
// would type every field as Any and drop the docs). This fails to compile when the two drift.
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never] ? true : false;
type Assignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const trackArgsFollowDistributionArgs: SameKeys<RolloutTrack, Omit<DistributionArgs, "namespace" | "service">> &
    Assignable<RolloutTrack, Omit<DistributionArgs, "namespace" | "service">> = true;
void trackArgsFollowDistributionArgs;

/** `RolloutTrack` after every Output has resolved. */
export type ResolvedTrackArgs = pulumi.Unwrap<RolloutTrack>;

/** Pod label naming the rollout a pod belongs to; the rollout's Service selects on it. */
export const rolloutLabel = "llamastack.io/rollout";
/** Pod label naming a BlueGreen pod's colour; the Service also selects on it. */
export const colorLabel = "llamastack.io/color";
/** Pod label naming a Canary pod's track, as in the guide; the controller sets it from `version`. */
export const trackLabel = "version";

/** Labels every pod of a rollout carries, whatever its track. */
export function rolloutLabels(rolloutName: string): Record<string, string> {
    return { [rolloutLabel]: rolloutName };
}

/** A `Problems` that names a track's fields after the track, e.g. `blue.replicas`. */
export class TrackProblems extends Problems {
    constructor(
        private readonly outer: Problems,
        private readonly track: string,
    ) {
        super("");
    }

    override add(field: string, rule: string): void {
        this.outer.add(`${this.track}.${field}`, rule);
    }
}

/**
 * Checks a track with every rule of `Distribution`, reported as the rollout's errors with the
 * track's name in front of each field, plus the rollout's own rules: labels the rollout sets
 * are not the user's to set, and the namespace is set once on the rollout.
 */
export function checkTrack(
    problems: Problems,
    track: string,
    childName: string,
    args: ResolvedTrackArgs,
    reservedLabels: Record<string, string>,
    namespace: string | undefined,
): void {
    const trackProblems = new TrackProblems(problems, track);
    checkDistributionArgs(trackProblems, childName, args as ResolvedDistributionArgs);
    for (const [key, value] of Object.entries(reservedLabels)) {
        const given = args.podLabels?.[key];
        if (given !== undefined && given !== value) {
            problems.add(`${track}.podLabels["${key}"] ${show(given)}`, `is reserved: the rollout sets it to ${show(value)} to select the track's pods`);
        }
    }
    // Not in the type, but JavaScript callers and untyped programs can still pass them.
    const untyped = args as { namespace?: unknown; service?: unknown };
    if (untyped.namespace !== undefined && untyped.namespace !== namespace) {
        problems.add(
            `${track}.namespace ${show(untyped.namespace)}`,
            `differs from the rollout's namespace ${show(namespace ?? "(the provider's)")}: a Service selects pods in its own namespace only, so set namespace once on the rollout`,
        );
    }
    if (untyped.service !== undefined) {
        problems.add(`${track}.service`, "must not be set: the rollout makes one Service for all its tracks; set service on the rollout");
    }
}

/** The container port a track listens on. */
export function trackPort(args: ResolvedTrackArgs): number {
    return args.port ?? defaultContainerPort;
}

/**
 * The Distribution arguments of one track: the track's own, the rollout's namespace, pod labels
 * that include the rollout's (computed by the caller after its checks), and no Service of its own.
 */
export function trackDistributionArgs(
    track: RolloutTrack,
    namespace: pulumi.Input<string> | undefined,
    podLabels: pulumi.Input<{ [key: string]: string }>,
    overrides: Partial<DistributionArgs>,
): DistributionArgs {
    return {
        ...track,
        ...overrides,
        namespace,
        podLabels,
        // The rollout's Service selects the tracks; a Service per track would split nothing.
        service: { enabled: false },
    };
}

/** Checks the rollout's namespace, once for all its tracks. */
export function checkNamespace(problems: Problems, namespace: string | undefined): void {
    if (namespace !== undefined) {
        checkDns1123Label(problems, "namespace", namespace);
    }
}

/** Checks the rollout's `service` argument with the same rules and words as `Distribution`. */
export function checkServiceArgs(problems: Problems, service: pulumi.Unwrap<Service> | undefined): void {
    if (service === undefined) {
        return;
    }
    // The Distribution rules on a minimal distribution; only the service's findings are kept.
    const serviceOnly = new ServiceProblems(problems);
    checkDistributionArgs(serviceOnly, "service", { image: "image", service } as ResolvedDistributionArgs);
}

class ServiceProblems extends Problems {
    constructor(private readonly outer: Problems) {
        super("");
    }

    override add(field: string, rule: string): void {
        if (field.startsWith("service.")) {
            this.outer.add(field, rule);
        }
    }
}
