// The shapes the controller reads and writes, as plain JSON. Only the fields it uses are typed;
// everything else passes through untouched.

export interface ObjectMeta {
    name: string;
    namespace?: string;
    uid?: string;
    generation?: number;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: OwnerReference[];
    deletionTimestamp?: string;
}

export interface OwnerReference {
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
}

export interface Condition {
    type: string;
    status: "True" | "False" | "Unknown";
    reason?: string;
    message?: string;
    observedGeneration?: number;
    lastTransitionTime?: string;
}

/** `spec.storage` of a distribution. */
export interface StorageSpec {
    size?: string | number;
    storageClassName?: string;
    mountPath?: string;
    /** One claim for the distribution that outlives its pods, instead of one per pod. */
    persistent?: boolean;
    accessMode?: "ReadWriteOnce" | "ReadWriteMany";
}

/** `spec.runConfig`: the ConfigMap key holding the LlamaStack run configuration. */
export interface RunConfigSpec {
    configMapName: string;
    key?: string;
}

/** `spec.tls`: the Secret the server serves HTTPS with, and the Certificate that keeps it. */
export interface TlsSpec {
    secretName: string;
    certificateName?: string;
}

/** `spec.caBundle`: the ConfigMap key with the CA certificates trusted for outbound TLS. */
export interface CaBundleSpec {
    configMapName: string;
    key?: string;
}

/** `spec` of a `LlamaStackDistribution`, as the CRD defines it. */
export interface DistributionSpec {
    /** Exactly one of `image` and `distribution` (a name the controller maps to an image). */
    image?: string;
    distribution?: string;
    version?: string;
    replicas?: number;
    port?: number;
    command?: string[];
    args?: string[];
    runConfig?: RunConfigSpec;
    tls?: TlsSpec;
    caBundle?: CaBundleSpec;
    terminationGracePeriodSeconds?: number;
    preStopSleepSeconds?: number;
    volumes?: Record<string, unknown>[];
    volumeMounts?: Record<string, unknown>[];
    env?: Record<string, unknown>[];
    resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
    nodeSelector?: Record<string, string>;
    tolerations?: Record<string, unknown>[];
    affinity?: Record<string, unknown>;
    topologySpreadConstraints?: Record<string, unknown>[];
    podLabels?: Record<string, string>;
    podAnnotations?: Record<string, string>;
    serviceAccountName?: string;
    priorityClassName?: string;
    podSecurityContext?: Record<string, unknown>;
    securityContext?: Record<string, unknown>;
    storage?: StorageSpec;
}

export type Phase = "Pending" | "Progressing" | "Ready" | "Degraded" | "Failed";

export interface DistributionStatus {
    replicas: number;
    readyReplicas: number;
    selector: string;
    phase: Phase;
    observedGeneration?: number;
    conditions: Condition[];
    /** The image the pods run (a named distribution resolved). */
    image?: string;
    /** The LlamaStack release, when known (a named distribution on the package's own pin). */
    serverVersion?: string;
    /** The in-cluster URL of the Service in front of the pods, when the distribution names one. */
    serviceURL?: string;
}

export interface Distribution {
    apiVersion?: string;
    kind?: string;
    metadata: ObjectMeta;
    spec: DistributionSpec;
    status?: Partial<DistributionStatus>;
}

/** An `apps/v1` Deployment; `spec` is what the controller applies, `status` what it reads. */
export interface Deployment {
    apiVersion: "apps/v1";
    kind: "Deployment";
    metadata: ObjectMeta;
    spec: Record<string, any>;
    status?: DeploymentStatus;
}

export interface DeploymentStatus {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
}

/** The part of a Pod the controller reads: why the scheduler could not place it. */
export interface Pod {
    metadata: ObjectMeta;
    status?: { phase?: string; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

/** The part of a cert-manager Certificate the controller reads: its identity and `status.revision`. */
export interface Certificate {
    metadata: { name: string; namespace?: string; resourceVersion?: string };
    status?: { revision?: unknown };
}
