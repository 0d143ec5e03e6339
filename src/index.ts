// The llamastack package: Pulumi components that run and scale LlamaStack on Kubernetes.
// One folder per concept, each with its index.ts; layered one way: core ← autoscaling ←
// distribution ← rollout, operator; nodePool and namespace on core.
export * from "./core";
export * from "./autoscaling";
export * from "./distribution";
export * from "./rollout";
export * from "./nodePool";
export * from "./namespace";
export * from "./operator";
