// Names the controller shares with the package: the CR's group and kind, labels, defaults.
export { containerName } from "../src/core/defaults";
export { defaultContainerPort, defaultPreStopSleepSeconds, defaultReplicas, defaultRunConfigKey, defaultStorageAccessMode, defaultStorageMountPath, defaultStorageSize, defaultTerminationGracePeriodSeconds, runConfigFileName, runConfigHashAnnotation, runConfigMountPath, serviceAnnotation, tlsMountPath, caBundleMountPath, caBundleFileName, defaultCaBundleKey } from "../src/distribution/defaults";
export { appLabel } from "../src/core/labels";

export { apiVersion, group, kind, plural, version } from "../src/core/crdNames";

/** Field manager of every write, so `kubectl get -o yaml --show-managed-fields` names us. */
export const fieldManager = "llamastack-controller";
/** `app.kubernetes.io/managed-by` on what the controller creates; its Deployment watch filters on it. */
export const managedBy = "llamastack-controller";
export const managedByLabel = "app.kubernetes.io/managed-by";
/** LlamaStack's health endpoint (the `inspect` API), served on the API port. */
export const healthPath = "/v1/health";
/** The named container port the probes and Services can refer to. */
export const portName = "http";
/** Its name when the server serves HTTPS. */
export const tlsPortName = "https";
/** A non-root user for images that do not name one; kubelet refuses runAsNonRoot with a root image otherwise. */
export const defaultUser = 1001;
