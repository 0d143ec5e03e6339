// LlamaStackNamespace: a namespace with Pod Security, quota and limit ranges. Builds on core/ only.
export { PodSecurityLevel } from "./args";
export { LlamaStackNamespaceArgs, LimitRange, ResourceQuota } from "./args";
export { LlamaStackNamespace } from "./llamaStackNamespace";
