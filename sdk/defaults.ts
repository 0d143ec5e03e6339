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
/** Rollouts do not wait for readiness unless asked: without running pods it never comes. */
export const defaultAwaitReady = false;
/** The annotation that makes the Kubernetes provider wait for a condition after create/update. */
export const waitForAnnotation = "pulumi.com/waitFor";
