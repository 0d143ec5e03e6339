// Reading cert-manager's objects and what they issue, for the end-to-end specs that use them
// (certManager.e2e.ts, tls.e2e.ts).
import { strict as assert } from "assert";
import { X509Certificate } from "crypto";
import { kubectlJson, run } from "./run";

/** The condition of that type in an object's status, if it has one. */
export function conditionOf(object: any, type: string): any {
    return (object?.status?.conditions ?? []).find((c: any) => c.type === type);
}

/** Whether the object exists and reports Ready=True (Issuers, Certificates). */
export function isReady(kind: string, name: string, namespace = "default"): boolean {
    const object = run("kubectl", ["get", kind, name, "-n", namespace, "-o", "json"]);
    return object.status === 0 && conditionOf(JSON.parse(object.stdout), "Ready")?.status === "True";
}

/** A TLS Secret's data, decoded: `tls.crt`, `tls.key` and, from a CA issuer, `ca.crt`. */
export function tlsSecretData(name: string, namespace = "default"): Record<string, Buffer> {
    const secret = kubectlJson(["get", "secret", name, "-n", namespace]);
    assert.equal(secret.type, "kubernetes.io/tls", `Secret ${name} is a TLS Secret`);
    return Object.fromEntries(Object.entries(secret.data as Record<string, string>).map(([key, value]) => [key, Buffer.from(value, "base64")]));
}

/** A certificate's DNS names, sorted. */
export function dnsNamesOf(certificate: X509Certificate): string[] {
    return (certificate.subjectAltName ?? "")
        .split(", ")
        .filter((name) => name.startsWith("DNS:"))
        .map((name) => name.slice(4))
        .sort();
}
