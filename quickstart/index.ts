// The quickstart: the LlamaStackDistribution CRD and one distribution, the way the guide's
// examples read. `npm run quickstart` deploys it to a local control plane (or to the cluster
// your kubeconfig points at); copy this file into your own Pulumi project to start.
import * as pulumi from "@pulumi/pulumi";
import * as llamastack from "llamastack";

const config = new pulumi.Config();
// The local cluster of `npm run quickstart` runs pods (kwok simulates them) but has no load
// balancer: `localCluster` stops `pulumi up` from waiting for a LoadBalancer address there, and
// only for that; it still waits until the distribution is serving. `skipAwait` waits for nothing.
if (config.getBoolean("skipAwait")) {
    pulumi.runtime.registerResourceTransform(llamastack.skipAwait);
} else if (config.getBoolean("localCluster")) {
    pulumi.runtime.registerResourceTransform((args) =>
        args.type === "kubernetes:core/v1:Service" ? llamastack.skipAwait(args) : undefined,
    );
}

// Installs the CRD (with its scale subresource) so the guide's kubectl commands work.
const operator = new llamastack.LlamaStackOperator("llamastack");

// The guide's distribution: two replicas of a pinned image, 2x limits over requests,
// behind a round-robin LoadBalancer Service on port 8080.
const distribution = new llamastack.Distribution(
    "my-llamastack",
    {
        image: "llamastack/distribution-ollama:0.2.0",
        replicas: 2,
        resources: {
            requests: { cpu: "1", memory: "2Gi" },
            limits: { cpu: "2", memory: "4Gi" },
        },
        env: { INFERENCE_MODEL: "meta-llama/Llama-3.2-3B-Instruct" },
    },
    { dependsOn: [operator] },
);

export const distributionName = distribution.name;
export const namespace = distribution.namespace;
export const serviceName = distribution.serviceName;
export const selector = distribution.selector;
