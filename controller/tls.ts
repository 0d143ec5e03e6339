// HTTPS for the server and the CA bundle it trusts for outbound calls. The certificate lives in a
// Secret that cert-manager (or the user) keeps; the server reads it once at start (uvicorn has no
// reload), so a renewed certificate reaches clients by rolling the pods: the pod template carries
// the cert-manager Certificate's `status.revision`, which cert-manager bumps at every issuance.
import { caBundleFileName, caBundleMountPath, defaultCaBundleKey, tlsMountPath } from "./names";
import { DistributionSpec } from "./types";

/** Pod-template annotation with the Certificate's revision: a new revision rolls the pods. */
export const tlsRevisionAnnotation = "llamastack.io/tls-revision";
/** How often a distribution with a Certificate but no Certificate watch looks for a renewal (one GET each time). */
export const defaultCertificateRecheckMs = 60_000;

/** Owner and group may read the key (the pod's fsGroup is the group); nobody else. */
const secretFileMode = 0o440;

export function hasTls(spec: DistributionSpec): boolean {
    return typeof spec.tls?.secretName === "string" && spec.tls.secretName.length > 0;
}

/** Arguments, environment and mounts that make llama-stack 0.2 serve HTTPS and trust the bundle. */
export function tlsInvocation(spec: DistributionSpec): { args: string[]; env: { name: string; value: string }[]; volumeMounts: Record<string, unknown>[] } {
    const args: string[] = [];
    const env: { name: string; value: string }[] = [];
    const volumeMounts: Record<string, unknown>[] = [];
    if (hasTls(spec)) {
        // The server's own flags (llama_stack.distribution.server.server); they win over the run
        // configuration's server.tls_certfile/tls_keyfile.
        args.push("--tls-certfile", `${tlsMountPath}/tls.crt`, "--tls-keyfile", `${tlsMountPath}/tls.key`);
        volumeMounts.push({ name: "tls", mountPath: tlsMountPath, readOnly: true });
    }
    if (spec.caBundle?.configMapName) {
        const file = `${caBundleMountPath}/${caBundleFileName}`;
        // httpx (the OpenAI, Ollama and vLLM clients) reads SSL_CERT_FILE, requests reads REQUESTS_CA_BUNDLE.
        env.push({ name: "SSL_CERT_FILE", value: file }, { name: "REQUESTS_CA_BUNDLE", value: file });
        volumeMounts.push({ name: "ca-bundle", mountPath: caBundleMountPath, readOnly: true });
    }
    return { args, env, volumeMounts };
}

/** The volumes behind those mounts. */
export function tlsVolumes(spec: DistributionSpec): Record<string, unknown>[] {
    const volumes: Record<string, unknown>[] = [];
    if (hasTls(spec)) {
        volumes.push({
            name: "tls",
            secret: {
                secretName: spec.tls?.secretName,
                items: [
                    { key: "tls.crt", path: "tls.crt" },
                    { key: "tls.key", path: "tls.key" },
                ],
                defaultMode: secretFileMode,
            },
        });
    }
    if (spec.caBundle?.configMapName) {
        volumes.push({
            name: "ca-bundle",
            configMap: { name: spec.caBundle.configMapName, items: [{ key: spec.caBundle.key ?? defaultCaBundleKey, path: caBundleFileName }] },
        });
    }
    return volumes;
}

/** The API path of the cert-manager Certificate that keeps the distribution's TLS Secret. */
export function certificatePath(namespace: string, name?: string): string {
    return `/apis/cert-manager.io/v1/namespaces/${namespace}/certificates${name ? `/${name}` : ""}`;
}

/** `status.revision` of a Certificate as the annotation's value, or undefined before the first issuance. */
export function certificateRevision(certificate: { status?: { revision?: unknown } } | undefined): string | undefined {
    const revision = certificate?.status?.revision;
    return typeof revision === "number" && Number.isInteger(revision) && revision > 0 ? String(revision) : undefined;
}
