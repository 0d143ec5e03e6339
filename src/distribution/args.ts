import * as pulumi from "@pulumi/pulumi";
import { NetworkPolicy } from "./networkPolicy";
import { RunConfigMap } from "./runConfig";
import { SecretKeyRef } from "./secretEnv";
import { Storage } from "./storage";
import { CaBundle, Tls } from "./tls";
import { Volume, VolumeMount } from "./volumes";
import { TaintEffect, TolerationOperator } from "../core/enums";
import { Autoscaling } from "../autoscaling/args";
import { Schedule } from "../autoscaling/args";
import { VerticalAutoscaling } from "../autoscaling/args";

/** How the Service is exposed. @see https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types */
export const ServiceType = {
    /** Reachable inside the cluster only. */
    ClusterIP: "ClusterIP",
    /** A port on every node. */
    NodePort: "NodePort",
    /** An external load balancer from the cloud provider (the guide's choice). */
    LoadBalancer: "LoadBalancer",
} as const;
export type ServiceType = (typeof ServiceType)[keyof typeof ServiceType];

/** Whether a client sticks to one pod. */
export const SessionAffinity = {
    /** Round-robin across ready pods (the guide's choice). */
    None: "None",
    /** Requests from one client IP go to the same pod. */
    ClientIP: "ClientIP",
} as const;
export type SessionAffinity = (typeof SessionAffinity)[keyof typeof SessionAffinity];

/**
 * Compute resources of the server container, as in the guide's `resources` block.
 * Quantities are Kubernetes quantities: "500m", "2", "2Gi", "1e3".
 * @see https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */
export interface Resources {
    /** Guaranteed resources, e.g. `{ cpu: "1", memory: "2Gi" }`. */
    requests?: pulumi.Input<{ [resource: string]: pulumi.Input<string> }>;
    /** Maximum resources, e.g. `{ cpu: "2", memory: "4Gi" }`; each must be at least its request. */
    limits?: pulumi.Input<{ [resource: string]: pulumi.Input<string> }>;
}

/**
 * GPUs per replica. Sets the GPU resource's request and limit to the same count (Kubernetes
 * does not allow GPUs to be overcommitted) and tolerates the GPU taint `<resourceName>:NoSchedule`.
 */
export interface Gpu {
    /** GPUs per replica, a whole number of at least 1. */
    count: pulumi.Input<number>;
    /**
     * The extended resource that the device plugin advertises. Defaults to "nvidia.com/gpu".
     * @default "nvidia.com/gpu"
     */
    resourceName?: pulumi.Input<string>;
}

/** A toleration, as in a pod spec, e.g. the guide's `spot=true:NoSchedule`. */
export interface Toleration {
    /** Taint key to match; empty with `Exists` matches every taint. */
    key?: pulumi.Input<string>;
    /**
     * `Equal` (key and value) or `Exists` (key only). Defaults to "Equal".
     * @default "Equal"
     */
    operator?: pulumi.Input<TolerationOperator>;
    /** Taint value to match, with `Equal`. */
    value?: pulumi.Input<string>;
    /** Taint effect to match; empty matches all effects. */
    effect?: pulumi.Input<TaintEffect>;
    /** With `NoExecute`, how long the pod stays after the taint appears. */
    tolerationSeconds?: pulumi.Input<number>;
}

/** The Service in front of the distribution's pods (the guide's "Load Balancing"). */
export interface Service {
    /**
     * Create the Service. Defaults to true.
     * @default true
     */
    enabled?: boolean;
    /**
     * Name of the Service. Defaults to the distribution's name.
     * @default the distribution's name
     */
    name?: pulumi.Input<string>;
    /**
     * How the Service is exposed. Defaults to "LoadBalancer".
     * @default "LoadBalancer"
     */
    type?: pulumi.Input<ServiceType>;
    /**
     * Port the Service listens on; traffic goes to the container's port. Defaults to 8080.
     * @default 8080
     */
    port?: pulumi.Input<number>;
    /**
     * `None` spreads requests round-robin over the replicas; `ClientIP` pins clients to a pod.
     * Defaults to "None".
     * @default "None"
     */
    sessionAffinity?: pulumi.Input<SessionAffinity>;
    /** CIDRs allowed to reach a LoadBalancer Service; leave empty only for public endpoints. */
    loadBalancerSourceRanges?: pulumi.Input<pulumi.Input<string>[]>;
    /** Annotations on the Service, e.g. for the cloud's load balancer. */
    annotations?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
}

/**
 * A PodDisruptionBudget that keeps replicas serving through node drains and spot reclaims.
 * Give at most one of `minAvailable` and `maxUnavailable`.
 */
