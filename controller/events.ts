// The reasons and messages the controller reports: the Degraded and Progressing conditions of a
// distribution's status, and the Warning events `kubectl describe` shows. Named once, here.

/** A Deployment of the distribution's name exists and another owner controls it. */
export const deploymentNotOwnedReason = "DeploymentNotOwned";
/** The API server refused the Deployment the controller sent (a 400 or 422): not retried. */
export const deploymentRejectedReason = "DeploymentRejected";
/** The API server refused the distribution's PersistentVolumeClaim. */
export const storageRejectedReason = "StorageRejected";
/** The distribution names no distribution the controller knows. */
export const unknownDistributionReason = "UnknownDistribution";
/** The spec asks for pod overrides the operator does not allow. */
export const podOverrideRefusedReason = "PodOverrideRefused";
/** Degraded False: nothing stands in the way. */
export const asExpectedReason = "AsExpected";
/** Available False: the distribution asks for no replicas. */
export const scaledToZeroReason = "ScaledToZero";
/** Available True: at least one replica serves. */
export const minimumReplicasReadyReason = "MinimumReplicasReady";
/** Available False: replicas are wanted, none is ready. */
export const noReplicasReadyReason = "NoReplicasReady";
/** Progressing False: every replica is up to date and available. */
export const rolloutCompleteReason = "RolloutComplete";
/** Progressing True: replicas are being replaced or started. */
export const rollingOutReason = "RollingOut";
/** Progressing False: a problem kept the controller from applying the Deployment. */
export const deploymentNotAppliedReason = "DeploymentNotApplied";
/** Progressing True: the Deployment is about to be made. */
export const deploymentPendingReason = "DeploymentPending";
/** The Progressing reason while the scheduler finds no node for some of the pods. */
export const podsUnschedulableReason = "PodsUnschedulable";

export function deploymentNotOwnedMessage(namespace: string, name: string): string {
    return `Deployment ${namespace}/${name} exists and is not controlled by this distribution; delete or rename it`;
}

export function unknownDistributionMessage(name: string, known: readonly string[]): string {
    return `spec.distribution "${name}" is not one of ${known.join(", ")}; set spec.image instead`;
}

export function podOverrideRefusedMessage(refused: string): string {
    return `${refused} (LlamaStackOperator controller.allowPodOverrides allows it)`;
}

export function storageRejectedMessage(namespace: string, claimName: string, error: string): string {
    return `PersistentVolumeClaim ${namespace}/${claimName}: ${error}`;
}

export function podsUnschedulableMessage(detail: string): string {
    return `pods cannot be scheduled: ${detail}`;
}
