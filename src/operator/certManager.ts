// Installing cert-manager with the operator, through Pulumi's own cert-manager component
// (@pulumi/kubernetes-cert-manager, a Helm release). Off by default: a cluster usually has one.
import * as pulumi from "@pulumi/pulumi";
import { CertManager } from "@pulumi/kubernetes-cert-manager";
import { isDns1123Label } from "../core/names";
import { Problems, show } from "../core/validation";
import { CertManagerInstall } from "./args";

const defaultCertManagerNamespace = "cert-manager";

/** Chart versions look like v1.19.1 (a leading v, three numbers, an optional suffix). */
function isChartVersion(value: unknown): boolean {
    if (typeof value !== "string" || value.length > 64 || !value.startsWith("v")) {
        return false;
    }
    const [core, ...suffix] = value.slice(1).split("-");
    const numbers = core.split(".");
    const isNumber = (text: string) => text.length > 0 && [...text].every((c) => c >= "0" && c <= "9");
    const isSuffixPart = (text: string) => text.length > 0 && [...text].every((c) => (c >= "0" && c <= "9") || (c >= "a" && c <= "z") || c === ".");
    return numbers.length === 3 && numbers.every(isNumber) && suffix.every(isSuffixPart);
}

export function checkCertManagerInstall(problems: Problems, install: CertManagerInstall | undefined): void {
    if (install === undefined) {
        return;
    }
    if (install === null || typeof install !== "object") {
        problems.add(`certManager ${show(install)}`, "must be { namespace?, version? }");
        return;
    }
    if (install.namespace !== undefined) {
        problems.check(typeof install.namespace === "string" && isDns1123Label(install.namespace), `certManager.namespace ${show(install.namespace)}`, "must be a namespace name (a DNS-1123 label)");
    }
    if (install.version !== undefined) {
        problems.check(isChartVersion(install.version), `certManager.version ${show(install.version)}`, 'must be a chart version such as "v1.19.1"');
    }
}

/**
 * cert-manager with its CRDs, and with Secrets owned by their Certificates, so that deleting a
 * distribution's Certificate (a `pulumi destroy`) also deletes its private key.
 */
export function newCertManager(name: string, install: CertManagerInstall, opts: pulumi.ComponentResourceOptions): CertManager {
    const namespace = install.namespace ?? defaultCertManagerNamespace;
    return new CertManager(
        `${name}-cert-manager`,
        {
            installCRDs: true,
            extraArgs: ["--enable-certificate-owner-ref=true"],
            helmOptions: { namespace, createNamespace: true, ...(install.version !== undefined ? { version: install.version } : {}) },
        },
        opts,
    );
}
