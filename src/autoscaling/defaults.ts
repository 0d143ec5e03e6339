// The autoscalers' defaults (HPA, VPA, scheduled scaling), stated once; the doc comments on the args
// repeat them for users.

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
export const defaultKubectlImage = "registry.k8s.io/kubectl:v1.34.0@sha256:497d298f891edb7608dfce9dae4bb08dffc4ddcd7f5d24a0512d4bbf33e04f26";
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
