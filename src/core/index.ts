// Core: what every concept builds on (validation, names, rules, quantities, labels, the CRD's
// identity). Imports no other folder of the package. Its public part:
export { TaintEffect, TolerationOperator } from "./enums";
export { ValidationError } from "./validation";
export { crdApiVersion, crdKind, crdDocumentPath } from "./crd";
export { skipAwait, skipAwaitAnnotation } from "./skipAwait";
