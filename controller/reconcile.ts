// The impure half of reconciling, in sample-controller's order: read the distribution, refuse a
// Deployment it does not own, create (create-only) or apply the desired Deployment, write status when
// it changed.
import { claimForApply, createDeployment } from "./adopt";
import { buildDeployment, isOwnedBy, selectorString } from "./deployment";
import { buildClaim, claimPath } from "./claim";
import { isOurs, resolveImage } from "./image";
import {
    deploymentNotOwnedMessage,
    deploymentNotOwnedReason,
    deploymentRejectedReason,
    podOverrideRefusedMessage,
    podOverrideRefusedReason,
    podsUnschedulableReason,
    storageRejectedMessage,
    storageRejectedReason,
} from "./events";
import { refusedOverride } from "./podOverrides";
import { ApiError, KubeClient } from "./kube";
import { log } from "./log";
import { apiVersion, fieldManager, group, kind, plural, version } from "./names";
import { notReadyRecheckMs, unschedulableMessage } from "./scheduling";
import { serviceURLOf } from "./serviceURL";
import { buildStatus, ReconcileProblem, sameJson } from "./status";
import { certificatePath, certificateRevision, defaultCertificateRecheckMs, hasTls } from "./tls";
import { Certificate, Deployment, Distribution, Pod } from "./types";

export interface Caches {
    distribution(key: string): Distribution | undefined;
    deployment(key: string): Deployment | undefined;
    /**
     * The watched Certificates, once their cache is filled: `undefined` while cert-manager is not
     * installed or not readable (the reconciler then reads the Certificate itself, and again later).
     */
    certificates?(): ((key: string) => Certificate | undefined) | undefined;
}

export function distributionPath(namespace: string, name?: string): string {
    return `/apis/${group}/${version}/namespaces/${namespace}/${plural}${name ? `/${name}` : ""}`;
}

export function deploymentPath(namespace: string, name: string): string {
    return `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`;
}

/** Errors that retrying cannot fix: the API server rejected what we sent. Recorded, not retried. */
function isPermanent(error: unknown): boolean {
    return error instanceof ApiError && (error.status === 422 || error.status === 400);
}

/** True when an update touched only status (and bookkeeping), not spec, labels or deletion. */
export function onlyStatusChanged(old: Distribution, d: Distribution): boolean {
    return (
        old.metadata.generation === d.metadata.generation &&
        old.metadata.deletionTimestamp === d.metadata.deletionTimestamp &&
        old.metadata.uid === d.metadata.uid
    );
}

/** What the operator configured: how named distributions resolve, what a spec may override. */
export interface ReconcilerOptions {
    /** The operator's overrides of the named distributions' images. */
    imageOverrides?: Readonly<Record<string, string>>;
    /** Let distributions choose a ServiceAccount and loosen pod security (the operator's choice). */
    allowPodOverrides?: boolean;
    /** How often a TLS distribution without a Certificate watch reads its Certificate for a renewal. */
    certificateRecheckMs?: number;
}

export class Reconciler {
    /**
     * What the last apply of each key sent and the Deployment generation it produced. When both still
     * match, nobody changed the Deployment's spec since and the apply (costly on the API server) is
     * skipped; a hand edit bumps the generation and is undone by the next apply.
     */
    private readonly applied = new Map<string, { desired: string; generation: number | undefined }>();
    /** Objects of another schema seen already, so that each is logged once, not at every resync. */
    private readonly ignored = new Set<string>();
    /** Claims known to exist, by the distribution's uid: checked once, not at every sync. */
    private readonly claimed = new Set<string>();

    constructor(
        private readonly client: Pick<KubeClient, "request">,
        private readonly caches: Caches,
        /** Called with the distribution's key and the time its change was seen, when its Deployment was applied. */
        private readonly onApplied: (key: string) => void = () => undefined,
        private readonly options: ReconcilerOptions = {},
    ) {}

