import { skipAwaitAnnotation } from "../core/skipAwait";

/** The Kubernetes provider's annotation that makes `pulumi up` wait for conditions (provider 4.18+). */
export const waitForAnnotation = "pulumi.com/waitFor";

/**
 * What `pulumi up` waits for on a `LlamaStackDistribution`: the controller's `Available`
 * condition (at least one replica Ready, for the current generation) and phase `Ready` (every
 * desired replica up to date and available). A spec the controller cannot turn into pods then
 * fails `pulumi up` after the resource's timeout (10 minutes, or `customTimeouts.create`),
 * with the controller's Warning events printed on the way, instead of succeeding.
 * A distribution scaled to zero is never Available, so only its phase is awaited.
 */
export function distributionWaitFor(replicas: number | undefined): string {
    const phaseReady = "jsonpath={.status.phase}=Ready";
    return JSON.stringify(replicas === 0 ? [phaseReady] : ["condition=Available", phaseReady]);
}

/**
 * The distribution's annotations with the readiness wait added, unless the user set their own
 * `pulumi.com/waitFor` (theirs wins) or `pulumi.com/skipAwait` (the provider then waits for nothing).
 */
export function withReadinessWait(
    annotations: { [key: string]: string } | undefined,
    replicas: number | undefined,
): { [key: string]: string } {
    if (annotations?.[skipAwaitAnnotation] === "true") {
        return annotations;
    }
    return { [waitForAnnotation]: distributionWaitFor(replicas), ...(annotations ?? {}) };
}
