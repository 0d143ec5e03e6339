// HTTPS from cert-manager on the local cluster (issue 18), with every part real but the containers:
// the package's Certificates and Issuers pass cert-manager's own CRDs, cert-manager's own controllers
// issue them, the package's controller mounts the Secret and rolls the pods onto a renewed
// certificate, and a real llama-stack server started from the Deployment's container and the issued
// Secret serves HTTPS that a client trusting the distribution's CA accepts for the Service's name.
// kwok runs no containers: pods are simulated, the server runs as a process (llamaServer.ts).
import { strict as assert } from "assert";
import { X509Certificate } from "crypto";
import * as path from "path";
import { isReady, tlsSecretData } from "./certificates";
import { eventually, freshStack, kubectlJson, repoRoot, run } from "./run";
import { installServer, startLlamaServer } from "./llamaServer";

const cwd = path.join(repoRoot, "tests", "e2e", "programs", "tls");
const waitMs = 120_000;

/** A TLS Secret's data as text (PEM), as the server and the client take it. */
function secretData(name: string): Record<string, string> {
    return Object.fromEntries(Object.entries(tlsSecretData(name)).map(([key, value]) => [key, value.toString("utf8")]));
}

function templateRevision(deployment: string): string | undefined {
    return kubectlJson(["get", "deployment", deployment]).spec.template.metadata.annotations?.["llamastack.io/tls-revision"];
}

function certificateRevision(name: string): string | undefined {
    const revision = kubectlJson(["get", "certificate", name]).status?.revision;
    return revision === undefined ? undefined : String(revision);
}

