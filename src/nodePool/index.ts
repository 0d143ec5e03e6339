// NodePool: Karpenter capacity (GPU, spot) and the NVIDIA device plugin. Builds on core/ only.
export { NodePool } from "./nodePool";
export {
    CapacityType,
    ConsolidationPolicy,
    DevicePlugin,
    NodeClassRef,
    NodeDisruption,
    NodeDisruptionBudget,
    NodePoolArgs,
    NodePoolGpu,
    NodePoolLimits,
    NodeRequirement,
    PoolToleration,
    RequirementOperator,
    Taint,
} from "./args";
