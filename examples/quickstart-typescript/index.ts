// The quickstart with an HPA, in TypeScript. quickstart-python, quickstart-go and quickstart-yaml
// beside it create the same objects through the package's plugin (tests/e2e/multilang.e2e.sh
// compares them).
import * as pulumi from "@pulumi/pulumi";
import * as llamastack from "llamastack";

// Installs the CRD (with its scale subresource, which the HPA needs) and the controller.
// `pulumi config set skipAwait true` on a cluster that runs no pods (the tests' control plane).
const operator = new llamastack.LlamaStackOperator("llamastack", {
    controller: { skipAwait: new pulumi.Config().getBoolean("skipAwait") ?? false },
});

// The guide's distribution, 2x limits over requests, scaled by an HPA between 2 and 10 replicas
// at 70% CPU (the guide's "Horizontal Pod Autoscaler"); the HPA owns the replica count.
const distribution = new llamastack.Distribution(
    "my-llamastack",
    {
        image: "llamastack/distribution-ollama:0.2.0",
        resources: {
            requests: { cpu: "1", memory: "2Gi" },
            limits: { cpu: "2", memory: "4Gi" },
        },
        env: { INFERENCE_MODEL: "meta-llama/Llama-3.2-3B-Instruct" },
        autoscaling: { minReplicas: 2, maxReplicas: 10, targetCPUUtilization: 70 },
    },
    { dependsOn: [operator] },
);

export const distributionName = distribution.name;
export const serviceName = distribution.serviceName;
export const hpaName = distribution.hpaName;
export const selector = distribution.selector;