    /**
     * Reconciles one key. Throws on errors worth retrying. Returns how many milliseconds to wait
     * before looking again when replicas are not all ready (nothing else would wake it up when a
     * pod stays unschedulable), or undefined.
     */
    async sync(key: string): Promise<number | undefined> {
        const distribution = this.caches.distribution(key);
        if (!distribution || distribution.metadata.deletionTimestamp) {
            // Gone or going: the garbage collector removes the Deployment through its owner reference.
            this.applied.delete(key);
            return undefined;
        }
        if (!isOurs(distribution)) {
            // Another operator's object under the same CRD name: not ours to touch, nothing to retry.
            if (!this.ignored.has(key)) {
                this.ignored.add(key);
                log("info", "ignoring an object without spec.image or spec.distribution (another operator's schema?)", { key });
            }
            this.applied.delete(key);
            return undefined;
        }
        this.ignored.delete(key);
        const { name, namespace = "default" } = distribution.metadata;
        let deployment = this.caches.deployment(key);
        let problem: ReconcileProblem | undefined;
        const resolved = resolveImage(distribution, this.options.imageOverrides ?? {});
        if ("reason" in resolved) {
            problem = resolved;
        }
        const refused = this.options.allowPodOverrides ? undefined : refusedOverride(distribution.spec);
        if (!problem && refused !== undefined) {
            problem = { reason: podOverrideRefusedReason, message: podOverrideRefusedMessage(refused) };
        }
        if (!problem) {
            problem = await this.ensureClaim(distribution);
        }
        const image = "image" in resolved ? resolved : undefined;
        const notOwned = (): ReconcileProblem => ({
            reason: deploymentNotOwnedReason,
            message: deploymentNotOwnedMessage(namespace, name),
        });
        const tls = await this.tlsRevision(distribution, key);
        const desired = buildDeployment(distribution, { image: image?.image, tlsRevision: tls.revision });
        const desiredText = JSON.stringify(desired);
        const path = deploymentPath(namespace, name);
        let created = false;

        if (deployment && !isOwnedBy(deployment, distribution)) {
            problem = notOwned();
            deployment = undefined;
        } else if (!deployment && !problem) {
            // The watch only sees Deployments with our label: look for an unlabeled one before taking the name.
            let existing = await this.read(path);
            if (!existing) {
                // Create-only: a Deployment made since that read makes this fail (409) instead of becoming ours.
                try {
                    deployment = await createDeployment(this.client, desired);
                } catch (error) {
                    if (!isPermanent(error)) {
                        throw error;
                    }
                    problem = { reason: deploymentRejectedReason, message: (error as Error).message };
                }
                if (deployment) {
                    created = true;
                    this.applied.set(key, { desired: desiredText, generation: deployment.metadata.generation });
                    this.onApplied(key);
                } else if (!problem) {
                    existing = await this.read(path);
                    if (!existing) {
                        throw new Error(`Deployment ${namespace}/${name} was created and deleted meanwhile`);
                    }
                }
            }
            if (existing) {
                if (isOwnedBy(existing, distribution)) {
                    deployment = existing;
                } else {
                    problem = notOwned();
                }
            }
        }

        const last = this.applied.get(key);
        const upToDate = deployment !== undefined && last?.desired === desiredText && last.generation === deployment.metadata.generation;
        if (!problem && !created && !upToDate) {
            // Ours by now. If we created it, apply must first own what the create set (adopt.ts).
            if (deployment && (await claimForApply(this.client, deployment, path))) {
                log("info", "Deployment moved to server-side apply", { key });
            }
            try {
                deployment = await this.client.request<Deployment>("PATCH", `${path}?fieldManager=${fieldManager}&force=true`, {
                    body: desired,
                    contentType: "application/apply-patch+yaml",
                });
                this.applied.set(key, { desired: desiredText, generation: deployment.metadata.generation });
                this.onApplied(key);
            } catch (error) {
                this.applied.delete(key);
                if (!isPermanent(error)) {
                    throw error;
                }
                problem = { reason: deploymentRejectedReason, message: (error as Error).message };
            }
        }

        let unschedulable: string | undefined;
        let recheckMs: number | undefined;
        if (!problem && deployment && (deployment.status?.readyReplicas ?? 0) < (deployment.spec.replicas ?? 0)) {
            unschedulable = await this.unschedulable(namespace, name, key);
            recheckMs = notReadyRecheckMs;
        }
        if (tls.polled) {
            // No Certificate watch to wake it up (cert-manager not installed, or not yet): look again for a renewal.
            const certificateRecheckMs = this.options.certificateRecheckMs ?? defaultCertificateRecheckMs;
            recheckMs = Math.min(recheckMs ?? certificateRecheckMs, certificateRecheckMs);
        }

        const status = buildStatus(distribution, deployment, problem, undefined, unschedulable, {
            image: image?.image,
            serverVersion: image?.serverVersion,
            serviceURL: serviceURLOf(distribution),
        });
        // A Warning event once per episode, when a condition's reason newly becomes the one to report:
        // `kubectl describe` shows it, and the provider prints it while `pulumi up` waits.
        const before = (type: string) => distribution.status?.conditions?.find((c) => c.type === type)?.reason;
        const progressing = status.conditions?.find((c) => c.type === "Progressing");
        const warnings: ReconcileProblem[] = [];
        if (problem && before("Degraded") !== problem.reason) {
            warnings.push(problem);
        }
        if (progressing?.reason === podsUnschedulableReason && before("Progressing") !== podsUnschedulableReason) {
            warnings.push({ reason: podsUnschedulableReason, message: progressing.message ?? "" });
        }
        for (const warning of warnings) {
            await this.event(distribution, warning).catch((error) => log("warn", "could not record event", { key, error: (error as Error).message }));
        }
        if (!sameJson(status, distribution.status ?? {})) {
            try {
                await this.client.request("PATCH", `${distributionPath(namespace, name)}/status?fieldManager=${fieldManager}`, {
                    body: { status },
                    contentType: "application/merge-patch+json",
                });
            } catch (error) {
                // Deleted meanwhile: nothing to report on.
                if (!(error instanceof ApiError && error.status === 404)) {
                    throw error;
                }
            }
        }
        if (problem) {
            log("warn", "distribution degraded", { key, reason: problem.reason, message: problem.message });
        }
        return recheckMs;
    }

