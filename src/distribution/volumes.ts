// Extra volumes of the server's pods and where they are mounted. Only kinds that give a pod nothing
// beyond its own namespace: a ConfigMap, a Secret, an emptyDir, a claim. (No hostPath: a
// distribution must not be a way onto the node.)
import * as pulumi from "@pulumi/pulumi";
import { defaultStorageMountPath, runConfigMountPath } from "./defaults";
import { isDns1123Label, isDns1123Subdomain } from "../core/names";
import { isQuantity } from "../core/quantity";
import { isMountPath } from "./storage";
import { caBundleMountPath, tlsMountPath } from "./defaults";
import { Problems, show } from "../core/validation";

/** A scratch volume that lives as long as the pod. */
export interface EmptyDirVolume {
    /** "Memory" for a tmpfs (counted against the container's memory limit); empty for the node's disk. */
    medium?: pulumi.Input<string>;
    /** The most it may hold, a Kubernetes quantity such as "1Gi". */
    sizeLimit?: pulumi.Input<string>;
}

/** An extra volume of the pods: exactly one of `configMap`, `secret`, `emptyDir` and `persistentVolumeClaim`. */
export interface Volume {
    /** Name of the volume, which `volumeMounts` refer to. */
    name: pulumi.Input<string>;
    /** Name of a ConfigMap in the distribution's namespace, each key a file. */
    configMap?: pulumi.Input<string>;
    /** Name of a Secret in the distribution's namespace, each key a file (e.g. a CA bundle or credentials). */
    secret?: pulumi.Input<string>;
    /** A scratch volume. */
    emptyDir?: EmptyDirVolume;
    /** Name of a PersistentVolumeClaim in the distribution's namespace. */
    persistentVolumeClaim?: pulumi.Input<string>;
}

/** Where a volume is mounted in the server container. */
export interface VolumeMount {
    /** Name of a volume in `volumes`. */
    name: pulumi.Input<string>;
    /** Absolute path in the container. */
    mountPath: pulumi.Input<string>;
    /** A file or folder of the volume to mount instead of its root. */
    subPath?: pulumi.Input<string>;
    /**
     * Mount read-only. Defaults to false.
     * @default false
     */
    readOnly?: pulumi.Input<boolean>;
}

/** Volume names the controller uses for its own volumes. */
export const reservedVolumeNames: readonly string[] = ["tmp", "storage", "run-config", "tls", "ca-bundle"];
const sources = ["configMap", "secret", "emptyDir", "persistentVolumeClaim"] as const;

