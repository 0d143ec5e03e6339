// The pure half of reconciling: a distribution in, the Deployment it should own out.
import {
    apiVersion,
    appLabel,
    containerName,
    defaultContainerPort,
    defaultPreStopSleepSeconds,
    defaultReplicas,
    defaultStorageAccessMode,
    defaultStorageMountPath,
    defaultTerminationGracePeriodSeconds,
    defaultUser,
    healthPath,
    kind,
    managedBy,
    managedByLabel,
    portName,
    tlsPortName,
} from "./names";
import { runConfigVolume, serverInvocation } from "./server";
import { hasTls, tlsInvocation, tlsRevisionAnnotation, tlsVolumes } from "./tls";
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

function probe(port: string, scheme: "HTTP" | "HTTPS", periodSeconds: number, failureThreshold: number): Record<string, unknown> {
    // HTTP is the API server's default scheme: named only for HTTPS, so plain specs stay as they were.
    const httpGet = scheme === "HTTPS" ? { path: healthPath, port, scheme } : { path: healthPath, port };
    return { httpGet, periodSeconds, timeoutSeconds: 5, failureThreshold };
}

/** What the controller learned elsewhere that the pods depend on. */
export interface DeploymentInputs {
    /** The image the pods run (a named distribution resolved). */
    image?: string;
    /** The cert-manager Certificate's revision: pods roll when it changes. */
    tlsRevision?: string;
}

/** Name of the one claim of a distribution with `storage.persistent`. */
export function storageClaimName(name: string): string {
    return `${name}-storage`;
}

/** True when the distribution's state lives on one claim that outlives its pods. */
export function hasPersistentStorage(distribution: Distribution): boolean {
    return distribution.spec.storage?.persistent === true;
}

/** True when that claim can be mounted by one node at a time, so pods must never overlap. */
export function hasSingleWriterStorage(distribution: Distribution): boolean {
    return hasPersistentStorage(distribution) && (distribution.spec.storage?.accessMode ?? defaultStorageAccessMode) === "ReadWriteOnce";
}

/**
 * The storage volume. `storage.persistent`: the distribution's one claim (made by the controller,
 * owned by the distribution), which survives pod restarts and rollouts. Otherwise it lives as long
 * as the pod: with `storage.size` a generic ephemeral volume (one claim per pod, created and
 * deleted with it, so replicas never share a ReadWriteOnce disk), without one an emptyDir.
 */
export function storageVolume(distribution: Distribution): Record<string, unknown> {
    const storage = distribution.spec.storage;
    if (hasPersistentStorage(distribution)) {
        return { name: "storage", persistentVolumeClaim: { claimName: storageClaimName(distribution.metadata.name) } };
    }
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
export function buildDeployment(distribution: Distribution, inputs: DeploymentInputs = {}): Deployment {
    const image = inputs.image ?? distribution.spec.image ?? "";
    const { name, namespace, uid } = distribution.metadata;
    const spec = distribution.spec;
    const port = spec.port ?? defaultContainerPort;
    const mountPath = spec.storage?.mountPath ?? defaultStorageMountPath;

    const container: Record<string, unknown> = {
        name: containerName,
        image,
    };
    const invocation = serverInvocation(spec);
    const tls = tlsInvocation(spec);
    if (spec.command && spec.command.length > 0) {
        container.command = spec.command;
    }
    const args = [...invocation.args, ...tls.args, ...(spec.args ?? [])];
    if (args.length > 0) {
        container.args = args;
    }
    // The user's variables last: an explicit value wins over what the controller derives.
    const env = [...[...invocation.env, ...tls.env].filter((e) => !(spec.env ?? []).some((u) => u.name === e.name)), ...(spec.env ?? [])];
    if (env.length > 0) {
        container.env = env;
    }
    // The port's name says its protocol (service meshes and the probes read it).
    const namedPort = hasTls(spec) ? tlsPortName : portName;
    const scheme = hasTls(spec) ? "HTTPS" : "HTTP";
    container.ports = [{ name: namedPort, containerPort: port, protocol: "TCP" }];
    if (spec.resources && (nonEmpty(spec.resources.requests) || nonEmpty(spec.resources.limits))) {
        container.resources = spec.resources;
    }
    container.securityContext = { ...defaultContainerSecurityContext(), ...(spec.securityContext ?? {}) };
    container.volumeMounts = [
        { name: "tmp", mountPath: "/tmp" },
        { name: "storage", mountPath },
        ...invocation.volumeMounts,
        ...tls.volumeMounts,
        ...(spec.volumeMounts ?? []),
    ];
    // Scale-down and rollouts: keep serving while endpoints and load balancers forget the pod,
    // then SIGTERM, then the grace period for in-flight generations to finish.
    const preStopSleep = spec.preStopSleepSeconds ?? defaultPreStopSleepSeconds;
    if (preStopSleep > 0) {
        container.lifecycle = { preStop: { sleep: { seconds: preStopSleep } } };
    }
    // Startup covers model loading (up to 10 minutes); then liveness restarts a hung server and
    // readiness takes a busy one out of the Service.
    container.startupProbe = probe(namedPort, scheme, 5, 120);
    container.readinessProbe = probe(namedPort, scheme, 10, 3);
    container.livenessProbe = probe(namedPort, scheme, 20, 3);

    const podSpec: Record<string, unknown> = {};
    if (spec.serviceAccountName) {
        podSpec.serviceAccountName = spec.serviceAccountName;
    } else {
        podSpec.automountServiceAccountToken = false;
    }
    if (spec.priorityClassName) {
        podSpec.priorityClassName = spec.priorityClassName;
    }
    podSpec.securityContext = { ...defaultPodSecurityContext(), ...(spec.podSecurityContext ?? {}) };
    // Kubernetes counts the preStop pause inside the grace period.
    podSpec.terminationGracePeriodSeconds = spec.terminationGracePeriodSeconds ?? defaultTerminationGracePeriodSeconds;
    podSpec.containers = [container];
    const runConfig = runConfigVolume(spec);
    podSpec.volumes = [{ name: "tmp", emptyDir: {} }, storageVolume(distribution), ...(runConfig ? [runConfig] : []), ...tlsVolumes(spec), ...(spec.volumes ?? [])];
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
    const annotations: Record<string, string> = { ...(spec.podAnnotations ?? {}) };
    if (hasTls(spec) && inputs.tlsRevision !== undefined) {
        annotations[tlsRevisionAnnotation] = inputs.tlsRevision;
    }
    if (nonEmpty(annotations)) {
        (template.metadata as Record<string, unknown>).annotations = annotations;
    }

    const deploymentSpec: Record<string, unknown> = {
        replicas: spec.replicas ?? defaultReplicas,
        selector: { matchLabels: selectorOf(name) },
    };
    if (hasSingleWriterStorage(distribution)) {
        // A ReadWriteOnce claim attaches to one node: the old pod must let go before the new one
        // starts. `rollingUpdate: null` drops the defaults the API server filled in before.
        deploymentSpec.strategy = { type: "Recreate", rollingUpdate: null };
    }
    deploymentSpec.template = template;

    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: {
            name,
            namespace,
            labels: deploymentLabels(name),
            ownerReferences: [{ apiVersion, kind, name, uid: uid ?? "", controller: true, blockOwnerDeletion: true }],
        },
        spec: deploymentSpec,
    };
}

/** Whether a Deployment is controlled by this very distribution (same uid), so it may be updated. */
export function isOwnedBy(deployment: { metadata: { ownerReferences?: { uid: string; controller?: boolean }[] } }, distribution: Distribution): boolean {
    return (deployment.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === distribution.metadata.uid);
}
