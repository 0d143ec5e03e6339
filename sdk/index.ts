// The llamastack package: Pulumi components that run and scale LlamaStack on Kubernetes.
export { LlamaStackOperator, LlamaStackOperatorArgs } from "./operator";
export { Controller } from "./controller";
export { Distribution } from "./distribution";
export {
    DistributionArgs,
    DisruptionBudget,
    Gpu,
    Resources,
    Service,
    Spot,
    Toleration,
} from "./distributionArgs";
export { ServiceType, SessionAffinity, TaintEffect, TolerationOperator } from "./enums";
export { NodePool } from "./nodepool";
export { DevicePlugin, NodeClassRef, NodeDisruption, NodeDisruptionBudget, NodePoolArgs, NodePoolGpu, NodePoolLimits, NodeRequirement, Taint, PoolToleration } from "./nodepoolArgs";
export { CapacityType, ConsolidationPolicy, PodSecurityLevel, RequirementOperator } from "./enums";
export { LlamaStackNamespace, LlamaStackNamespaceArgs, LimitRange, ResourceQuota } from "./namespace";
export { ScalingPolicyType, ScalingSelectPolicy, VpaControlledValues, VpaUpdateMode } from "./enums";
export { HorizontalAutoscaler, HorizontalAutoscalerArgs, Autoscaling, ScalingBehavior, ScalingRules, ScalingPolicy, PodsMetric, ObjectMetric, ExternalMetric, MetricObjectReference } from "./hpa";
export { VerticalAutoscaler, VerticalAutoscalerArgs, VerticalAutoscaling } from "./vpa";
export { ScheduledScaler, ScheduledScalerArgs, Schedule } from "./schedules";
export { ValidationError } from "./validation";
export { crdApiVersion, crdKind, crdDocumentPath } from "./crd";
export { BlueGreen, BlueGreenArgs } from "./bluegreen";
export { RolloutTrack } from "./rollout";
export { Color } from "./enums";
export { Canary, CanaryArgs, GatewayRoute } from "./canary";
export { skipAwait, skipAwaitAnnotation } from "./skipAwait";
