// Autoscaling: HorizontalAutoscaler, VerticalAutoscaler and ScheduledScaler, for a Distribution or
// any scalable target. Builds on core/ only.
export { ScalingPolicyType, ScalingSelectPolicy, VpaControlledValues, VpaUpdateMode } from "./args";
export { HorizontalAutoscalerArgs, Autoscaling, ScalingBehavior, ScalingRules, ScalingPolicy, PodsMetric, ObjectMetric, ExternalMetric, MetricObjectReference } from "./args";
export { HorizontalAutoscaler } from "./horizontalAutoscaler";
export { VerticalAutoscalerArgs, VerticalAutoscaling } from "./args";
export { VerticalAutoscaler } from "./verticalAutoscaler";
export { ScheduledScalerArgs, Schedule } from "./args";
export { ScheduledScaler } from "./scheduledScaler";
