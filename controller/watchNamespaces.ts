// The namespaces the controller serves (WATCH_NAMESPACES), and the collections it lists and watches
// there: every namespace when none are given, else each given namespace on its own, so that Roles
// in those namespaces are all it needs.
import { isDns1123Label } from "../src/core/names";
import { group, plural, version } from "./names";

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

/** Where the distributions are listed and watched: one collection per served namespace, or the cluster's. */
export function distributionCollections(namespaces: readonly string[] | undefined): string[] {
    return namespaces === undefined ? [`/apis/${group}/${version}/${plural}`] : namespaces.map((ns) => `/apis/${group}/${version}/namespaces/${ns}/${plural}`);
}

/** Where the Deployments are listed and watched: one collection per served namespace, or the cluster's. */
export function deploymentCollections(namespaces: readonly string[] | undefined): string[] {
    return namespaces === undefined ? ["/apis/apps/v1/deployments"] : namespaces.map((ns) => `/apis/apps/v1/namespaces/${ns}/deployments`);
}

/** Where cert-manager's Certificates are listed and watched (TLS distributions follow their revision), the same way. */
export function certificateCollections(namespaces: readonly string[] | undefined): string[] {
    return namespaces === undefined ? ["/apis/cert-manager.io/v1/certificates"] : namespaces.map((ns) => `/apis/cert-manager.io/v1/namespaces/${ns}/certificates`);
}
