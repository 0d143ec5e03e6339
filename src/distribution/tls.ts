// HTTPS for a distribution's server, from a cert-manager Certificate, and the CA bundle the server
// trusts for its own outbound calls. The arguments and their checks; tlsResources.ts makes the
// cert-manager objects.
import * as pulumi from "@pulumi/pulumi";
import { isDataKey, isDns1123Subdomain } from "../core/names";
import { Problems, show } from "../core/validation";
import { defaultCertificateDuration, defaultCertificateRenewBefore } from "./defaults";

/** Which kind of cert-manager issuer signs the certificate. */
export const IssuerKind = {
    /** An Issuer in the distribution's namespace. */
    Issuer: "Issuer",
    /** A cluster-wide ClusterIssuer. */
    ClusterIssuer: "ClusterIssuer",
} as const;
export type IssuerKind = (typeof IssuerKind)[keyof typeof IssuerKind];

/** An existing cert-manager issuer. @see https://cert-manager.io/docs/concepts/issuer/ */
export interface IssuerRef {
    /** Name of the Issuer (in the distribution's namespace) or ClusterIssuer. */
    name: pulumi.Input<string>;
    /**
     * `Issuer` or `ClusterIssuer`. Defaults to "Issuer".
     * @default "Issuer"
     */
    kind?: pulumi.Input<IssuerKind>;
    /**
     * API group of the issuer: cert-manager's own, or an external issuer's (e.g.
     * `awspca.cert-manager.io`). Defaults to "cert-manager.io".
     * @default "cert-manager.io"
     */
    group?: pulumi.Input<string>;
}

/**
 * HTTPS for the server. With `issuerRef` or `selfSigned`: a cert-manager `Certificate` `<name>-tls`
 * for the Service's in-cluster DNS names (plus `dnsNames`), kept by cert-manager in the Secret
 * `<name>-tls`, which the server serves; pods roll onto each renewed certificate (the server reads
 * it only at start). Needs cert-manager in the cluster (`LlamaStackOperator.certManager` can
 * install it). With `secretName`: a TLS Secret you keep. Give exactly one of `issuerRef`,
 * `selfSigned` and `secretName`.
 */
export interface Tls {
    /** Sign with an existing Issuer or ClusterIssuer, e.g. your ACME or private-CA issuer. */
    issuerRef?: pulumi.Input<IssuerRef>;
    /**
     * Sign with a CA of the distribution's own, bootstrapped with cert-manager (a SelfSigned
     * Issuer, a CA Certificate `<name>-ca` and a CA Issuer `<name>-ca`). Clients trust it through
     * `ca.crt` in the Secret `<name>-ca`.
     */
    selfSigned?: boolean;
    /**
     * An existing Secret of type `kubernetes.io/tls` (keys `tls.crt`, `tls.key`) in the
     * distribution's namespace, instead of a Certificate made here. Pods roll on its renewal only
     * when `certificateName` names the cert-manager Certificate that keeps it.
     */
    secretName?: pulumi.Input<string>;
    /** With `secretName`: the cert-manager Certificate that keeps that Secret, followed for renewals. */
    certificateName?: pulumi.Input<string>;
    /** More DNS names for the certificate, e.g. the load balancer's public name (`*.` allowed first). */
    dnsNames?: pulumi.Input<pulumi.Input<string>[]>;
    /**
     * How long each certificate is valid, as a Go duration (at least 1h). Defaults to "2160h" (90 days).
     * @default "2160h"
     */
    duration?: pulumi.Input<string>;
    /**
     * How long before expiry cert-manager renews it (less than `duration`). Defaults to "720h" (30 days).
     * @default "720h"
     */
    renewBefore?: pulumi.Input<string>;
}

/**
 * CA certificates the server trusts for outbound TLS, e.g. an inference provider behind a private
 * CA: a ConfigMap key (PEM) mounted read-only, named by `SSL_CERT_FILE` and `REQUESTS_CA_BUNDLE`.
 * It replaces the default trust store: include public roots when the server also calls public
 * providers (trust-manager's bundles can).
 */
