// NodePool's defaults, stated once; the doc comments on the args repeat them for users.

/** Capacity a NodePool buys when none is given: on-demand, which is never reclaimed. */
export const defaultCapacityTypes = ["on-demand"];
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
export const defaultDevicePluginImage = "nvcr.io/nvidia/k8s-device-plugin:v0.17.1@sha256:af31e2b7c7f89834c4e5219860def7ac2e49a207b3d4e8610d5a26772b7738e5";
/** Namespace of the device plugin DaemonSet; it needs hostPath, which restricted namespaces forbid. */
export const defaultDevicePluginNamespace = "kube-system";