export interface DisruptionBudget {
    /**
     * Create the budget. Defaults to true when the distribution can run more than one replica.
     * @default true when the distribution can run more than one replica
     */
    enabled?: boolean;
    /** Pods that must stay available, a count ("2") or a percentage ("50%"). */
    minAvailable?: pulumi.Input<string>;
    /**
     * Pods that may be unavailable at once, a count ("1") or a percentage ("25%"). Defaults to "1".
     * @default "1"
     */
    maxUnavailable?: pulumi.Input<string>;
}

/**
 * Run on spot capacity (the guide's "Spot Instances"): the guide's `node-type: spot` selector and
 * `spot=true:NoSchedule` toleration by default, replicas spread across zones, at least 2 replicas
 * and a PodDisruptionBudget, so that one reclaimed node never takes the service down.
 * With a `NodePool`, pass `nodeSelector: pool.spotNodeSelector`.
 */
export interface Spot {
    /**
     * Place the distribution on spot nodes. Defaults to true.
     * @default true
     */
    enabled?: boolean;
    /**
     * Prefer spot nodes but run on on-demand nodes when there are none: a preferred node affinity
     * instead of a hard `nodeSelector`. Allows a single replica. Defaults to false.
     * @default false
     */
    fallbackToOnDemand?: boolean;
    /**
     * Labels of the spot nodes. Defaults to { "node-type": "spot" }.
     * @default { "node-type": "spot" }
     */
    nodeSelector?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /**
     * The toleration of the spot nodes' taint.
     * Defaults to { key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }.
     * @default { key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" }
     */
    toleration?: Toleration;
    /**
     * Spread replicas across zones (`topology.kubernetes.io/zone`, max skew 1, best effort), since
     * spot capacity is reclaimed zone by zone. Defaults to true.
     * @default true
     */
    zoneSpread?: boolean;
}

/** Arguments of `Distribution`, in the words of the LlamaStack scaling guide. */
export interface DistributionArgs {
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
    /** Namespace of the distribution and its Service. Defaults to the provider's namespace. @default the provider's namespace */
    namespace?: pulumi.Input<string>;
    /**
     * Number of replicas (the guide's "Declarative Scaling"). `kubectl scale` and
     * `kubectl patch` change it in the cluster too. Not allowed with `autoscaling`, which owns it.
     * Defaults to 1, or 2 on spot (none with autoscaling: the HPA decides).
     * @default 1, or 2 on spot (none with autoscaling: the HPA decides)
     */
    replicas?: pulumi.Input<number>;
    /** Requests and limits of the server container (the guide's "Vertical Scaling"). */
    resources?: Resources;
    /** GPUs per replica (the guide's "GPU Scaling", with requests equal to limits). */
    gpu?: Gpu;
    /** Node labels the pods must land on, e.g. `{ "node-type": "spot" }` or a `NodePool`'s `nodeSelector`. */
    nodeSelector?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Taints the pods tolerate, e.g. the guide's `spot=true:NoSchedule` or a `NodePool`'s `tolerations`. */
    tolerations?: pulumi.Input<pulumi.Input<Toleration>[]>;
    /** Run on spot nodes (the guide's "Spot Instances"), with zone spread and a disruption budget. */
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
     * HTTPS for the server: a cert-manager Certificate for the Service's names (from `issuerRef`
     * or a CA of the distribution's own with `selfSigned`), or a TLS Secret of yours
     * (`secretName`). The server serves it, probes use HTTPS, the Service port is named `https`,
     * and pods roll onto each renewed certificate. See docs/tls.md.
     */
    tls?: Tls;
    /**
     * CA certificates the server trusts for its outbound calls (inference providers behind a
     * private CA), from a ConfigMap key. It replaces the default trust store.
     */
    caBundle?: CaBundle;
    /** The Service in front of the pods (the guide's "Load Balancing"). */
    service?: Service;
    /**
     * Annotations on the `LlamaStackDistribution` object itself (not its pods), e.g.
     * `pulumi.com/waitFor: jsonpath={.status.phase}=Ready` to make `pulumi up` wait until the
     * controller reports the distribution ready.
     */
    annotations?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** Extra labels on the pods. `app` is reserved: the Service selects `app: <name>`. */
    podLabels?: pulumi.Input<{ [key: string]: pulumi.Input<string> }>;
    /** A PodDisruptionBudget; created by default when more than one replica can run (spot: by default). */
    disruptionBudget?: DisruptionBudget;
    /**
     * A HorizontalPodAutoscaler named after the distribution (the guide's "HPA" and "Custom
     * Metrics"). The distribution then never sets `spec.replicas`, so `pulumi up` never undoes
     * the HPA's choice.
     */
    autoscaling?: Autoscaling;
    /** A VerticalPodAutoscaler named after the distribution (the guide's "VPA"). */
    verticalAutoscaling?: VerticalAutoscaling;
    /**
     * Scheduled scaling (the guide's "Scheduled Scaling"): CronJobs named `<schedule>-<name>`.
     * With `autoscaling` they change the HPA's bounds, otherwise the replicas.
     */
    schedules?: Schedule[];
}