/** Checks the volumes and mounts: names, one source each, mounts of known volumes at free paths. */
export function checkVolumes(
    problems: Problems,
    volumes: pulumi.Unwrap<Volume>[] | undefined,
    mounts: pulumi.Unwrap<VolumeMount>[] | undefined,
    storageMountPath: string = defaultStorageMountPath,
): void {
    const names = new Set<string>();
    (volumes ?? []).forEach((volume, i) => {
        const field = `volumes[${i}]`;
        if (volume === null || typeof volume !== "object") {
            problems.add(`${field} ${show(volume)}`, "must be { name, and one of configMap, secret, emptyDir, persistentVolumeClaim }");
            return;
        }
        const name = volume.name;
        if (typeof name !== "string" || !isDns1123Label(name)) {
            problems.add(`${field}.name ${show(name)}`, "must be a DNS-1123 label: at most 63 lowercase letters, digits or '-'");
        } else if (reservedVolumeNames.includes(name)) {
            problems.add(`${field}.name ${show(name)}`, `is the controller's own; use another name than ${reservedVolumeNames.join(", ")}`);
        } else if (names.has(name)) {
            problems.add(`${field}.name ${show(name)}`, "is given twice");
        } else {
            names.add(name);
        }
        const given = sources.filter((s) => volume[s] !== undefined);
        if (given.length !== 1) {
            problems.add(field, `must set exactly one of ${sources.join(", ")}${given.length > 1 ? ` (has ${given.join(" and ")})` : ""}`);
        }
        for (const source of ["configMap", "secret", "persistentVolumeClaim"] as const) {
            const ref = volume[source];
            if (ref !== undefined) {
                problems.check(typeof ref === "string" && isDns1123Subdomain(ref), `${field}.${source} ${show(ref)}`, "must be the name of an object in the distribution's namespace (a DNS-1123 subdomain)");
            }
        }
        const emptyDir = volume.emptyDir;
        if (emptyDir !== undefined) {
            if (emptyDir.medium !== undefined) {
                problems.check(emptyDir.medium === "" || emptyDir.medium === "Memory", `${field}.emptyDir.medium ${show(emptyDir.medium)}`, 'must be "Memory" or ""');
            }
            if (emptyDir.sizeLimit !== undefined) {
                problems.check(isQuantity(emptyDir.sizeLimit), `${field}.emptyDir.sizeLimit ${show(emptyDir.sizeLimit)}`, "must be a Kubernetes quantity such as 1Gi");
            }
        }
    });
    const taken = new Map<string, string>([
        ["/tmp", "the controller's /tmp"],
        [storageMountPath, "storage.mountPath"],
        [runConfigMountPath, "the run configuration"],
        [tlsMountPath, "the TLS certificate"],
        [caBundleMountPath, "the CA bundle"],
    ]);
    (mounts ?? []).forEach((mount, i) => {
        const field = `volumeMounts[${i}]`;
        if (mount === null || typeof mount !== "object") {
            problems.add(`${field} ${show(mount)}`, "must be { name, mountPath }");
            return;
        }
        problems.check(typeof mount.name === "string" && names.has(mount.name), `${field}.name ${show(mount.name)}`, "must name a volume in volumes");
        if (!isMountPath(mount.mountPath)) {
            problems.add(`${field}.mountPath ${show(mount.mountPath)}`, "must be an absolute path without '..' or ':'");
        } else if (taken.has(mount.mountPath)) {
            problems.add(`${field}.mountPath ${show(mount.mountPath)}`, `is already used by ${taken.get(mount.mountPath)}`);
        } else {
            taken.set(mount.mountPath, `volumeMounts[${i}]`);
        }
        if (mount.subPath !== undefined) {
            const subPath = mount.subPath;
            problems.check(typeof subPath === "string" && subPath.length <= 1024 && !subPath.startsWith("/") && !subPath.split("/").includes(".."), `${field}.subPath ${show(subPath)}`, "must be a relative path without '..'");
        }
    });
}

/** The pod volumes for the custom resource's `spec.volumes`. */
export function volumeSpecs(volumes: pulumi.Unwrap<Volume>[] | undefined): Record<string, unknown>[] {
    return (volumes ?? []).map((v) => {
        if (v.configMap !== undefined) {
            return { name: v.name, configMap: { name: v.configMap } };
        }
        if (v.secret !== undefined) {
            return { name: v.name, secret: { secretName: v.secret } };
        }
        if (v.persistentVolumeClaim !== undefined) {
            return { name: v.name, persistentVolumeClaim: { claimName: v.persistentVolumeClaim } };
        }
        const emptyDir: Record<string, unknown> = {};
        if (v.emptyDir?.medium !== undefined) {
            emptyDir.medium = v.emptyDir.medium;
        }
        if (v.emptyDir?.sizeLimit !== undefined) {
            emptyDir.sizeLimit = v.emptyDir.sizeLimit;
        }
        return { name: v.name, emptyDir };
    });
}

/** The container mounts for the custom resource's `spec.volumeMounts`. */
export function volumeMountSpecs(mounts: pulumi.Unwrap<VolumeMount>[] | undefined): Record<string, unknown>[] {
    return (mounts ?? []).map((m) => {
        const mount: Record<string, unknown> = { name: m.name, mountPath: m.mountPath };
        if (m.subPath !== undefined) {
            mount.subPath = m.subPath;
        }
        if (m.readOnly !== undefined) {
            mount.readOnly = m.readOnly;
        }
        return mount;
    });
}
