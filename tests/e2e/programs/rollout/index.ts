// Rollouts on the local cluster, for tests/e2e/rollout.e2e.ts: a BlueGreen whose green colour can
// run only on nodes labelled llamastack.io/green-ready=true (so a test controls when it becomes
// Ready), and the guide's canary at 10% of 10 replicas.
//
// config `active`: the BlueGreen's active colour
import * as pulumi from "@pulumi/pulumi";
import * as llamastack from "llamastack";

const config = new pulumi.Config();
const operator = new llamastack.LlamaStackOperator("llamastack");
const small = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } };

const blueGreen = new llamastack.BlueGreen(
    "bg",
    {
        active: config.require("active") as "blue" | "green",
        blue: { image: "llamastack/distribution-ollama:0.2.0", replicas: 2, resources: small },
        green: {
            image: "llamastack/distribution-ollama:0.2.1",
            replicas: 2,
            resources: small,
            nodeSelector: { "llamastack.io/green-ready": "true" },
        },
        service: { type: "ClusterIP" },
    },
    { dependsOn: [operator] },
);

const canary = new llamastack.Canary(
    "canary",
    {
        replicas: 10,
        canaryPercent: 10,
        stable: { image: "llamastack/distribution-ollama:0.2.0", resources: small },
        canary: { image: "llamastack/distribution-ollama:0.2.1", resources: small },
        service: { type: "ClusterIP" },
    },
    { dependsOn: [operator] },
);

export const blueGreenService = blueGreen.serviceName;
export const canaryService = canary.serviceName;
