// Leader election with a coordination.k8s.io Lease, as client-go does it: the holder tries to renew
// every `retryMs` and stops leading (its fence, fence.ts) `renewDeadlineMs` after the last renewal it
// sent that succeeded; others take over once they have seen the same record unchanged for `leaseMs`.
// Each side measures only durations on its own monotonic clock, so clock skew between nodes does not
// matter; the gap between the two (5 s by default) absorbs a slower clock rate and request latency.
import { ApiError, KubeClient } from "./kube";
import { LeaderFence, monotonicClock } from "./fence";
import { log } from "./log";
import { Clock } from "./queue";

export interface LeaseRecord {
    holderIdentity?: string | null;
    leaseDurationSeconds?: number;
    acquireTime?: string | null;
    renewTime?: string | null;
    leaseTransitions?: number;
}

interface Lease {
    apiVersion: "coordination.k8s.io/v1";
    kind: "Lease";
    metadata: { name: string; namespace: string; resourceVersion?: string };
    spec: LeaseRecord;
}

/** Whether a lease held by someone else may be taken: free, or unchanged for its whole duration. */
export function canAcquire(record: LeaseRecord, identity: string, observedAt: number, now: number, leaseMs: number): boolean {
    if (!record.holderIdentity || record.holderIdentity === identity) {
        return true;
    }
    return now - observedAt > leaseMs;
}

function microTime(): string {
    return new Date().toISOString().replace(/Z$/, "000Z");
}

export interface LeaderTimings {
    /** How long a standby waits after the record last changed before taking the lease. */
    leaseMs: number;
    /** How long after its last successful renewal the leader stops acting. */
    renewDeadlineMs: number;
    /** Between attempts to acquire or renew (±20 % jitter for standbys). */
    retryMs: number;
    /** Each lease request's own limit. */
    requestTimeoutMs: number;
}

/** client-go's defaults (15 s / 10 s / 2 s); a lease request gets half the renew deadline. */
export const defaultTimings: LeaderTimings = { leaseMs: 15_000, renewDeadlineMs: 10_000, retryMs: 2_000, requestTimeoutMs: 5_000 };

/** The rules client-go enforces, and one more: a lease request must end well within the renew deadline. */
export function checkTimings(t: LeaderTimings): void {
    if (!(t.leaseMs > t.renewDeadlineMs)) {
        throw new Error(`lease duration (${t.leaseMs} ms) must exceed the renew deadline (${t.renewDeadlineMs} ms)`);
    }
    if (!(t.renewDeadlineMs > 1.2 * t.retryMs)) {
        throw new Error(`renew deadline (${t.renewDeadlineMs} ms) must exceed 1.2 × the retry period (${t.retryMs} ms)`);
    }
    if (!(t.requestTimeoutMs < t.renewDeadlineMs)) {
        throw new Error(`request timeout (${t.requestTimeoutMs} ms) must be below the renew deadline (${t.renewDeadlineMs} ms)`);
    }
}

export class LeaderElector {
    private observed?: { key: string; at: number };
    private stopped = false;
    private timer?: unknown;
    /** Whether this process acts as leader: read it, do not cache it. */
    readonly fence: LeaderFence;
    private onLost: () => void = () => undefined;

    constructor(
        private readonly client: Pick<KubeClient, "request">,
        private readonly namespace: string,
        private readonly name: string,
        readonly identity: string,
        private readonly timings: LeaderTimings = defaultTimings,
        private readonly clock: Clock = monotonicClock,
    ) {
        checkTimings(timings);
        this.fence = new LeaderFence(
            timings.renewDeadlineMs,
            (reason, lateMs) => {
                this.clock.clearTimeout(this.timer);
                if (!this.stopped) {
                    log("error", "lost leadership", { lease: `${this.namespace}/${this.name}`, reason, noticedLateMs: Math.round(lateMs) });
                    this.onLost();
                }
            },
            clock,
        );
    }

    get isLeader(): boolean {
        return this.fence.leading;
    }

    private get path(): string {
        return `/apis/coordination.k8s.io/v1/namespaces/${this.namespace}/leases/${this.name}`;
    }

