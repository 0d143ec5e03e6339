import { strict as assert } from "assert";
import { checkCaBundle, checkTls, isCertificateDnsName, parseGoDuration } from "../../../src/distribution/tls";
import { buildCaCertificateSpec, buildServingCertificateSpec, serviceDnsNames, tlsSpec } from "../../../src/distribution/tlsResources";
import { Problems } from "../../../src/core/validation";

function problemsOf(tls: unknown, caBundle?: unknown, serviceEnabled = true): readonly string[] {
    const problems = new Problems('Distribution "llama"');
    checkTls(problems, tls as any, serviceEnabled);
    checkCaBundle(problems, caBundle as any);
    return problems.list;
}

describe("tls arguments", () => {
    it("takes exactly one certificate source", () => {
        assert.deepEqual(problemsOf({ selfSigned: true }), []);
        assert.deepEqual(problemsOf({ issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" } }), []);
        assert.deepEqual(problemsOf({ secretName: "my-cert", certificateName: "my-cert" }), []);
        assert.deepEqual(problemsOf({ issuerRef: { name: "ca" }, selfSigned: true }), [
            "tls.issuerRef and tls.selfSigned must not be set together: give one of issuerRef (your issuer), selfSigned (a CA of the distribution's own) and secretName (a Secret you keep)",
        ]);
        assert.deepEqual(problemsOf({}), ["tls needs a certificate: set tls.issuerRef to an Issuer or ClusterIssuer, tls.selfSigned to true, or tls.secretName to a TLS Secret"]);
        assert.deepEqual(problemsOf({ selfSigned: false }), ["tls needs a certificate: set tls.issuerRef to an Issuer or ClusterIssuer, tls.selfSigned to true, or tls.secretName to a TLS Secret"]);
        assert.deepEqual(problemsOf(null), ["tls null must be { issuerRef }, { selfSigned: true } or { secretName }"]);
    });

    it("names the field and the rule for bad issuers, names and durations", () => {
        assert.deepEqual(problemsOf({ issuerRef: { name: "ca", kind: "Vault" } }), ['tls.issuerRef.kind "Vault" must be one of Issuer, ClusterIssuer']);
        assert.deepEqual(problemsOf({ issuerRef: { name: "Bad_Name" } }), ['tls.issuerRef.name "Bad_Name" must be an issuer\'s name (a DNS-1123 subdomain)']);
        assert.deepEqual(problemsOf({ issuerRef: { name: "ca", group: "awspca" } }), ['tls.issuerRef.group "awspca" must be an API group such as cert-manager.io']);
        assert.deepEqual(problemsOf({ selfSigned: true, dnsNames: ["llama.example.com", "*.example.com", "Llama.example.com", "*.com", "a..b", "x".repeat(254)] }), [
            'tls.dnsNames[2] "Llama.example.com" must be a DNS name in lower case, such as llama.example.com or *.example.com',
            'tls.dnsNames[3] "*.com" must be a DNS name in lower case, such as llama.example.com or *.example.com',
            'tls.dnsNames[4] "a..b" must be a DNS name in lower case, such as llama.example.com or *.example.com',
            `tls.dnsNames[5] "${"x".repeat(254)}" must be a DNS name in lower case, such as llama.example.com or *.example.com`,
        ]);
        assert.deepEqual(problemsOf({ selfSigned: true, duration: "30m" }), ['tls.duration "30m" must be a duration of at least 1h, such as "2160h"']);
        assert.deepEqual(problemsOf({ selfSigned: true, duration: "90d" }), ['tls.duration "90d" must be a duration of at least 1h, such as "2160h"']);
        assert.deepEqual(problemsOf({ selfSigned: true, duration: "24h" }), ['tls.renewBefore "720h" must be shorter than tls.duration "24h", or the certificate is renewed all the time']);
        assert.deepEqual(problemsOf({ selfSigned: true, duration: "24h", renewBefore: "8h" }), []);
        assert.deepEqual(problemsOf({ selfSigned: true, renewBefore: "-1h" }), ['tls.renewBefore "-1h" must be a positive duration such as "720h"']);
    });

    it("refuses TLS for a certificate made here without a Service, and issuance fields on a Secret of the user's", () => {
        assert.deepEqual(problemsOf({ selfSigned: true }, undefined, false), [
            "tls needs the Service (service.enabled is false): the certificate is issued for the Service's DNS names; give tls.secretName to serve a certificate of your own",
        ]);
        assert.deepEqual(problemsOf({ secretName: "mine" }, undefined, false), []);
        assert.deepEqual(problemsOf({ secretName: "mine", dnsNames: ["a.example.com"], duration: "24h" }), [
            "tls.dnsNames applies to a certificate made here (issuerRef or selfSigned), not to tls.secretName",
            "tls.duration applies to a certificate made here (issuerRef or selfSigned), not to tls.secretName",
        ]);
        assert.deepEqual(problemsOf({ selfSigned: true, certificateName: "other" }), ["tls.certificateName goes with tls.secretName: a certificate made here is followed already"]);
    });

    it("checks the CA bundle's ConfigMap and key", () => {
        assert.deepEqual(problemsOf(undefined, { configMapName: "corp-ca" }), []);
        assert.deepEqual(problemsOf(undefined, { configMapName: "Corp CA", key: "a/b" }), [
            'caBundle.configMapName "Corp CA" must be a ConfigMap name (a DNS-1123 subdomain)',
            'caBundle.key "a/b" must be a ConfigMap key (letters, digits, \'-\', \'_\' or \'.\')',
        ]);
        assert.deepEqual(problemsOf(undefined, "corp-ca"), ['caBundle "corp-ca" must be { configMapName, key? }']);
    });

    it("reads Go durations as cert-manager does", () => {
        assert.equal(parseGoDuration("2160h"), 2160 * 3600);
        assert.equal(parseGoDuration("1h30m"), 5400);
        assert.equal(parseGoDuration("1.5h"), 5400);
        assert.equal(parseGoDuration("90s"), 90);
        for (const bad of ["", "h", "1", "1d", "1h1", "..h", "1.2.3h", "1 h", "1h ", "-1h"]) {
            assert.equal(parseGoDuration(bad), undefined, bad);
        }
        assert.equal(parseGoDuration("1".repeat(100_000) + "x"), undefined, "longer than any duration");
    });

    it("takes wildcards only over a domain of two labels or more", () => {
        assert.equal(isCertificateDnsName("*.llama.example.com"), true);
        assert.equal(isCertificateDnsName("*.example.com"), true);
        assert.equal(isCertificateDnsName("*.com"), false);
        assert.equal(isCertificateDnsName("a.*.com"), false);
        assert.equal(isCertificateDnsName(7), false);
    });
});

describe("tls cert-manager objects", () => {
    it("names the Service the ways a client in the cluster resolves it, then the user's names, once each", () => {
        assert.deepEqual(serviceDnsNames("llama", "ai", ["llama.example.com", "llama.ai"]), ["llama", "llama.ai", "llama.ai.svc", "llama.ai.svc.cluster.local", "llama.example.com"]);
    });

    it("issues the serving certificate from the user's issuer, or from the distribution's own CA", () => {
        const spec = buildServingCertificateSpec("llama", { issuerRef: { name: "letsencrypt", kind: "ClusterIssuer" } }, ["llama.ai.svc"], { app: "llama" });
        assert.deepEqual(spec, {
            secretName: "llama-tls",
            secretTemplate: { labels: { app: "llama" } },
            dnsNames: ["llama.ai.svc"],
            duration: "2160h",
            renewBefore: "720h",
            privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            usages: ["server auth", "digital signature"],
            issuerRef: { name: "letsencrypt", kind: "ClusterIssuer", group: "cert-manager.io" },
        });
        const own = buildServingCertificateSpec("llama", { selfSigned: true, duration: "48h", renewBefore: "24h" }, ["llama"], {});
        assert.deepEqual(own.issuerRef, { name: "llama-ca", kind: "Issuer", group: "cert-manager.io" });
        assert.equal(own.duration, "48h");
        assert.equal(own.renewBefore, "24h");
        const ca = buildCaCertificateSpec("llama", {});
        assert.equal(ca.isCA, true);
        assert.equal(ca.secretName, "llama-ca");
        assert.deepEqual(ca.issuerRef, { name: "llama-selfsigned", kind: "Issuer", group: "cert-manager.io" });
    });

    it("tells the controller which Secret to serve and which Certificate to follow", () => {
        assert.deepEqual(tlsSpec("llama", { selfSigned: true }), { secretName: "llama-tls", certificateName: "llama-tls" });
        assert.deepEqual(tlsSpec("llama", { secretName: "mine" }), { secretName: "mine" });
        assert.deepEqual(tlsSpec("llama", { secretName: "mine", certificateName: "mine-cert" }), { secretName: "mine", certificateName: "mine-cert" });
    });
});