    /**
     * The revision of the Certificate that keeps the distribution's TLS Secret, or undefined when it
     * names none, cert-manager has not issued yet, or the Certificate cannot be read (not installed,
     * or an operator without that permission): the pods then keep their template and serve the
     * Secret as it was when they started. `polled`: read by a GET, there being no Certificate watch.
     */
    private async tlsRevision(distribution: Distribution, key: string): Promise<{ revision?: string; polled: boolean }> {
        const name = distribution.spec.tls?.certificateName;
        if (!hasTls(distribution.spec) || !name) {
            return { polled: false };
        }
        const namespace = distribution.metadata.namespace ?? "default";
        const watched = this.caches.certificates?.();
        if (watched) {
            return { revision: certificateRevision(watched(`${namespace}/${name}`)), polled: false };
        }
        try {
            return { revision: certificateRevision(await this.client.request("GET", certificatePath(namespace, name))), polled: true };
        } catch (error) {
            if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
                log("debug", "no certificate to follow", { key, certificate: name, status: error.status });
                return { polled: true };
            }
            throw error;
        }
    }

    /** The Deployment at `path`, or undefined when there is none. */
    private async read(path: string): Promise<Deployment | undefined> {
        try {
            return await this.client.request<Deployment>("GET", path);
        } catch (error) {
            if (error instanceof ApiError && error.status === 404) {
                return undefined;
            }
            throw error;
        }
    }

    /**
     * The scheduler's message for one of the distribution's pods it could not place. Optional
     * information: a failed read (an older role without `list pods`, say) only leaves it out.
     */
    private async unschedulable(namespace: string, name: string, key: string): Promise<string | undefined> {
        try {
            const list = await this.client.request<{ items?: Pod[] }>(
                "GET",
                `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selectorString(name))}&limit=100`,
            );
            return unschedulableMessage(Array.isArray(list?.items) ? list.items : []);
        } catch (error) {
            log("debug", "could not list pods", { key, error: (error as Error).message });
            return undefined;
        }
    }

    /**
     * Makes the distribution's persistent claim when it is missing (create-only: a claim made
     * beforehand, e.g. to keep data past the distribution, is used as it is). A rejected claim is a
     * problem to report; other errors are retried.
     */
    private async ensureClaim(distribution: Distribution): Promise<ReconcileProblem | undefined> {
        const claim = buildClaim(distribution);
        const uid = distribution.metadata.uid ?? "";
        if (!claim || this.claimed.has(uid)) {
            return undefined;
        }
        const namespace = distribution.metadata.namespace ?? "default";
        try {
            await this.client.request("POST", `${claimPath(namespace)}?fieldManager=${fieldManager}`, { body: claim });
        } catch (error) {
            if (isPermanent(error) || (error instanceof ApiError && error.status === 403)) {
                return { reason: storageRejectedReason, message: storageRejectedMessage(namespace, claim.metadata.name, (error as Error).message) };
            }
            // 409: it exists already, which is all this asks.
            if (!(error instanceof ApiError && error.status === 409)) {
                throw error;
            }
        }
        this.claimed.add(uid);
        return undefined;
    }

    /** Forget what was applied, so that the next sync of every key applies again (periodic resync). */
    forgetApplied(): void {
        this.applied.clear();
    }

    /** A Warning event on the distribution, so `kubectl describe` shows why it is stuck. */
    private async event(distribution: Distribution, problem: ReconcileProblem): Promise<void> {
        const { name, namespace = "default", uid } = distribution.metadata;
        await this.client.request("POST", `/api/v1/namespaces/${namespace}/events`, {
            body: {
                apiVersion: "v1",
                kind: "Event",
                metadata: { generateName: `${name}.`, namespace },
                involvedObject: { apiVersion, kind, name, namespace, uid },
                reason: problem.reason,
                message: problem.message,
                type: "Warning",
                source: { component: fieldManager },
                firstTimestamp: new Date().toISOString(),
                lastTimestamp: new Date().toISOString(),
                count: 1,
            },
        });
    }
}
