// The controller, in sample-controller's order: event handlers → run (start the watches, wait for
// the caches, resync, workers) → process the next key → sync (reconcile.ts) → pure builders
// (deployment.ts, status.ts). main.ts only wires it to the process: environment, lease, health, signals.
import { Informer, keyOf } from "./informer";
import { InformerGroup } from "./informerGroup";
import { KubeClient } from "./kube";
import { log } from "./log";
import { group, kind, managedBy, managedByLabel } from "./names";
import { WorkQueue } from "./queue";
import { onlyStatusChanged, Reconciler, ReconcilerOptions } from "./reconcile";
import { certificateRevision } from "./tls";
import { Certificate, Deployment, Distribution } from "./types";
import { certificateCollections, deploymentCollections, distributionCollections } from "./watchNamespaces";

/** How often the Certificates are looked for again while cert-manager is absent (or not readable). */
const absentKindRetryMs = 60_000;

/** The key of the distribution that controls a Deployment, when one of ours does. */
export function ownerKey(deployment: Deployment): string | undefined {
    const owner = (deployment.metadata.ownerReferences ?? []).find((r) => r.controller && r.kind === kind && r.apiVersion.startsWith(`${group}/`));
    return owner ? `${deployment.metadata.namespace}/${owner.name}` : undefined;
}

export interface ControllerOptions extends ReconcilerOptions {
    /** The client the reconciler writes with (the leader's fenced client); the watch client when absent. */
    writer?: Pick<KubeClient, "request">;
    /** The work queue; a new one when absent. */
    queue?: WorkQueue;
    /**
     * The namespaces it serves (WATCH_NAMESPACES): it lists and watches distributions and
     * Deployments in each of them only, so that Roles there are all it needs. Every namespace when absent.
     */
    namespaces?: readonly string[];
}

export class Controller {
    readonly queue: WorkQueue;
    /** Distributions: one informer per served namespace, or one for the whole cluster. */
    readonly distributions: InformerGroup<Distribution>;
    /** Its Deployments, the same way. */
    readonly deployments: InformerGroup<Deployment>;
    /**
     * cert-manager's Certificates, the same way, so that a renewal rolls the pods of the TLS
     * distributions that follow it at once. Optional: without cert-manager (or the permission) the
     * controller runs as before and reads a TLS distribution's Certificate itself every minute.
     */
    readonly certificates: InformerGroup<Certificate>;
    readonly reconciler: Reconciler;
    /** Reconciles running now, so that shutting down can let them finish. */
    readonly inFlight = new Set<Promise<unknown>>();
    /** When each key's change was seen, to log reconcile latency (change seen → Deployment applied). */
    private readonly seenAt = new Map<string, number>();

    constructor(client: KubeClient, options: ControllerOptions = {}) {
        this.queue = options.queue ?? new WorkQueue();
        this.distributions = new InformerGroup(
            distributionCollections(options.namespaces).map((path) => new Informer<Distribution>(client, path, (type, d, old) => this.onDistribution(type, d, old))),
        );
        this.deployments = new InformerGroup(
            deploymentCollections(options.namespaces).map((path) => new Informer<Deployment>(client, path, (_type, d) => this.onDeployment(d), `${managedByLabel}=${managedBy}`)),
        );
        this.certificates = new InformerGroup(
            certificateCollections(options.namespaces).map(
                (path) => new Informer<Certificate>(client, path, (type, c, old) => this.onCertificate(type, c, old), undefined, absentKindRetryMs),
            ),
        );
        this.reconciler = new Reconciler(
            options.writer ?? client,
            {
                distribution: (key) => this.distributions.get(key),
                deployment: (key) => this.deployments.get(key),
                certificates: () => (this.certificates.hasSynced ? (key: string) => this.certificates.get(key) : undefined),
            },
            (key) => this.onApplied(key),
            { imageOverrides: options.imageOverrides, allowPodOverrides: options.allowPodOverrides, certificateRecheckMs: options.certificateRecheckMs },
        );
    }

    // Event handlers.

