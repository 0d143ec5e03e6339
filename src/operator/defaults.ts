// LlamaStackOperator's defaults, stated once; the doc comments on the args repeat them for users.

/** The stock Node.js image the controller runs on (its code comes from a ConfigMap). */
export const defaultControllerImage = "node:22.23.3-alpine@sha256:0a7108bf6c7bf5de370ffb1a3ed6be93d405b43ff159f681a8d18c0e2bc2e402";
/** Namespace of the controller, its lease and its ServiceAccount. */
export const defaultControllerNamespace = "llamastack-system";
/** Controller replicas; more than one stand by behind a leader-election Lease. */
export const defaultControllerReplicas = 1;
