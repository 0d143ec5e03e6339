// HTTPS from cert-manager on Distribution, BlueGreen and Canary, and cert-manager with the operator (issue 18).
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { find, has, recorded, rejects, settle, valueOf } from "../mocks";
import { BlueGreen, Canary, Distribution, LlamaStackOperator } from "../../../src";

const CR = "kubernetes:llamastack.io/v1alpha1:LlamaStackDistribution";
const SERVICE = "kubernetes:core/v1:Service";
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";
const ISSUER = "kubernetes:cert-manager.io/v1:Issuer";

async function make(name: string, args: ConstructorParameters<typeof Distribution>[1]) {
    const d = new Distribution(name, args);
    await valueOf(pulumi.all([d.urn, d.name, d.serviceName, d.serviceURL]));
    await settle();
    return d;
}

describe("Distribution tls", () => {
    it("bootstraps its own CA, issues a certificate for the Service's names and serves it over an https port", async () => {
        const d = await make("secure", { image: "img:1", namespace: "ai", tls: { selfSigned: true, dnsNames: ["llama.example.com"] } });
        assert.deepEqual(find(ISSUER, "secure-selfsigned").inputs.spec, { selfSigned: {} });
        const ca = find(CERTIFICATE, "secure-ca-certificate").inputs;
        assert.equal(ca.metadata.name, "secure-ca");
        assert.equal(ca.metadata.namespace, "ai");
        assert.equal(ca.spec.isCA, true);
        assert.deepEqual(find(ISSUER, "secure-ca-issuer").inputs.spec, { ca: { secretName: "secure-ca" } });
        const serving = find(CERTIFICATE, "secure-tls-certificate").inputs;
        assert.equal(serving.metadata.name, "secure-tls");
        assert.deepEqual(serving.spec.dnsNames, ["secure", "secure.ai", "secure.ai.svc", "secure.ai.svc.cluster.local", "llama.example.com"]);
        assert.deepEqual(serving.spec.issuerRef, { name: "secure-ca", kind: "Issuer", group: "cert-manager.io" });
        assert.equal(serving.spec.secretName, "secure-tls");

        assert.deepEqual(find(CR, "secure").inputs.spec.tls, { secretName: "secure-tls", certificateName: "secure-tls" });
        assert.deepEqual(find(SERVICE, "secure-service").inputs.spec.ports, [{ name: "https", port: 8080, targetPort: 8321, protocol: "TCP" }]);
        assert.equal(await valueOf(d.serviceURL), "https://secure.ai.svc:8080");
    });

    it("signs with the user's issuer (one Certificate, no CA of its own) for a renamed Service", async () => {
        await make("issued", { image: "img:1", namespace: "ai", service: { name: "llm", port: 443 }, tls: { issuerRef: { name: "corp", kind: "ClusterIssuer" } } });
        assert.equal(has(ISSUER, "issued-selfsigned"), false);
        assert.equal(has(CERTIFICATE, "issued-ca-certificate"), false);
        const serving = find(CERTIFICATE, "issued-tls-certificate").inputs.spec;
        assert.deepEqual(serving.dnsNames, ["llm", "llm.ai", "llm.ai.svc", "llm.ai.svc.cluster.local"]);
        assert.deepEqual(serving.issuerRef, { name: "corp", kind: "ClusterIssuer", group: "cert-manager.io" });
    });

    it("serves a Secret of the user's without making any cert-manager object, and trusts a CA bundle", async () => {
        await make("own", { image: "img:1", tls: { secretName: "my-cert", certificateName: "my-cert" }, caBundle: { configMapName: "corp-ca" } });
        assert.equal(recorded.some((r) => r.type.startsWith("kubernetes:cert-manager.io/") && r.name.startsWith("own-")), false);
        const spec = find(CR, "own").inputs.spec;
        assert.deepEqual(spec.tls, { secretName: "my-cert", certificateName: "my-cert" });
        assert.deepEqual(spec.caBundle, { configMapName: "corp-ca" });
    });

    it("keeps plain HTTP without tls", async () => {
        const d = await make("plain", { image: "img:1", namespace: "ai" });
        assert.equal(find(CR, "plain").inputs.spec.tls, undefined);
        assert.equal(find(SERVICE, "plain-service").inputs.spec.ports[0].name, "http");
        assert.equal(await valueOf(d.serviceURL), "http://plain.ai.svc:8080");
    });

    it("refuses bad tls before any child exists, naming the component and the field", () => {
        rejects(() => new Distribution("tls-bad-kind", { image: "img:1", tls: { issuerRef: { name: "corp", kind: "Vault" as any } } }), 'Distribution "tls-bad-kind": tls.issuerRef.kind "Vault" must be one of Issuer, ClusterIssuer');
        rejects(
            () => new Distribution("tls-bad-no-svc", { image: "img:1", service: { enabled: false }, tls: { selfSigned: true } }),
            "Distribution \"tls-bad-no-svc\": tls needs the Service (service.enabled is false): the certificate is issued for the Service's DNS names; give tls.secretName to serve a certificate of your own",
        );
        rejects(
            () => new Distribution("tls-bad-both", { image: "img:1", tls: { selfSigned: true, issuerRef: { name: "corp" } } }),
            "Distribution \"tls-bad-both\": tls.issuerRef and tls.selfSigned must not be set together: give one of issuerRef (your issuer), selfSigned (a CA of the distribution's own) and secretName (a Secret you keep)",
        );
        rejects(
            () => new Distribution("tls-bad-dns", { image: "img:1", tls: { selfSigned: true, dnsNames: ["bad name"] } }),
            'Distribution "tls-bad-dns": tls.dnsNames[0] "bad name" must be a DNS name in lower case, such as llama.example.com or *.example.com',
        );
        assert.equal(recorded.some((r) => !r.type.startsWith("llamastack:") && r.name.startsWith("tls-bad-")), false);
    });
});

