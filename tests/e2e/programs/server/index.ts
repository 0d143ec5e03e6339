// A distribution configured the way real LlamaStack deployments are, for tests/e2e/server.e2e.ts:
// a run configuration (config `runConfigComment` changes its text), a provider key from a Secret,
// one claim that outlives pods (bound to a PersistentVolume made here, since the local cluster has
// no provisioner), a NetworkPolicy, and a longer grace period.
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import * as llamastack from "llamastack";

const config = new pulumi.Config();
const operator = new llamastack.LlamaStackOperator("llamastack");

// A stand-in key: the test checks that its value reaches neither the custom resource nor the state.
const keys = new k8s.core.v1.Secret("llm-keys", { metadata: { name: "llm-keys" }, stringData: { together: config.require("secretValue") } });
const volume = new k8s.core.v1.PersistentVolume("served-pv", {
    metadata: { name: "served-pv" },
    spec: {
        capacity: { storage: "1Gi" },
        accessModes: ["ReadWriteOnce"],
        storageClassName: "manual",
        persistentVolumeReclaimPolicy: "Retain",
        hostPath: { path: "/var/lib/llamastack-e2e" },
    },
});

const served = new llamastack.Distribution(
    "served",
    {
        distribution: "ollama",
        runConfig: `version: '2'\nimage_name: served\napis: []\nproviders: {}\n# ${config.require("runConfigComment")}\n`,
        secretEnv: { TOGETHER_API_KEY: { secretName: "llm-keys", key: "together" } },
        storage: { persistent: true, size: "1Gi", storageClassName: "manual" },
        terminationGracePeriodSeconds: 60,
        preStopSleepSeconds: 5,
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } },
        service: { type: "ClusterIP", port: 80 },
        networkPolicy: { allowedFromNamespaces: ["default"], allowedFromPods: { role: "agent" } },
    },
    { dependsOn: [operator, keys, volume] },
);

export const runConfigMapName = served.runConfigMapName;
export const serviceURL = served.serviceURL;
