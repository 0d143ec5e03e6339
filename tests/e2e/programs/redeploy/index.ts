// A distribution with an HPA (min 2, max from config `maxReplicas`), for tests/e2e/redeploy.e2e.ts:
// what a later `pulumi up` does to HPA bounds a schedule has changed.
import * as pulumi from "@pulumi/pulumi";
import * as llamastack from "llamastack";

pulumi.runtime.registerResourceTransform(llamastack.skipAwait);
const config = new pulumi.Config();
const operator = new llamastack.LlamaStackOperator("llamastack", { controller: { enabled: false } });
new llamastack.Distribution(
    "redeploy-llamastack",
    {
        image: "llamastack/distribution-ollama:0.2.0",
        service: { type: "ClusterIP" },
        autoscaling: { minReplicas: 2, maxReplicas: config.requireNumber("maxReplicas"), targetCPUUtilization: 70 },
    },
    { dependsOn: [operator] },
);
