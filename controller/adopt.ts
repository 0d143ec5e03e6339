// Taking a Deployment's name without taking over someone else's Deployment. A forced apply creates
// or takes over whatever holds the name, so a Deployment made between our read and our write would
// become ours; a create (POST) fails with 409 instead. Updates of Deployments we own keep using apply.
import { ApiError, KubeClient } from "./kube";
import { fieldManager } from "./names";
import { Deployment } from "./types";

type Client = Pick<KubeClient, "request">;

export function deploymentsPath(namespace: string): string {
    return `/apis/apps/v1/namespaces/${namespace}/deployments`;
}

/** Creates the Deployment only if the name is free; undefined when one exists already (409). */
export async function createDeployment(client: Client, desired: Deployment): Promise<Deployment | undefined> {
    try {
        return await client.request<Deployment>("POST", `${deploymentsPath(desired.metadata.namespace ?? "default")}?fieldManager=${fieldManager}`, {
            body: desired,
        });
    } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
            return undefined;
        }
        throw error;
    }
}

interface ManagedFieldsEntry {
    manager?: string;
    operation?: string;
    subresource?: string;
}

/**
 * A create is recorded in managedFields as an Update by our field manager, and fields an Update entry
 * also holds survive our later applies that leave them out: a nodeSelector removed from the
 * distribution would stay on the Deployment. So before applying to a Deployment we created, that
 * entry becomes an Apply entry (or goes, if we have applied before), as kubectl does when it moves an
 * object to server-side apply. The JSON patch tests what it changes: if anything moved, it fails
 * (422) and the caller retries with a fresher object. Returns whether it wrote.
 */
export async function claimForApply(client: Client, deployment: Deployment, path: string): Promise<boolean> {
    const entries = ((deployment.metadata as { managedFields?: ManagedFieldsEntry[] }).managedFields ?? []);
    const ours = (operation: string) => entries.findIndex((e) => e.manager === fieldManager && e.operation === operation && !e.subresource);
    const created = ours("Update");
    if (created < 0) {
        return false;
    }
    const at = `/metadata/managedFields/${created}`;
    const tests = [
        { op: "test", path: "/metadata/uid", value: deployment.metadata.uid },
        { op: "test", path: `${at}/manager`, value: fieldManager },
        { op: "test", path: `${at}/operation`, value: "Update" },
    ];
    const change = ours("Apply") < 0 ? { op: "replace", path: `${at}/operation`, value: "Apply" } : { op: "remove", path: at };
    await client.request("PATCH", `${path}?fieldManager=${fieldManager}`, { body: [...tests, change], contentType: "application/json-patch+json" });
    return true;
}
