// The llamastack package: Pulumi components that run and scale LlamaStack on Kubernetes.
export { LlamaStackOperator, LlamaStackOperatorArgs } from "./operator";
export { Distribution } from "./distribution";
export {
    DistributionArgs,
    DisruptionBudgetArgs,
    GpuArgs,
    ResourcesArgs,
    ServiceArgs,
    SpotArgs,
    TolerationArgs,
} from "./distributionArgs";
export { ServiceType, SessionAffinity, TaintEffect, TolerationOperator } from "./enums";
export { NodePool } from "./nodepool";
export { DevicePluginArgs, NodeClassRefArgs, NodeDisruptionArgs, NodeDisruptionBudgetArgs, NodePoolArgs, NodePoolGpuArgs, NodePoolLimitsArgs, NodeRequirementArgs, TaintArgs, Toleration } from "./nodepoolArgs";
export { CapacityType, ConsolidationPolicy, PodSecurityLevel, RequirementOperator } from "./enums";
export { LlamaStackNamespace, LlamaStackNamespaceArgs, LimitRangeArgs, ResourceQuotaArgs } from "./namespace";
export { ScalingPolicyType, ScalingSelectPolicy, VpaControlledValues, VpaUpdateMode } from "./enums";
export { HorizontalAutoscaler, HorizontalAutoscalerArgs, AutoscalingArgs, ScalingBehaviorArgs, ScalingRulesArgs, ScalingPolicyArgs, PodsMetricArgs, ObjectMetricArgs, ExternalMetricArgs, MetricObjectReferenceArgs } from "./hpa";
export { VerticalAutoscaler, VerticalAutoscalerArgs, VerticalAutoscalingArgs } from "./vpa";
export { ScheduledScaler, ScheduledScalerArgs, ScheduleArgs } from "./schedules";
export { ValidationError } from "./validation";
export { crdApiVersion, crdKind, crdDocumentPath } from "./crd";
export { BlueGreen, BlueGreenArgs } from "./bluegreen";
export { RolloutTrackArgs } from "./rollout";
export { Color } from "./enums";
export { Canary, CanaryArgs, GatewayRouteArgs } from "./canary";
