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
/** The stock Node.js image the controller runs on (its code comes from a ConfigMap). */
export const defaultControllerImage = "node:22.23.3-alpine";
/** Namespace of the controller, its lease and its ServiceAccount. */
export const defaultControllerNamespace = "llamastack-system";
/** Controller replicas; more than one stand by behind a leader-election Lease. */
export const defaultControllerReplicas = 1;
