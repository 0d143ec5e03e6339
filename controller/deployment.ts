// The pure half of reconciling: a distribution in, the Deployment it should own out.
import {
    apiVersion,
    appLabel,
    containerName,
    defaultContainerPort,
    defaultReplicas,
    defaultStorageMountPath,
    defaultUser,
    healthPath,
    kind,
    managedBy,
    managedByLabel,
    portName,
} from "./names";
import { Deployment, Distribution } from "./types";

/** Labels that select a distribution's pods; the Distribution component's Service and PDB use the same. */
export function selectorOf(name: string): Record<string, string> {
    return { [appLabel]: name };
}

/** `status.selector` for the scale subresource, in the string form `kubectl` and the HPA parse. */
export function selectorString(name: string): string {
    return `${appLabel}=${name}`;
}

/** Labels on the Deployment itself. */
export function deploymentLabels(name: string): Record<string, string> {
    return {
        "app.kubernetes.io/name": "llamastack",
        "app.kubernetes.io/instance": name,
        [managedByLabel]: managedBy,
    };
}

/** Labels on every pod: the selector, the recommended labels, `version`, then the user's own. */
export function podLabels(distribution: Distribution): Record<string, string> {
    const name = distribution.metadata.name;
    const labels: Record<string, string> = { ...selectorOf(name), ...deploymentLabels(name) };
    if (distribution.spec.version) {
        labels.version = distribution.spec.version;
    }
    // The user's labels come last but cannot move a pod out of its own selector.
    return { ...labels, ...(distribution.spec.podLabels ?? {}), ...selectorOf(name) };
}

/** Restricted pod security (the Pod Security Standard), which a distribution may override field by field. */
export function defaultPodSecurityContext(): Record<string, unknown> {
    return {
        runAsNonRoot: true,
        runAsUser: defaultUser,
        runAsGroup: defaultUser,
        fsGroup: defaultUser,
        seccompProfile: { type: "RuntimeDefault" },
    };
}

export function defaultContainerSecurityContext(): Record<string, unknown> {
    return {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
    };
}

function probe(periodSeconds: number, failureThreshold: number): Record<string, unknown> {
    return { httpGet: { path: healthPath, port: portName }, periodSeconds, timeoutSeconds: 5, failureThreshold };
}

/**
 * The storage volume: with `storage.size` a generic ephemeral volume (one PersistentVolumeClaim per
 * pod, created and deleted with the pod, so replicas never share a ReadWriteOnce disk); without, an
 * emptyDir. Either way it lives as long as the pod: LlamaStack state that must outlive pods belongs in
 * an external store.
 */
export function storageVolume(distribution: Distribution): Record<string, unknown> {
    const storage = distribution.spec.storage;
    if (storage?.size === undefined) {
        return { name: "storage", emptyDir: {} };
    }
    const claim: Record<string, unknown> = {
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: String(storage.size) } },
    };
    if (storage.storageClassName) {
        claim.storageClassName = storage.storageClassName;
    }
    return {
        name: "storage",
        ephemeral: { volumeClaimTemplate: { metadata: { labels: selectorOf(distribution.metadata.name) }, spec: claim } },
    };
}

function nonEmpty<T extends object>(value: T | undefined): value is T {
    return value !== undefined && Object.keys(value).length > 0;
}

/**
 * The Deployment a distribution owns. Named like the distribution, in its namespace, controlled by it
 * (the garbage collector deletes it with the distribution). `replicas` follows `spec.replicas`, which
 * `kubectl scale` and an HPA write through the distribution's scale subresource.
 */
export function buildDeployment(distribution: Distribution): Deployment {
    const { name, namespace, uid } = distribution.metadata;
    const spec = distribution.spec;
    const port = spec.port ?? defaultContainerPort;
    const mountPath = spec.storage?.mountPath ?? defaultStorageMountPath;

    const container: Record<string, unknown> = {
        name: containerName,
        image: spec.image,
    };
    if (spec.args && spec.args.length > 0) {
        container.args = spec.args;
    }
    if (spec.env && spec.env.length > 0) {
        container.env = spec.env;
    }
    container.ports = [{ name: portName, containerPort: port, protocol: "TCP" }];
    if (spec.resources && (nonEmpty(spec.resources.requests) || nonEmpty(spec.resources.limits))) {
        container.resources = spec.resources;
    }
    container.securityContext = { ...defaultContainerSecurityContext(), ...(spec.securityContext ?? {}) };
    container.volumeMounts = [
        { name: "tmp", mountPath: "/tmp" },
        { name: "storage", mountPath },
    ];
    // Startup covers model loading (up to 10 minutes); then liveness restarts a hung server and
    // readiness takes a busy one out of the Service.
    container.startupProbe = probe(5, 120);
    container.readinessProbe = probe(10, 3);
    container.livenessProbe = probe(20, 3);

    const podSpec: Record<string, unknown> = {};
    if (spec.serviceAccountName) {
        podSpec.serviceAccountName = spec.serviceAccountName;
    } else {
        podSpec.automountServiceAccountToken = false;
    }
    podSpec.securityContext = { ...defaultPodSecurityContext(), ...(spec.podSecurityContext ?? {}) };
    podSpec.containers = [container];
    podSpec.volumes = [{ name: "tmp", emptyDir: {} }, storageVolume(distribution)];
    if (nonEmpty(spec.nodeSelector)) {
        podSpec.nodeSelector = spec.nodeSelector;
    }
    if (spec.tolerations && spec.tolerations.length > 0) {
        podSpec.tolerations = spec.tolerations;
    }
    if (nonEmpty(spec.affinity)) {
        podSpec.affinity = spec.affinity;
    }
    if (spec.topologySpreadConstraints && spec.topologySpreadConstraints.length > 0) {
        // A constraint without a selector counts no pods; the natural one is this distribution's.
        podSpec.topologySpreadConstraints = spec.topologySpreadConstraints.map((c) =>
            c.labelSelector === undefined ? { ...c, labelSelector: { matchLabels: selectorOf(name) } } : c,
        );
    }

    const template: Record<string, unknown> = { metadata: { labels: podLabels(distribution) }, spec: podSpec };
    if (nonEmpty(spec.podAnnotations)) {
        (template.metadata as Record<string, unknown>).annotations = spec.podAnnotations;
    }

    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: {
            name,
            namespace,
            labels: deploymentLabels(name),
            ownerReferences: [{ apiVersion, kind, name, uid: uid ?? "", controller: true, blockOwnerDeletion: true }],
        },
        spec: {
            replicas: spec.replicas ?? defaultReplicas,
            selector: { matchLabels: selectorOf(name) },
            template,
        },
    };
}

/** Whether a Deployment is controlled by this very distribution (same uid), so it may be updated. */
export function isOwnedBy(deployment: { metadata: { ownerReferences?: { uid: string; controller?: boolean }[] } }, distribution: Distribution): boolean {
    return (deployment.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === distribution.metadata.uid);
}