export interface CaBundle {
    /** ConfigMap in the distribution's namespace. */
    configMapName: pulumi.Input<string>;
    /**
     * The key holding the PEM certificates. Defaults to "ca.crt".
     * @default "ca.crt"
     */
    key?: pulumi.Input<string>;
}

const issuerKinds: readonly string[] = Object.values(IssuerKind);
const goDurationUnits: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1, ms: 1e-3, us: 1e-6, "µs": 1e-6, ns: 1e-9 };

/**
 * Seconds in a Go duration such as "2160h" or "1h30m", or undefined when it is not one (or is
 * negative). Read by hand, one character at a time: no regular expression to backtrack.
 */
export function parseGoDuration(text: string): number | undefined {
    if (typeof text !== "string" || text.length === 0 || text.length > 64) {
        return undefined;
    }
    let seconds = 0;
    let i = 0;
    while (i < text.length) {
        const start = i;
        while (i < text.length && ((text[i] >= "0" && text[i] <= "9") || text[i] === ".")) {
            i++;
        }
        const number = text.slice(start, i);
        const unitStart = i;
        while (i < text.length && !(text[i] >= "0" && text[i] <= "9") && text[i] !== ".") {
            i++;
        }
        const factor = goDurationUnits[text.slice(unitStart, i)];
        const value = Number(number);
        if (number === "" || number === "." || !Number.isFinite(value) || factor === undefined) {
            return undefined;
        }
        seconds += value * factor;
    }
    return seconds;
}

/** True for a name a certificate may carry: a DNS-1123 subdomain, optionally with a leading `*.`. */
export function isCertificateDnsName(value: unknown): boolean {
    if (typeof value !== "string") {
        return false;
    }
    if (value.startsWith("*.")) {
        // A wildcard covers one label under a domain of at least two labels.
        const domain = value.slice(2);
        return domain.includes(".") && isDns1123Subdomain(domain);
    }
    return isDns1123Subdomain(value);
}

/** Checks `tls`. `serviceEnabled`: TLS is for the Service's names, so it needs one. */
export function checkTls(problems: Problems, tls: pulumi.Unwrap<Tls> | undefined, serviceEnabled: boolean): void {
    if (tls === undefined) {
        return;
    }
    if (tls === null || typeof tls !== "object") {
        problems.add(`tls ${show(tls)}`, "must be { issuerRef }, { selfSigned: true } or { secretName }");
    } else {
        checkTlsFields(problems, tls, serviceEnabled);
    }
}

/** Checks `caBundle`. */
export function checkCaBundle(problems: Problems, caBundle: pulumi.Unwrap<CaBundle> | undefined): void {
    if (caBundle === undefined) {
        return;
    }
    if (caBundle === null || typeof caBundle !== "object") {
        problems.add(`caBundle ${show(caBundle)}`, "must be { configMapName, key? }");
        return;
    }
    problems.check(typeof caBundle.configMapName === "string" && isDns1123Subdomain(caBundle.configMapName), `caBundle.configMapName ${show(caBundle.configMapName)}`, "must be a ConfigMap name (a DNS-1123 subdomain)");
    if (caBundle.key !== undefined) {
        problems.check(isDataKey(caBundle.key), `caBundle.key ${show(caBundle.key)}`, "must be a ConfigMap key (letters, digits, '-', '_' or '.')");
    }
}

