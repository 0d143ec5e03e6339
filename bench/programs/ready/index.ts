// `count` distributions of 2 replicas each in `namespace`, for bench/behaviour.sh: `pulumi up`
// returns once every one is serving (the package's readiness wait), on the local cluster where
// kwok runs the pods.
import * as pulumi from "@pulumi/pulumi";
import { Distribution } from "../../../src/distribution/distribution";

const config = new pulumi.Config();
const namespace = config.require("namespace");
for (let i = 0; i < config.requireNumber("count"); i++) {
    new Distribution(`ready-${i}`, {
        image: "llamastack/distribution-ollama:0.2.0",
        namespace,
        replicas: 2,
        resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { cpu: "40m", memory: "128Mi" } },
        service: { type: "ClusterIP" },
    });
}
