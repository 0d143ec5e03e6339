// Every default of the package, stated once; the doc comments on the args repeat them for users.

/** LlamaStack's own server port. */
export const defaultContainerPort = 8321;
/** The guide's Service port. */
export const defaultServicePort = 8080;
/** The guide's Service type. */
export const defaultServiceType = "LoadBalancer";
/** The guide's session affinity (round-robin). */
export const defaultSessionAffinity = "None";
/** The resource name NVIDIA's device plugin advertises. */
export const defaultGpuResourceName = "nvidia.com/gpu";
/** Replicas when none are given. */
export const defaultReplicas = 1;
/** Pods a disruption may take at once, when the budget gives neither bound. */
export const defaultMaxUnavailable = "1";
/** Name of the server container; VPAs address it by this name. */
export const containerName = "llamastack";

// Capacity: node pools, spot placement and namespaces (issue 6).

/** Capacity a NodePool buys when none is given: on-demand, which is never reclaimed. */
export const defaultCapacityTypes = ["on-demand"];
/** The guide's spot node label. */
export const defaultSpotNodeSelector: Record<string, string> = { "node-type": "spot" };
/** The guide's spot toleration, `spot=true:NoSchedule`; spot pools carry the matching taint. */
export const defaultSpotToleration = { key: "spot", operator: "Equal", value: "true", effect: "NoSchedule" } as const;
/** Replicas of a spot distribution when none are given: one reclaim must not take the service down. */
export const defaultSpotReplicas = 2;
/** Spot replicas spread across zones, since spot capacity is reclaimed zone by zone. */
export const zoneTopologyKey = "topology.kubernetes.io/zone";
/** The label Karpenter puts on every node it launches, naming its NodePool. */
export const nodePoolLabel = "karpenter.sh/nodepool";
/** The label Karpenter puts on every node it launches: `spot` or `on-demand`. */
export const capacityTypeLabel = "karpenter.sh/capacity-type";
/** Karpenter's consolidation default; the policy is kept, the wait is longer (model servers start slowly). */
export const defaultConsolidationPolicy = "WhenEmptyOrUnderutilized";
/** How long a node must be empty or underutilized before Karpenter removes it. */
export const defaultConsolidateAfter = "5m";
/** Nodes Karpenter may disrupt at once: one, so a pool of few GPU nodes never loses several together. */
export const defaultNodeDisruptionBudget = "1";
/** NVIDIA's device plugin, pinned. */
export const defaultDevicePluginImage = "nvcr.io/nvidia/k8s-device-plugin:v0.17.1";
/** Namespace of the device plugin DaemonSet; it needs hostPath, which restricted namespaces forbid. */
export const defaultDevicePluginNamespace = "kube-system";
/** Pod Security level of a LlamaStackNamespace. */
export const defaultPodSecurityLevel = "restricted";
/** Pod Security Standards version the labels pin. */
export const defaultPodSecurityVersion = "latest";
/** The guide's "limits at most 2x requests", enforced by the LimitRange at admission. */
export const defaultMaxLimitRequestRatio = "2";
/** Requests given to containers that set none, in a LlamaStackNamespace. */
export const defaultContainerRequests: Record<string, string> = { cpu: "250m", memory: "512Mi" };
/** Limits given to containers that set none, in a LlamaStackNamespace (2x the default requests). */
export const defaultContainerLimits: Record<string, string> = { cpu: "500m", memory: "1Gi" };
// Autoscaling (docs/autoscaling.md explains the choices).
/** The guide's HPA floor: two replicas, so one pod's loss never takes the server down. */
export const defaultMinReplicas = 2;
/** CPU utilization target when an HPA is given no metric at all (Kubernetes' own default). */
export const defaultTargetCPUUtilization = 80;
/** Scale-down: act on the highest recommendation of the last 5 minutes (the guide's "too aggressive" fix). */
export const defaultScaleDownStabilizationSeconds = 300;
/** Scale-down: remove at most one pod or 25%, whichever is more, per minute. */
export const defaultScaleDownPolicies = [
    { type: "Pods", value: 1, periodSeconds: 60 },
    { type: "Percent", value: 25, periodSeconds: 60 },
] as const;
/** Scale-up: ignore load spikes shorter than a minute (model servers take longer than that to start). */
export const defaultScaleUpStabilizationSeconds = 60;
/** Scale-up: at most double, or add 4 pods, whichever is more, per minute. */
export const defaultScaleUpPolicies = [
    { type: "Percent", value: 100, periodSeconds: 60 },
    { type: "Pods", value: 4, periodSeconds: 60 },
] as const;
/** Of several policies, the one that allows the larger change wins. */
export const defaultSelectPolicy = "Max";
/** The guide's VPA update mode. */
export const defaultVpaUpdateMode = "Auto";
/** Resources a VPA controls when none are named. */
export const defaultVpaControlledResources = ["cpu", "memory"] as const;