    /**
     * One attempt to acquire or renew; true when we hold the lease afterwards, and then the fence
     * leads until the attempt's start + the renew deadline.
     */
    async tryAcquireOrRenew(): Promise<boolean> {
        const sentAt = this.clock.now();
        // While leading, a renewal still pending at the deadline is abandoned with everything else.
        const options = { timeoutMs: this.timings.requestTimeoutMs, signal: this.fence.leading ? this.fence.signal : undefined };
        const spec: LeaseRecord = { holderIdentity: this.identity, leaseDurationSeconds: this.timings.leaseMs / 1000, renewTime: microTime() };
        let lease: Lease;
        try {
            lease = await this.client.request<Lease>("GET", this.path, options);
        } catch (error) {
            if (!(error instanceof ApiError && error.status === 404)) {
                throw error;
            }
            await this.client.request("POST", `/apis/coordination.k8s.io/v1/namespaces/${this.namespace}/leases`, {
                ...options,
                body: { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: this.name, namespace: this.namespace }, spec: { ...spec, acquireTime: spec.renewTime, leaseTransitions: 0 } },
            });
            this.fence.renewed(sentAt);
            return true;
        }
        const now = this.clock.now();
        const key = `${lease.spec.holderIdentity ?? ""}@${lease.spec.renewTime ?? ""}`;
        if (this.observed?.key !== key) {
            this.observed = { key, at: now };
        }
        if (!canAcquire(lease.spec, this.identity, this.observed.at, now, (lease.spec.leaseDurationSeconds ?? this.timings.leaseMs / 1000) * 1000)) {
            return false;
        }
        const takingOver = lease.spec.holderIdentity !== this.identity;
        const next: Lease = {
            ...lease,
            spec: {
                ...lease.spec,
                ...spec,
                acquireTime: takingOver ? spec.renewTime : lease.spec.acquireTime,
                leaseTransitions: (lease.spec.leaseTransitions ?? 0) + (takingOver ? 1 : 0),
            },
        };
        // PUT with the resourceVersion we read: if someone else wrote meanwhile, we get 409 and lose.
        await this.client.request("PUT", this.path, { ...options, body: next });
        this.fence.renewed(sentAt);
        return true;
    }

    /**
     * Resolves once this process leads; then keeps renewing every retry period. `onLost` is called
     * once when leadership ends: the renew deadline passed, or another holder was found (the
     * process should exit; its fence already refuses all requests of its work).
     */
    async run(onLost: () => void): Promise<void> {
        this.onLost = onLost;
        while (!this.stopped) {
            try {
                if (await this.tryAcquireOrRenew()) {
                    break;
                }
            } catch (error) {
                log("warn", "leader election attempt failed", { error: (error as Error).message });
            }
            await new Promise((resolve) => this.clock.setTimeout(() => resolve(undefined), this.timings.retryMs * (1 + Math.random() * 0.2)));
        }
        if (this.stopped || !this.fence.leading) {
            return;
        }
        log("info", "became leader", { lease: `${this.namespace}/${this.name}`, identity: this.identity, leadsForMs: Math.round(this.fence.remainingMs) });
        const renew = async () => {
            // Past the deadline (e.g. the process was stopped): end without trying to renew.
            if (this.stopped || !this.fence.leading) {
                return;
            }
            try {
                if (!(await this.tryAcquireOrRenew())) {
                    this.fence.end("another replica holds the lease");
                    return;
                }
            } catch (error) {
                log("warn", "lease renewal failed", { error: (error as Error).message, leadsForMs: Math.round(this.fence.remainingMs) });
            }
            if (!this.stopped && this.fence.leading) {
                this.timer = this.clock.setTimeout(() => void renew(), this.timings.retryMs);
            }
        };
        this.timer = this.clock.setTimeout(() => void renew(), this.timings.retryMs);
    }

    /** Stops renewing and, if leading, frees the lease so a standby takes over at once. */
    async release(): Promise<void> {
        this.stopped = true;
        this.clock.clearTimeout(this.timer);
        if (!this.fence.leading) {
            this.fence.end("stopped");
            return;
        }
        this.fence.end("released");
        try {
            const lease = await this.client.request<Lease>("GET", this.path, { timeoutMs: this.timings.requestTimeoutMs });
            if (lease.spec.holderIdentity === this.identity) {
                await this.client.request("PUT", this.path, {
                    timeoutMs: this.timings.requestTimeoutMs,
                    body: { ...lease, spec: { ...lease.spec, holderIdentity: null, acquireTime: null, renewTime: null, leaseDurationSeconds: 1 } },
                });
            }
        } catch (error) {
            log("warn", "could not release the lease", { error: (error as Error).message });
        }
    }
}
