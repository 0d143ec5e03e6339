// The rollouts' arguments (BlueGreenArgs, CanaryArgs and the RolloutTrack each colour or track
// takes) and their enum (a const object, see core/enums.ts). Defaults: defaults.ts.
import * as pulumi from "@pulumi/pulumi";
import { Service, DisruptionBudget, Gpu, Resources, Spot, Toleration } from "../distribution/args";
import { Autoscaling, Schedule, VerticalAutoscaling } from "../autoscaling/args";
import { NetworkPolicy } from "../distribution/networkPolicy";
import { RunConfigMap } from "../distribution/runConfig";
import { SecretKeyRef } from "../distribution/secretEnv";
import { Storage } from "../distribution/storage";
import { Volume, VolumeMount } from "../distribution/volumes";
import { CaBundle, Tls } from "../distribution/tls";

/** A colour of a blue-green rollout. */
export const Color = {
    /** The blue distribution. */
    Blue: "blue",
    /** The green distribution. */
    Green: "green",
} as const;
export type Color = (typeof Color)[keyof typeof Color];

/** Arguments of `BlueGreen`: two full distributions and which one serves. */
export interface BlueGreenArgs {
    /** Namespace of both colours and the Service. Defaults to the provider's namespace. @default the provider's namespace */
    namespace?: pulumi.Input<string>;
    /** The blue distribution (the guide's `llamastack-blue`): every `Distribution` argument but `namespace` and `service`. */
    blue: RolloutTrack;
    /** The green distribution (the guide's `llamastack-green`): every `Distribution` argument but `namespace` and `service`. */
    green: RolloutTrack;
    /**
     * The colour the Service sends all traffic to. Change it to switch; change it back to roll
     * back. Not an Input: the order of the switch depends on it.
     */
    active: Color;
    /**
     * Scale the inactive colour to zero replicas, after the Service has switched away from it.
     * Otherwise it keeps its replicas (warm), for an instant switch back. Defaults to false.
     * @default false
     */
    scaleDownInactive?: boolean;
    /**
     * Make `pulumi up` wait until the controller reports each colour serving (condition
     * `Available` for the current generation and phase `Ready`: every replica it wants, the HPA's
     * count for an autoscaled colour, up to date and available) before the Service switches to
     * it, as every `Distribution` does. `false` puts `pulumi.com/skipAwait` on both colours, for
     * clusters that cannot run the pods yet. Defaults to true.
     * @default true
     */
    awaitReady?: boolean;
    /** The one Service in front of the active colour (the guide's "Load Balancing"). */
    service?: Service;
    /**
     * HTTPS for the rollout: one certificate for its one Service (from `issuerRef` or a CA of the
     * rollout's own with `selfSigned`), or a TLS Secret of yours (`secretName`), served by every
     * track. See docs/tls.md.
     */
    tls?: Tls;
}

/** `BlueGreenArgs` after every Output has resolved. */
export type ResolvedBlueGreenArgs = pulumi.Unwrap<BlueGreenArgs>;

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
     * HTTPS for the rollout: one certificate for its one Service (from `issuerRef` or a CA of the
     * rollout's own with `selfSigned`), or a TLS Secret of yours (`secretName`), served by every
     * track. See docs/tls.md.
     */
    tls?: Tls;
    /**
     * Also route traffic through a Gateway API `HTTPRoute` that weights the tracks exactly by
     * `canaryPercent` (weights out of 10000: 10% → stable 9000, canary 1000), whatever their
     * replica counts; adds a ClusterIP Service `<name>-<track>` per track as its backends.
     */
    gatewayRoute?: GatewayRoute;
}

/** `CanaryArgs` after every Output has resolved. */
export type ResolvedCanaryArgs = pulumi.Unwrap<CanaryArgs>;

/**
 * One track of a rollout (a colour of `BlueGreen`, the stable or canary track of `Canary`): the
 * arguments of a `Distribution` except `namespace`, `service` and `tls`, which the rollout sets once
 * for all its tracks.
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
     * CA certificates the server trusts for its outbound calls (inference providers behind a
     * private CA), from a ConfigMap key. It replaces the default trust store.
     */
    caBundle?: CaBundle;
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

/** `RolloutTrack` after every Output has resolved. */
export type ResolvedTrackArgs = pulumi.Unwrap<RolloutTrack>;