describe("BlueGreen and Canary tls", () => {
    it("BlueGreen: one certificate for the one Service, served by both colours", async () => {
        const rollout = new BlueGreen("bg", { namespace: "ai", active: "blue", blue: { image: "img:1" }, green: { image: "img:2" }, tls: { selfSigned: true } });
        await valueOf(pulumi.all([rollout.urn, rollout.serviceName]));
        await settle();
        assert.deepEqual(find(CERTIFICATE, "bg-tls-certificate").inputs.spec.dnsNames, ["bg", "bg.ai", "bg.ai.svc", "bg.ai.svc.cluster.local"]);
        for (const color of ["blue", "green"]) {
            assert.deepEqual(find(CR, `bg-${color}`).inputs.spec.tls, { secretName: "bg-tls", certificateName: "bg-tls" });
            assert.equal(has(CERTIFICATE, `bg-${color}-tls-certificate`), false);
        }
        assert.equal(find(SERVICE, "bg-service").inputs.spec.ports[0].name, "https");
    });

    it("Canary: the certificate also names the route's per-track backends", async () => {
        const rollout = new Canary("cn", {
            namespace: "ai",
            replicas: 4,
            canaryPercent: 25,
            stable: { image: "img:1" },
            canary: { image: "img:2" },
            gatewayRoute: { gatewayName: "public" },
            tls: { issuerRef: { name: "corp", kind: "ClusterIssuer" } },
        });
        await valueOf(pulumi.all([rollout.urn, rollout.serviceName]));
        await settle();
        const names = find(CERTIFICATE, "cn-tls-certificate").inputs.spec.dnsNames;
        for (const name of ["cn.ai.svc", "cn-stable.ai.svc", "cn-canary.ai.svc"]) {
            assert.ok(names.includes(name), `${name} in ${names}`);
        }
        assert.deepEqual(find(CR, "cn-canary").inputs.spec.tls, { secretName: "cn-tls", certificateName: "cn-tls" });
        assert.equal(find(SERVICE, "cn-stable-service").inputs.spec.ports[0].name, "https");
    });

    it("refuses tls on a track: the rollout's Service has one certificate", () => {
        rejects(
            () => new BlueGreen("bg-bad", { active: "blue", blue: { image: "img:1", tls: { selfSigned: true } } as any, green: { image: "img:2" } }),
            "BlueGreen \"bg-bad\": blue.tls must not be set: the rollout's one Service has one certificate; set tls on the rollout",
        );
    });
});

describe("LlamaStackOperator certManager", () => {
    it("installs cert-manager with its CRDs through @pulumi/kubernetes-cert-manager, Secrets owned by their Certificates", async () => {
        const operator = new LlamaStackOperator("ops-cm", { certManager: { namespace: "certs", version: "v1.19.1" } });
        await valueOf(pulumi.all([operator.urn, operator.crdName]));
        await settle();
        const install = find("kubernetes-cert-manager:index:CertManager", "ops-cm-cert-manager").inputs;
        assert.equal(install.installCRDs, true);
        assert.deepEqual(install.extraArgs, ["--enable-certificate-owner-ref=true"]);
        assert.deepEqual(install.helmOptions, { namespace: "certs", createNamespace: true, version: "v1.19.1" });
    });

    it("installs nothing by default, and refuses a bad namespace or version", async () => {
        const operator = new LlamaStackOperator("ops-none");
        await valueOf(pulumi.all([operator.urn, operator.crdName]));
        await settle();
        assert.equal(has("kubernetes-cert-manager:index:CertManager", "ops-none-cert-manager"), false);
        rejects(
            () => new LlamaStackOperator("ops-bad", { certManager: { namespace: "Cert Manager", version: "latest" } }),
            'LlamaStackOperator "ops-bad": 2 problems:\n  - certManager.namespace "Cert Manager" must be a namespace name (a DNS-1123 label)\n  - certManager.version "latest" must be a chart version such as "v1.19.1"',
        );
    });
});
