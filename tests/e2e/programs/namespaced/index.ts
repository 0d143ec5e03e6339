// LlamaStackOperator whose controller serves one namespace (controller.namespaces), for
// tests/e2e/namespacedOperator.e2e.ts. The CRD is the test's; the served namespaces exist already.
import * as llamastack from "llamastack";

const operator = new llamastack.LlamaStackOperator("nsop", {
    installCrd: false,
    controller: {
        namespace: "llsd-op-system",
        namespaces: ["llsd-op-served", "llsd-op-system"],
        // kwok runs no containers: the controller's pod never becomes available here.
        skipAwait: true,
    },
});
export const controllerNamespace = operator.controllerNamespace;
