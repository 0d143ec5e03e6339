// The llamastack package: Pulumi components that run and scale LlamaStack on Kubernetes.
export { LlamaStackOperator, LlamaStackOperatorArgs } from "./operator";
export { ControllerArgs } from "./controller";
export { Distribution } from "./distribution";
export {
    DistributionArgs,
    DisruptionBudgetArgs,
    GpuArgs,
    ResourcesArgs,
    ServiceArgs,
    TolerationArgs,
} from "./distributionArgs";
export { ServiceType, SessionAffinity, TaintEffect, TolerationOperator } from "./enums";
export { ValidationError } from "./validation";
export { crdApiVersion, crdKind, crdDocumentPath } from "./crd";
