// Why a distribution's pods do not run: the scheduler's own words, read from the pods it could not
// place, so that the distribution's status, its events and `pulumi up` say why instead of only
// "0/2 replicas ready".
import { Pod } from "./types";

/** How long to wait before looking again at a distribution whose replicas are not all ready. */
export const notReadyRecheckMs = 10_000;

/**
 * The scheduler's message for the first pod it marked unschedulable (PodScheduled False,
 * reason Unschedulable), e.g. "0/4 nodes are available: 4 node(s) didn't match Pod's node
 * affinity/selector."; undefined when every pod was placed.
 */
export function unschedulableMessage(pods: readonly Pod[]): string | undefined {
    for (const pod of pods) {
        const scheduled = pod.status?.conditions?.find((c) => c.type === "PodScheduled");
        if (pod.status?.phase === "Pending" && scheduled?.status === "False" && scheduled.reason === "Unschedulable") {
            return scheduled.message?.trim() || "the scheduler found no node for the pod";
        }
    }
    return undefined;
}