describe("HTTPS from cert-manager on the local cluster", function () {
    this.timeout(15 * 60 * 1000);
    const pulumi = freshStack(cwd, "tls");

    before(async () => {
        pulumi("up", "--yes", "--skip-preview");
        for (const certificate of ["secure-ca", "secure-tls", "issued-tls", "bg-tls"]) {
            // Ready and status.revision come from two of cert-manager's controllers: wait for both.
            await eventually(`Certificate ${certificate} Ready, with a revision`, () => isReady("certificate", certificate) && certificateRevision(certificate) !== undefined, waitMs, 1000);
        }
    });

    it("issues the distribution's own CA chain and a certificate for its Service's names, signed by that CA", () => {
        assert.ok(isReady("issuer", "secure-selfsigned") && isReady("issuer", "secure-ca"));
        const secret = secretData("secure-tls");
        const cert = new X509Certificate(secret["tls.crt"]);
        const ca = new X509Certificate(secretData("secure-ca")["tls.crt"]);
        assert.equal(
            cert.subjectAltName,
            "DNS:secure, DNS:secure.default, DNS:secure.default.svc, DNS:secure.default.svc.cluster.local, DNS:llama.example.com",
        );
        assert.ok(cert.verify(ca.publicKey), "signed by the distribution's CA");
        assert.ok(ca.ca, "the CA certificate is a CA");
        assert.equal(cert.publicKey.asymmetricKeyType, "ec");
        const lifetimeHours = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 3_600_000;
        assert.ok(Math.abs(lifetimeHours - 2160) < 1, `valid ${lifetimeHours} h`);
    });

    it("signs with an existing issuer when given issuerRef, and one certificate serves both colours of a rollout", () => {
        const issued = new X509Certificate(secretData("issued-tls")["tls.crt"]);
        assert.ok(issued.verify(new X509Certificate(secretData("secure-ca")["tls.crt"]).publicKey), "signed by the Issuer it names");
        assert.match(issued.subjectAltName ?? "", /DNS:issued\.default\.svc\b/);
        const bg = new X509Certificate(secretData("bg-tls")["tls.crt"]);
        assert.match(bg.subjectAltName ?? "", /DNS:bg\.default\.svc\b/);
        for (const color of ["blue", "green"]) {
            assert.deepEqual(kubectlJson(["get", "llamastackdistribution", `bg-${color}`]).spec.tls, { secretName: "bg-tls", certificateName: "bg-tls" });
        }
        assert.equal(kubectlJson(["get", "service", "bg"]).spec.ports[0].name, "https");
    });

    it("mounts the Secret, probes over HTTPS and reports an https URL", async () => {
        await eventually("the controller to put the Certificate's revision on the pods", () => templateRevision("secure") === certificateRevision("secure-tls"), waitMs, 2000);
        const pod = kubectlJson(["get", "deployment", "secure"]).spec.template.spec;
        const container = pod.containers[0];
        assert.deepEqual(pod.volumes.find((v: any) => v.name === "tls").secret, {
            secretName: "secure-tls",
            items: [{ key: "tls.crt", path: "tls.crt" }, { key: "tls.key", path: "tls.key" }],
            defaultMode: 0o440,
        });
        assert.deepEqual(container.readinessProbe.httpGet, { path: "/v1/health", port: "https", scheme: "HTTPS" });
        await eventually("status.serviceURL", () => kubectlJson(["get", "llamastackdistribution", "secure"]).status?.serviceURL === "https://secure.default.svc:443", waitMs, 1000);
        assert.equal(pulumi("stack", "output", "secureURL").trim(), "https://secure.default.svc:443");
        await eventually("the pods Running (simulated by kwok)", () => kubectlJson(["get", "pods", "-l", "app=secure"]).items.some((p: any) => p.status.phase === "Running"), waitMs, 1000);
    });

    it("a real server from that container and that Secret serves HTTPS a client trusting the CA accepts for the Service's name", async () => {
        const container = kubectlJson(["get", "deployment", "secure"]).spec.template.spec.containers[0];
        const secret = secretData("secure-tls");
        const port = 23000 + Math.floor(Math.random() * 1000);
        // The server listens where the test says; everything else is the Deployment's container.
        container.env = (container.env ?? []).map((e: any) => (e.name === "LLAMA_STACK_PORT" ? { ...e, value: String(port) } : e));
        const server = await startLlamaServer({
            runConfig: kubectlJson(["get", "configmap", kubectlJson(["get", "llamastackdistribution", "secure"]).spec.runConfig.configMapName]).data["run.yaml"],
            port,
            python: installServer(),
            container,
            tls: { cert: secret["tls.crt"], key: secret["tls.key"], ca: secretData("secure-ca")["tls.crt"], servername: "secure.default.svc" },
        });
        try {
            assert.ok(server.argv.includes("--tls-certfile"), server.argv.join(" "));
            // startLlamaServer only returns once /v1/health answered 200 over HTTPS with the name checked.
            assert.ok(server.url.startsWith("https://"));
        } finally {
            assert.equal((await server.stop()).killed, false);
        }
    });

    it("rolls the pods onto a renewed certificate, and only then", async () => {
        const before = certificateRevision("secure-tls");
        const generation = kubectlJson(["get", "deployment", "secure"]).metadata.generation;
        const oldSerial = new X509Certificate(secretData("secure-tls")["tls.crt"]).serialNumber;
        // Renewal: cert-manager issues again when its Secret is gone (as it does ahead of expiry).
        run("kubectl", ["delete", "secret", "secure-tls"]);
        await eventually("cert-manager to issue again", () => certificateRevision("secure-tls") !== before && isReady("certificate", "secure-tls"), waitMs, 1000);
        const after = certificateRevision("secure-tls");
        assert.equal(Number(after), Number(before) + 1);
        assert.notEqual(new X509Certificate(secretData("secure-tls")["tls.crt"]).serialNumber, oldSerial);
        const issuedAt = Date.now();
        await eventually("the controller to roll the pods onto it", () => templateRevision("secure") === after, waitMs, 500);
        // Measured, not asserted: the Certificate watch wakes the controller (without it, up to a minute).
        console.log(`      (the pod template carried the new revision ${((Date.now() - issuedAt) / 1000).toFixed(1)} s after cert-manager re-issued)`);
        assert.ok(kubectlJson(["get", "deployment", "secure"]).metadata.generation > generation);
        // The other distribution's pods stay as they were.
        assert.equal(templateRevision("issued"), certificateRevision("issued-tls"));
    });

    it("a changed DNS name is a new certificate through pulumi up, and a new roll", async () => {
        const before = certificateRevision("secure-tls");
        pulumi("config", "set", "extraName", "llama.internal.example.com");
        pulumi("up", "--yes", "--skip-preview");
        await eventually("the new name in the certificate", () => (new X509Certificate(secretData("secure-tls")["tls.crt"]).subjectAltName ?? "").includes("DNS:llama.internal.example.com"), waitMs, 1000);
        await eventually("revision and roll", () => certificateRevision("secure-tls") !== before && templateRevision("secure") === certificateRevision("secure-tls"), waitMs, 2000);
    });
});
