// The Distribution's defaults, stated once; the doc comments on the args repeat them for users.
// Plain constants that import nothing: the bundled controller shares them (controller/names.ts).

/** LlamaStack's own server port. */
export const defaultContainerPort = 8321;
/** The guide's Service port. */
export const defaultServicePort = 8080;
/** The guide's Service type. */
export const defaultServiceType = "LoadBalancer";
/** The guide's session affinity (round-robin). */
export const defaultSessionAffinity = "None";
/** Replicas when none are given. */
export const defaultReplicas = 1;
/** Pods a disruption may take at once, when the budget gives neither bound. */
export const defaultMaxUnavailable = "1";
/** Replicas of a spot distribution when none are given: one reclaim must not take the service down. */
export const defaultSpotReplicas = 2;
/** Spot replicas spread across zones, since spot capacity is reclaimed zone by zone. */
export const zoneTopologyKey = "topology.kubernetes.io/zone";
// Running the server (issue 17: run config, storage, graceful scale-down).
/** Where the run configuration is mounted (read-only) in the server container. */
export const runConfigMountPath = "/etc/llama-stack";
/** The file name the run configuration is mounted as. */
export const runConfigFileName = "run.yaml";
/** The ConfigMap key that holds the run configuration. */
export const defaultRunConfigKey = "run.yaml";
/** Pod-template annotation carrying the run configuration's SHA-256: pods roll when it changes, only then. */
export const runConfigHashAnnotation = "llamastack.io/run-config-sha256";
/**
 * Seconds a pod has to finish in-flight requests after SIGTERM: LLM generations (long answers,
 * streamed) take tens of seconds to minutes, far beyond Kubernetes' default of 30.
 */
export const defaultTerminationGracePeriodSeconds = 120;
/**
 * Seconds the pod keeps serving after it is told to stop and before SIGTERM, so that endpoints
 * and load balancers stop sending it new requests first.
 */
export const defaultPreStopSleepSeconds = 10;
/** Where the server keeps its state (SQLite stores, files) when no `storage.mountPath` is given. */
export const defaultStorageMountPath = "/.llama";
/** Access mode of a persistent claim when none is given. */
export const defaultStorageAccessMode = "ReadWriteOnce";
/** Size of a persistent claim when none is given. */
export const defaultStorageSize = "10Gi";
/**
 * Annotation on a distribution naming the Service in front of it as `<service>:<port>`; the
 * Distribution component sets it, and the controller reports the URL in `status.serviceURL`.
 */
export const serviceAnnotation = "llamastack.io/service";

// TLS: where the controller mounts the Secret and the CA bundle (a user's volume may not take these
// paths), and the certificate a distribution asks cert-manager for.
/** The TLS Secret's tls.crt and tls.key; outside the run configuration's read-only mount. */
export const tlsMountPath = "/etc/llama-stack-tls";
/** The CA bundle the server trusts for outbound TLS. */
export const caBundleMountPath = "/etc/llama-stack-ca";
/** The one file the CA bundle's key is mounted as. */
export const caBundleFileName = "ca.crt";
/** The ConfigMap key read when `caBundle.key` is not given. */
export const defaultCaBundleKey = "ca.crt";
/** How long a certificate made here is valid. */
export const defaultCertificateDuration = "2160h";
/** How long before expiry cert-manager renews it. */
export const defaultCertificateRenewBefore = "720h";
/** The API group of an `issuerRef` that names none. */
export const defaultIssuerGroup = "cert-manager.io";
