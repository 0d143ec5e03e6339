// The cert-manager objects behind `tls`: a Certificate for the Service's names from the user's
// issuer, or from a CA of the distribution's own (SelfSigned Issuer → CA Certificate → CA Issuer).
// Pure spec builders first, then the function that turns them into resources.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { commonLabels } from "../core/labels";
import { defaultCertificateDuration, defaultCertificateRenewBefore, defaultIssuerGroup } from "./defaults";
import { IssuerKind, Tls } from "./tls";

const certManagerApiVersion = "cert-manager.io/v1";

/** What the server's pods need to know of the certificate: `spec.tls` of the custom resource. */
export interface TlsSpec {
    secretName: string;
    certificateName?: string;
}

/** Names of the objects made for `name` (a distribution or a rollout). */
function tlsObjectNames(name: string): { certificate: string; secret: string; selfSignedIssuer: string; ca: string } {
    return { certificate: `${name}-tls`, secret: `${name}-tls`, selfSignedIssuer: `${name}-selfsigned`, ca: `${name}-ca` };
}

/**
 * Which Secret the pods serve and which Certificate is followed for renewals: the user's own, or
 * the ones made for `name`. One rule for a distribution's `spec.tls` and a rollout's tracks.
 */
function servedCertificate<S>(name: string, tls: { secretName?: S; certificateName?: S }): { secretName: S | string; certificateName?: S | string } {
    if (tls.secretName !== undefined) {
        return tls.certificateName !== undefined ? { secretName: tls.secretName, certificateName: tls.certificateName } : { secretName: tls.secretName };
    }
    const names = tlsObjectNames(name);
    return { secretName: names.secret, certificateName: names.certificate };
}

/** `spec.tls` for `name`'s certificate, or for the user's own Secret. */
export function tlsSpec(name: string, tls: pulumi.Unwrap<Tls>): TlsSpec {
    return servedCertificate<string>(name, tls);
}

/**
 * The names a client in the cluster may use for the Service, in the order a resolver tries them,
 * then the user's own; each once.
 */
export function serviceDnsNames(service: string, namespace: string, extra: readonly string[] = []): string[] {
    const names = [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`, ...extra];
    return [...new Set(names)];
}

/** The issuer a certificate made here is signed by. */
function issuerRefOf(name: string, tls: pulumi.Unwrap<Tls>): { name: string; kind: string; group: string } {
    if (tls.issuerRef !== undefined) {
        return { name: tls.issuerRef.name, kind: tls.issuerRef.kind ?? IssuerKind.Issuer, group: tls.issuerRef.group ?? defaultIssuerGroup };
    }
    return { name: tlsObjectNames(name).ca, kind: IssuerKind.Issuer, group: defaultIssuerGroup };
}

/**
 * The serving Certificate's spec: an ECDSA P-256 key, a new key at each renewal, server usage only;
 * the Secret carries the distribution's labels.
 */
export function buildServingCertificateSpec(
    name: string,
    tls: pulumi.Unwrap<Tls>,
    dnsNames: string[],
    labels: Record<string, string>,
): Record<string, unknown> {
    return {
        secretName: tlsObjectNames(name).secret,
        secretTemplate: { labels },
        dnsNames,
        duration: tls.duration ?? defaultCertificateDuration,
        renewBefore: tls.renewBefore ?? defaultCertificateRenewBefore,
        privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
        usages: ["server auth", "digital signature"],
        issuerRef: issuerRefOf(name, tls),
    };
}

/** The distribution's own CA: self-signed, ten years, renewed a year ahead. */
export function buildCaCertificateSpec(name: string, labels: Record<string, string>): Record<string, unknown> {
    const names = tlsObjectNames(name);
    return {
        isCA: true,
        commonName: names.ca,
        secretName: names.ca,
        secretTemplate: { labels },
        duration: "87600h",
        renewBefore: "8760h",
        privateKey: { algorithm: "ECDSA", size: 256 },
        issuerRef: { name: names.selfSignedIssuer, kind: IssuerKind.Issuer, group: defaultIssuerGroup },
    };
}

/** A certificate for the Service in front of a distribution or rollout. */
export interface ServiceCertificateInputs {
    /** The distribution or rollout, whose name the objects take and whose labels they carry. */
    name: string;
    /** `tls` as given: its shape (which source) decides what is made. */
    tls: Tls | undefined;
    /** `tls` once the component's checks have passed on it. */
    checkedTls: pulumi.Input<pulumi.Unwrap<Tls> | undefined>;
    /** The Service whose names the certificate is for; none is made without one. */
    service: k8s.core.v1.Service | undefined;
    /** Where the objects go (the provider's namespace when undefined). */
    namespace: pulumi.Input<string> | undefined;
    /** More Services in front of the same pods (a Canary's per-track backends), named in the certificate too. */
    otherServiceNames?: string[];
}

/**
 * The serving Certificate for the Service's names (for `selfSigned`, after the distribution's own
 * CA: SelfSigned Issuer → CA Certificate → CA Issuer), when `tls` asks for a certificate made here;
 * nothing for a Secret of the user's, without `tls` or without a Service.
 */
export function newServiceCertificate(inputs: ServiceCertificateInputs, opts: pulumi.CustomResourceOptions): void {
    const { name, tls, service, namespace } = inputs;
    if (tls === undefined || tls.secretName !== undefined || service === undefined) {
        return;
    }
    const labels = commonLabels(name);
    const names = tlsObjectNames(name);
    const certificateSpec = pulumi
        .all([inputs.checkedTls, service.metadata.name, service.metadata.namespace])
        .apply(([checked, serviceName, serviceNamespace]) => {
            const others = (inputs.otherServiceNames ?? []).flatMap((other) => serviceDnsNames(other, serviceNamespace));
            return buildServingCertificateSpec(name, checked ?? {}, serviceDnsNames(serviceName, serviceNamespace, [...others, ...(checked?.dnsNames ?? [])]), labels);
        });
    const dependsOn: pulumi.Resource[] = [];
    if (tls.selfSigned === true) {
        const selfSignedIssuer = new k8s.apiextensions.CustomResource(
            names.selfSignedIssuer,
            { apiVersion: certManagerApiVersion, kind: "Issuer", metadata: { name: names.selfSignedIssuer, namespace, labels }, spec: { selfSigned: {} } },
            opts,
        );
        const caCertificate = new k8s.apiextensions.CustomResource(
            `${names.ca}-certificate`,
            { apiVersion: certManagerApiVersion, kind: "Certificate", metadata: { name: names.ca, namespace, labels }, spec: buildCaCertificateSpec(name, labels) },
            { ...opts, dependsOn: [selfSignedIssuer] },
        );
        const caIssuer = new k8s.apiextensions.CustomResource(
            `${names.ca}-issuer`,
            { apiVersion: certManagerApiVersion, kind: "Issuer", metadata: { name: names.ca, namespace, labels }, spec: { ca: { secretName: names.ca } } },
            { ...opts, dependsOn: [caCertificate] },
        );
        dependsOn.push(caIssuer);
    }
    new k8s.apiextensions.CustomResource(
        `${names.certificate}-certificate`,
        { apiVersion: certManagerApiVersion, kind: "Certificate", metadata: { name: names.certificate, namespace, labels }, spec: certificateSpec },
        { ...opts, dependsOn },
    );
}

/** The `tls` each track of a rollout gets: the rollout's Secret (and Certificate to follow), no issuer of its own. */
export function trackTls(rolloutName: string, tls: Tls | undefined): Tls | undefined {
    return tls === undefined ? undefined : servedCertificate<pulumi.Input<string>>(rolloutName, tls);
}
