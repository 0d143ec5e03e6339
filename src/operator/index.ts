// LlamaStackOperator: the CRD and the controller's Deployment. Builds on core/ and distribution/.
export { LlamaStackOperatorArgs } from "./args";
export { LlamaStackOperator } from "./llamaStackOperator";
export { CertManagerInstall, Controller } from "./args";