function checkTlsFields(problems: Problems, tls: pulumi.Unwrap<Tls>, serviceEnabled: boolean): void {
    if (tls.selfSigned !== undefined && typeof tls.selfSigned !== "boolean") {
        problems.add(`tls.selfSigned ${show(tls.selfSigned)}`, "must be true or false");
    }
    const sources = [tls.issuerRef !== undefined && "tls.issuerRef", tls.selfSigned === true && "tls.selfSigned", tls.secretName !== undefined && "tls.secretName"].filter(
        (source): source is string => source !== false,
    );
    if (sources.length > 1) {
        problems.add(sources.join(" and "), "must not be set together: give one of issuerRef (your issuer), selfSigned (a CA of the distribution's own) and secretName (a Secret you keep)");
    } else if (sources.length === 0) {
        problems.add("tls", "needs a certificate: set tls.issuerRef to an Issuer or ClusterIssuer, tls.selfSigned to true, or tls.secretName to a TLS Secret");
    }
    const issued = tls.secretName === undefined;
    if (tls.secretName !== undefined) {
        problems.check(typeof tls.secretName === "string" && isDns1123Subdomain(tls.secretName), `tls.secretName ${show(tls.secretName)}`, "must be a Secret name (a DNS-1123 subdomain)");
        for (const field of ["dnsNames", "duration", "renewBefore"] as const) {
            if (tls[field] !== undefined) {
                problems.add(`tls.${field}`, "applies to a certificate made here (issuerRef or selfSigned), not to tls.secretName");
            }
        }
    }
    if (tls.certificateName !== undefined) {
        problems.check(typeof tls.certificateName === "string" && isDns1123Subdomain(tls.certificateName), `tls.certificateName ${show(tls.certificateName)}`, "must be a Certificate name (a DNS-1123 subdomain)");
        problems.check(tls.secretName !== undefined, "tls.certificateName", "goes with tls.secretName: a certificate made here is followed already");
    }
    if (issued && !serviceEnabled && sources.length > 0) {
        problems.add("tls", "needs the Service (service.enabled is false): the certificate is issued for the Service's DNS names; give tls.secretName to serve a certificate of your own");
    }
    const ref = tls.issuerRef;
    if (ref !== undefined) {
        if (ref === null || typeof ref !== "object") {
            problems.add(`tls.issuerRef ${show(ref)}`, "must be { name, kind?, group? }");
        } else {
            problems.check(typeof ref.name === "string" && isDns1123Subdomain(ref.name), `tls.issuerRef.name ${show(ref.name)}`, "must be an issuer's name (a DNS-1123 subdomain)");
            if (ref.kind !== undefined) {
                problems.check(issuerKinds.includes(ref.kind), `tls.issuerRef.kind ${show(ref.kind)}`, `must be one of ${issuerKinds.join(", ")}`);
            }
            if (ref.group !== undefined) {
                problems.check(typeof ref.group === "string" && isDns1123Subdomain(ref.group) && ref.group.includes("."), `tls.issuerRef.group ${show(ref.group)}`, "must be an API group such as cert-manager.io");
            }
        }
    }
    if (tls.dnsNames !== undefined && issued) {
        if (!Array.isArray(tls.dnsNames)) {
            problems.add(`tls.dnsNames ${show(tls.dnsNames)}`, "must be a list of DNS names");
        } else {
            tls.dnsNames.forEach((dnsName, i) => {
                problems.check(isCertificateDnsName(dnsName), `tls.dnsNames[${i}] ${show(dnsName)}`, "must be a DNS name in lower case, such as llama.example.com or *.example.com");
            });
        }
    }
    if (!issued) {
        return;
    }
    const duration = parseGoDuration(tls.duration ?? defaultCertificateDuration);
    const renewBefore = parseGoDuration(tls.renewBefore ?? defaultCertificateRenewBefore);
    if (duration === undefined || duration < 3600) {
        problems.add(`tls.duration ${show(tls.duration)}`, 'must be a duration of at least 1h, such as "2160h"');
    }
    if (renewBefore === undefined || renewBefore <= 0) {
        problems.add(`tls.renewBefore ${show(tls.renewBefore)}`, 'must be a positive duration such as "720h"');
    } else if (duration !== undefined && duration >= 3600 && renewBefore >= duration) {
        problems.add(
            `tls.renewBefore ${show(tls.renewBefore ?? defaultCertificateRenewBefore)}`,
            `must be shorter than tls.duration ${show(tls.duration ?? defaultCertificateDuration)}, or the certificate is renewed all the time`,
        );
    }
}
