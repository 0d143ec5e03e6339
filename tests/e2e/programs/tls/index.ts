// HTTPS from cert-manager for tests/e2e/tls.e2e.ts: a distribution with a CA of its own (config
// `extraName` adds a DNS name), one signed by that CA's Issuer, and a blue-green rollout whose
// colours serve the one certificate of its Service.
import * as pulumi from "@pulumi/pulumi";
import * as llamastack from "llamastack";

const config = new pulumi.Config();
const operator = new llamastack.LlamaStackOperator("llamastack");
const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } };

const secure = new llamastack.Distribution(
    "secure",
    {
        distribution: "ollama",
        namespace: "default",
        resources,
        // The smallest run configuration: the test starts a real server from this distribution's container.
        runConfig: "version: '2'\nimage_name: secure\napis: []\nproviders: {}\n",
        service: { type: "ClusterIP", port: 443 },
        tls: { selfSigned: true, dnsNames: [config.get("extraName") ?? "llama.example.com"] },
    },
    { dependsOn: [operator] },
);

const issued = new llamastack.Distribution(
    "issued",
    { distribution: "ollama", namespace: "default", resources, service: { type: "ClusterIP" }, tls: { issuerRef: { name: "secure-ca" } } },
    { dependsOn: [operator, secure] },
);

const rollout = new llamastack.BlueGreen(
    "bg",
    {
        namespace: "default",
        active: "blue",
        blue: { distribution: "ollama", resources },
        green: { distribution: "ollama", resources },
        service: { type: "ClusterIP" },
        tls: { selfSigned: true },
    },
    { dependsOn: [operator] },
);

export const secureURL = secure.serviceURL;
export const issuedURL = issued.serviceURL;
export const rolloutService = rollout.serviceName;
