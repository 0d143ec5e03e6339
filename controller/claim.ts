// The one PersistentVolumeClaim of a distribution with `storage.persistent`: made by the controller
// when missing, owned by the distribution (deleted with it, never with a pod).
import { hasPersistentStorage, selectorOf, storageClaimName } from "./deployment";
import { apiVersion, defaultStorageAccessMode, defaultStorageSize, kind, managedBy, managedByLabel } from "./names";
import { Distribution } from "./types";

/** A `v1` PersistentVolumeClaim, as the controller creates it. */
export interface Claim {
    apiVersion: "v1";
    kind: "PersistentVolumeClaim";
    metadata: Record<string, unknown> & { name: string; namespace?: string };
    spec: Record<string, unknown>;
}

/** The claim a distribution needs, or undefined when its storage lives and dies with each pod. */
export function buildClaim(distribution: Distribution): Claim | undefined {
    if (!hasPersistentStorage(distribution)) {
        return undefined;
    }
    const { name, namespace, uid } = distribution.metadata;
    const storage = distribution.spec.storage ?? {};
    const spec: Record<string, unknown> = {
        accessModes: [storage.accessMode ?? defaultStorageAccessMode],
        resources: { requests: { storage: String(storage.size ?? defaultStorageSize) } },
    };
    if (storage.storageClassName) {
        spec.storageClassName = storage.storageClassName;
    }
    return {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: {
            name: storageClaimName(name),
            namespace,
            labels: { ...selectorOf(name), [managedByLabel]: managedBy },
            // Not `controller: true`: a claim made by hand beforehand is used as it is, and this one
            // may be kept past the distribution by removing the reference.
            ownerReferences: [{ apiVersion, kind, name, uid: uid ?? "", blockOwnerDeletion: true }],
        },
        spec,
    };
}

export function claimPath(namespace: string, name?: string): string {
    return `/api/v1/namespaces/${namespace}/persistentvolumeclaims${name ? `/${name}` : ""}`;
}
