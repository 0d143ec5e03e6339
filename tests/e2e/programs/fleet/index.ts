// Every rollout and autoscaling component against a real API server. Config `active` and
// `canaryPercent` let the test switch colours and move the canary with `pulumi up`.
import * as pulumi from "@pulumi/pulumi";
import * as llamastack from "llamastack";

const config = new pulumi.Config();
// The test cluster runs no pods: do not wait for Service endpoints.
pulumi.runtime.registerResourceTransform(llamastack.skipAwait);
const operator = new llamastack.LlamaStackOperator("llamastack");
const after = { dependsOn: [operator] };
// Requests and limits on every track: the policy pack requires them (and 2x at most).
const resources = { requests: { cpu: "1", memory: "2Gi" }, limits: { cpu: "2", memory: "4Gi" } };

// The guide's HPA (2..10, cpu 70%, memory 80%), its 6 PM scale-down and the morning scale-up.
const autoscaled = new llamastack.Distribution(
    "my-llamastack",
    {
        image: "llamastack/distribution-ollama:0.2.0",
        resources,
        autoscaling: { minReplicas: 2, maxReplicas: 10, targetCPUUtilization: 70, targetMemoryUtilization: 80 },
        schedules: [
            { name: "evening", schedule: "0 18 * * *", timeZone: "Europe/Berlin", minReplicas: 1, maxReplicas: 2 },
            { name: "morning", schedule: "0 8 * * 1-5", timeZone: "Europe/Berlin", minReplicas: 2, maxReplicas: 10 },
        ],
    },
    after,
);

const blueGreen = new llamastack.BlueGreen(
    "llamastack",
    {
        blue: { image: "llamastack/llamastack:v1.0", replicas: 3, resources },
        green: { image: "llamastack/llamastack:v1.1", replicas: 3, resources },
        active: (config.get("active") ?? "blue") as llamastack.Color,
    },
    after,
);

const canary = new llamastack.Canary(
    "chat",
    {
        replicas: 10,
        canaryPercent: config.getNumber("canaryPercent") ?? 10,
        stable: { image: "llamastack/llamastack:v1.0", resources },
        canary: { image: "llamastack/llamastack:v1.1", resources },
    },
    after,
);

// The same split applied to HPA bounds: each track gets its own HPA (2..10 overall).
const scaledCanary = new llamastack.Canary(
    "scaled",
    {
        autoscaling: { minReplicas: 2, maxReplicas: 10, targetCPUUtilization: 70 },
        canaryPercent: config.getNumber("canaryPercent") ?? 10,
        stable: { image: "llamastack/llamastack:v1.0", resources },
        canary: { image: "llamastack/llamastack:v1.1", resources },
    },
    after,
);

export const hpaName = autoscaled.hpaName;
export const cronJobNames = autoscaled.cronJobNames;
export const activeColor = blueGreen.activeColor;
export const blueGreenService = blueGreen.serviceName;
export const canaryReplicas = canary.canaryReplicas;
export const stableReplicas = canary.stableReplicas;
export const scaledCanaryReplicas = scaledCanary.canaryReplicas;
