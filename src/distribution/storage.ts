// Where the server keeps its state (SQLite stores, files, downloaded models). Per pod by default;
// `persistent: true` gives the distribution one claim that outlives pods, with the behaviour each
// access mode allows chosen deliberately (docs/configuration.md explains the trade-off).
import * as pulumi from "@pulumi/pulumi";
import { defaultStorageAccessMode } from "./defaults";

import { isQuantity } from "../core/quantity";
import { Problems, show } from "../core/validation";

/** How a persistent claim may be mounted. @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes */
export const StorageAccessMode = {
    /** One node at a time: one replica, rolled out by replacing the pod (no overlap). */
    ReadWriteOnce: "ReadWriteOnce",
    /** Many nodes at once (a network filesystem): several replicas share it. */
    ReadWriteMany: "ReadWriteMany",
} as const;
export type StorageAccessMode = (typeof StorageAccessMode)[keyof typeof StorageAccessMode];

/**
 * A volume for the server's state, mounted at `mountPath`. Without `persistent` it lives as long
 * as its pod (an emptyDir, or a claim per pod of `size`). With `persistent`, one claim for the
 * distribution survives pod restarts and rollouts; ReadWriteOnce then allows a single replica
 * (rolled out by replacing the pod), ReadWriteMany several.
 */
export interface Storage {
    /**
     * One claim for the distribution that outlives its pods, made by the controller and deleted
     * with the distribution. Defaults to false: storage per pod.
     * @default false
     */
    persistent?: boolean;
    /**
     * Size of the claim (a Kubernetes quantity). Defaults to "10Gi" when persistent; per pod, an
     * emptyDir unless a size is given.
     * @default "10Gi" when persistent
     */
    size?: pulumi.Input<string>;
    /** Storage class of the claim; the cluster's default class when not given. */
    storageClassName?: pulumi.Input<string>;
    /**
     * Access mode of the persistent claim. Defaults to "ReadWriteOnce", which allows one replica.
     * @default "ReadWriteOnce"
     */
    accessMode?: pulumi.Input<StorageAccessMode>;
    /**
     * Where the volume is mounted in the server container. Defaults to "/.llama".
     * @default "/.llama"
     */
    mountPath?: pulumi.Input<string>;
}

const accessModes: readonly string[] = Object.values(StorageAccessMode);

/** True for an absolute, clean container path: no `..`, no `:` (which the kubelet refuses). */
export function isMountPath(value: unknown): boolean {
    return typeof value === "string" && value.length <= 1024 && value.startsWith("/") && !value.includes(":") && !value.split("/").includes("..");
}

/**
 * Checks the storage arguments. `replicasCanExceedOne` says whether the distribution may run more
 * than one pod (replicas above 1, an autoscaler or schedules): a ReadWriteOnce claim cannot be
 * shared by several pods on several nodes, nor by an old and a new pod during a rolling update.
 */
export function checkStorage(problems: Problems, storage: pulumi.Unwrap<Storage> | undefined, replicasCanExceedOne: boolean): void {
    if (storage === undefined) {
        return;
    }
    if (storage.persistent !== undefined) {
        problems.check(typeof storage.persistent === "boolean", `storage.persistent ${show(storage.persistent)}`, "must be true or false");
    }
    if (storage.size !== undefined) {
        problems.check(isQuantity(storage.size), `storage.size ${show(storage.size)}`, "must be a Kubernetes quantity such as 10Gi");
    }
    if (storage.mountPath !== undefined) {
        problems.check(isMountPath(storage.mountPath), `storage.mountPath ${show(storage.mountPath)}`, "must be an absolute path without '..' or ':'");
    }
    if (storage.accessMode !== undefined) {
        if (!accessModes.includes(storage.accessMode)) {
            problems.add(`storage.accessMode ${show(storage.accessMode)}`, `must be one of ${accessModes.join(", ")}`);
        } else if (storage.persistent !== true) {
            problems.add("storage.accessMode", "applies to persistent storage only: set storage.persistent to true, or leave accessMode out");
        }
    }
    const accessMode = storage.accessMode ?? defaultStorageAccessMode;
    if (storage.persistent === true && accessMode === "ReadWriteOnce" && replicasCanExceedOne) {
        problems.add(
            "storage",
            "with persistent true and accessMode ReadWriteOnce allows one replica: one ReadWriteOnce claim cannot be mounted by pods on several nodes (multi-attach errors), and its SQLite stores by several servers; use accessMode ReadWriteMany, or per-pod storage (persistent false), or one replica without autoscaling",
        );
    }
}

/** The custom resource's `spec.storage`, or undefined when nothing was asked. */
export function storageSpec(storage: pulumi.Unwrap<Storage> | undefined): Record<string, unknown> | undefined {
    if (storage === undefined) {
        return undefined;
    }
    const spec: Record<string, unknown> = {};
    for (const field of ["persistent", "size", "storageClassName", "accessMode", "mountPath"] as const) {
        if (storage[field] !== undefined) {
            spec[field] = storage[field];
        }
    }
    return Object.keys(spec).length > 0 ? spec : undefined;
}
