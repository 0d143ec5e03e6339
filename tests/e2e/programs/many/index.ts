// `count` distributions behind one operator: enough objects that an `up` can be interrupted
// half-way by stopping the API server.
import * as pulumi from "@pulumi/pulumi";
import * as llamastack from "llamastack";

pulumi.runtime.registerResourceTransform(llamastack.skipAwait);
const config = new pulumi.Config();
const count = config.getNumber("count") ?? 20;
const operator = new llamastack.LlamaStackOperator("llamastack", { controller: { enabled: false } });

export const names = Array.from({ length: count }, (_, i) => {
    const distribution = new llamastack.Distribution(
        `fleet-${i}`,
        {
            image: "llamastack/distribution-ollama:0.2.0",
            replicas: 2,
            resources: { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } },
        },
        { dependsOn: [operator] },
    );
    return distribution.name;
});
