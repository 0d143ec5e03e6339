// The namespaces the controller serves (WATCH_NAMESPACES), and the collections it lists and watches
// there: every namespace when none are given, else each given namespace on its own, so that Roles
// in those namespaces are all it needs.
import { isDns1123Label } from "../src/core/names";
import { deploymentsPath } from "./adopt";
import { group, plural, version } from "./names";
import { distributionPath } from "./reconcile";
import { certificatePath } from "./tls";

/** The environment variable LlamaStackOperator sets when `controller.namespaces` is given. */
export { watchNamespacesEnv } from "../src/core/watchNamespaces";

/**
 * The namespaces in a comma-separated `WATCH_NAMESPACES`, in order, each once; empty items (spaces,
 * a trailing comma) are ignored. `undefined` (every namespace) when unset or when nothing is left.
 * Throws on a name that is not a DNS-1123 label, which no namespace can have.
 */
export function parseWatchNamespaces(value: string | undefined): string[] | undefined {
    const names = (value ?? "").split(",").map((item) => item.trim()).filter((item) => item !== "");
    const invalid = names.filter((name) => !isDns1123Label(name));
    if (invalid.length > 0) {
        throw new Error(`WATCH_NAMESPACES: ${invalid.map((name) => JSON.stringify(name)).join(", ")} ${invalid.length === 1 ? "is not a namespace name" : "are not namespace names"} (DNS-1123 labels)`);
    }
    return names.length > 0 ? [...new Set(names)] : undefined;
}

/** The cluster's collection when every namespace is served, else each served namespace's own. */
function collections(namespaces: readonly string[] | undefined, clusterWide: string, inNamespace: (namespace: string) => string): string[] {
    return namespaces === undefined ? [clusterWide] : namespaces.map((namespace) => inNamespace(namespace));
}

/** Where the distributions are listed and watched. */
export function distributionCollections(namespaces: readonly string[] | undefined): string[] {
    return collections(namespaces, `/apis/${group}/${version}/${plural}`, distributionPath);
}

/** Where the Deployments are listed and watched. */
export function deploymentCollections(namespaces: readonly string[] | undefined): string[] {
    return collections(namespaces, "/apis/apps/v1/deployments", deploymentsPath);
}

/** Where cert-manager's Certificates are listed and watched (TLS distributions follow their revision). */
export function certificateCollections(namespaces: readonly string[] | undefined): string[] {
    return collections(namespaces, "/apis/cert-manager.io/v1/certificates", certificatePath);
}
