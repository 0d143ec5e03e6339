// Distribution: one LlamaStackDistribution with its Service, run config, storage, network policy,
// disruption budget and autoscalers. Builds on core/ and autoscaling/.
export { Distribution } from "./distribution";
export { DistributionArgs, DisruptionBudget, Gpu, Resources, Service, ServiceType, SessionAffinity, Spot, Toleration } from "./args";
export { CaBundle, IssuerKind, IssuerRef, Tls } from "./tls";