    private enqueue(key: string): void {
        if (!this.seenAt.has(key)) {
            this.seenAt.set(key, Date.now());
        }
        this.queue.add(key);
    }

    private onDistribution(type: "ADDED" | "MODIFIED" | "DELETED", d: Distribution, old?: Distribution): void {
        // Our own status writes come back as events; they change nothing to reconcile.
        if (type === "MODIFIED" && old && onlyStatusChanged(old, d)) {
            return;
        }
        this.enqueue(keyOf(d));
    }

    private onDeployment(d: Deployment): void {
        const key = ownerKey(d);
        if (key) {
            this.enqueue(key);
        }
    }

    /** A new revision (or a Certificate appearing or going) wakes the distributions that follow it. */
    private onCertificate(type: "ADDED" | "MODIFIED" | "DELETED", c: Certificate, old?: Certificate): void {
        if (type === "MODIFIED" && certificateRevision(old) === certificateRevision(c)) {
            return;
        }
        const namespace = c.metadata.namespace ?? "";
        for (const d of this.distributions.list()) {
            if (d.metadata.namespace === namespace && d.spec.tls?.certificateName === c.metadata.name) {
                this.enqueue(keyOf(d));
            }
        }
    }

    private onApplied(key: string): void {
        const since = this.seenAt.get(key);
        if (since !== undefined) {
            log("debug", "deployment applied", { key, latencyMs: Date.now() - since });
        }
    }

    // Run.

    /** Every cache (both kinds, each served namespace) filled by its first list. */
    get hasSynced(): boolean {
        return this.distributions.hasSynced && this.deployments.hasSynced;
    }

    /**
     * Starts the watches, waits for the caches, resyncs every `resyncMs` and runs `workers` workers
     * until the queue shuts down. Returns early, without working, when `stopped()` says so first.
     */
    async run(workers: number, resyncMs: number, stopped: () => boolean): Promise<void> {
        void this.distributions.run();
        void this.deployments.run();
        // Not waited for: the controller works without it (see `certificates`).
        void this.certificates.run();
        while (!this.hasSynced) {
            if (stopped()) {
                return;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        log("info", "caches synced", { distributions: this.distributions.list().length, deployments: this.deployments.list().length });

        // A periodic resync catches anything a missed event or a manual edit of the Deployment left behind.
        setInterval(() => {
            this.reconciler.forgetApplied();
            this.distributions.list().forEach((d) => this.queue.add(keyOf(d)));
        }, resyncMs).unref();

        await Promise.all(Array.from({ length: workers }, () => this.runWorker()));
    }

    /** Stops taking work and watching; running reconciles go on (see `inFlight`). */
    stop(): void {
        this.queue.shutDown();
        this.distributions.stop();
        this.deployments.stop();
        this.certificates.stop();
    }

    /** Takes keys from the queue until it shuts down. */
    async runWorker(): Promise<void> {
        for (;;) {
            const key = await this.queue.get();
            if (key === undefined) {
                return;
            }
            await this.processNext(key);
        }
    }

    /**
     * Reconciles one key taken from the queue. Success forgets the key's backoff (and asks to look
     * again later when the reconciler says so); an error requeues it after its backoff. Errors
     * retrying cannot fix never get here: the reconciler records them in status and returns.
     */
    async processNext(key: string): Promise<void> {
        const started = Date.now();
        const run = this.reconciler.sync(key);
        this.inFlight.add(run);
        try {
            const recheckMs = await run;
            this.queue.forget(key);
            if (recheckMs !== undefined) {
                this.queue.addAfter(key, recheckMs);
            }
            log("debug", "reconciled", { key, durationMs: Date.now() - started });
        } catch (error) {
            const retryInMs = this.queue.addRateLimited(key);
            log("warn", "reconcile failed", { key, error: (error as Error).message, retries: this.queue.backoff.retries(key), retryInMs: Math.round(retryInMs) });
        } finally {
            this.inFlight.delete(run);
            this.seenAt.delete(key);
            this.queue.done(key);
        }
    }
}