// Scheduled scaling.
/** A pinned kubectl image from the Kubernetes project's own registry (the guide's was unpinned). */
export const defaultKubectlImage = "registry.k8s.io/kubectl:v1.34.2";
/** A schedule that could not start within 5 minutes of its time is skipped, not run late. */
export const defaultStartingDeadlineSeconds = 300;
/** Finished scaling Jobs kept for `kubectl get jobs`. */
export const defaultSuccessfulJobsHistoryLimit = 1;
/** Failed scaling Jobs kept for `kubectl logs`. */
export const defaultFailedJobsHistoryLimit = 3;
/** Retries of one scaling run before its Job fails. */
export const defaultScalingJobBackoffLimit = 3;
/** A scaling run that takes longer than this is stopped. */
export const defaultScalingJobDeadlineSeconds = 120;

/** BlueGreen keeps the inactive colour running (warm) unless asked to scale it to zero. */
export const defaultScaleDownInactive = false;
/** Rollouts wait for each colour to serve, as every Distribution does. */
export const defaultAwaitReady = true;

/** The stock Node.js image the controller runs on (its code comes from a ConfigMap). */
export const defaultControllerImage = "node:22.23.3-alpine";
/** Namespace of the controller, its lease and its ServiceAccount. */
export const defaultControllerNamespace = "llamastack-system";
/** Controller replicas; more than one stand by behind a leader-election Lease. */
export const defaultControllerReplicas = 1;

// Running the server (issue 17: run config, storage, graceful scale-down).
/** Where the run configuration is mounted (read-only) in the server container. */
export const runConfigMountPath = "/etc/llama-stack";
/** The file name the run configuration is mounted as. */
export const runConfigFileName = "run.yaml";
/** The ConfigMap key that holds the run configuration. */
export const defaultRunConfigKey = "run.yaml";
/** Pod-template annotation carrying the run configuration's SHA-256: pods roll when it changes, only then. */
export const runConfigHashAnnotation = "llamastack.io/run-config-sha256";
/**
 * Seconds a pod has to finish in-flight requests after SIGTERM: LLM generations (long answers,
 * streamed) take tens of seconds to minutes, far beyond Kubernetes' default of 30.
 */
export const defaultTerminationGracePeriodSeconds = 120;
/**
 * Seconds the pod keeps serving after it is told to stop and before SIGTERM, so that endpoints
 * and load balancers stop sending it new requests first.
 */
export const defaultPreStopSleepSeconds = 10;
/** Where the server keeps its state (SQLite stores, files) when no `storage.mountPath` is given. */
export const defaultStorageMountPath = "/.llama";
/** Access mode of a persistent claim when none is given. */
export const defaultStorageAccessMode = "ReadWriteOnce";
/** Size of a persistent claim when none is given. */
export const defaultStorageSize = "10Gi";
/**
 * Annotation on a distribution naming the Service in front of it as `<service>:<port>`; the
 * Distribution component sets it, and the controller reports the URL in `status.serviceURL`.
 */
export const serviceAnnotation = "llamastack.io/service";
