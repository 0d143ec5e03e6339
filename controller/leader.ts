// Leader election with a coordination.k8s.io Lease, as client-go does it: the holder renews every
// `renewMs`; others take over once they have seen the same record unchanged for `leaseMs` (measured
// on their own clock, so clock skew between nodes does not matter).
import { ApiError, KubeClient } from "./kube";
import { log } from "./log";

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

export class LeaderElector {
    private observed?: { key: string; at: number };
    private leading = false;
    private stopped = false;
    private timer?: NodeJS.Timeout;
    private lastRenew = 0;

    constructor(
        private readonly client: KubeClient,
        private readonly namespace: string,
        private readonly name: string,
        readonly identity: string,
        private readonly leaseMs = 15_000,
        private readonly renewMs = 10_000,
        private readonly retryMs = 2_000,
    ) {}

    get isLeader(): boolean {
        return this.leading;
    }

    private get path(): string {
        return `/apis/coordination.k8s.io/v1/namespaces/${this.namespace}/leases/${this.name}`;
    }

    /** One attempt to acquire or renew; true when we hold the lease afterwards. */
    async tryAcquireOrRenew(): Promise<boolean> {
        const now = Date.now();
        const spec: LeaseRecord = { holderIdentity: this.identity, leaseDurationSeconds: this.leaseMs / 1000, renewTime: microTime() };
        let lease: Lease;
        try {
            lease = await this.client.request<Lease>("GET", this.path);
        } catch (error) {
            if (!(error instanceof ApiError && error.status === 404)) {
                throw error;
            }
            await this.client.request("POST", `/apis/coordination.k8s.io/v1/namespaces/${this.namespace}/leases`, {
                body: { apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name: this.name, namespace: this.namespace }, spec: { ...spec, acquireTime: spec.renewTime, leaseTransitions: 0 } },
            });
            return true;
        }
        const key = `${lease.spec.holderIdentity ?? ""}@${lease.spec.renewTime ?? ""}`;
        if (this.observed?.key !== key) {
            this.observed = { key, at: now };
        }
        if (!canAcquire(lease.spec, this.identity, this.observed.at, now, (lease.spec.leaseDurationSeconds ?? this.leaseMs / 1000) * 1000)) {
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
        await this.client.request("PUT", this.path, { body: next });
        return true;
    }

    /**
     * Resolves once this process leads; then keeps renewing and calls `onLost` if it cannot renew
     * within the lease duration (the process should exit: another replica has taken over).
     */
    async run(onLost: () => void): Promise<void> {
        while (!this.stopped) {
            try {
                if (await this.tryAcquireOrRenew()) {
                    break;
                }
            } catch (error) {
                log("warn", "leader election attempt failed", { error: (error as Error).message });
            }
            await new Promise((resolve) => setTimeout(resolve, this.retryMs * (1 + Math.random() * 0.2)));
        }
        if (this.stopped) {
            return;
        }
        this.leading = true;
        this.lastRenew = Date.now();
        log("info", "became leader", { lease: `${this.namespace}/${this.name}`, identity: this.identity });
        const renew = async () => {
            if (this.stopped) {
                return;
            }
            try {
                if (await this.tryAcquireOrRenew()) {
                    this.lastRenew = Date.now();
                }
            } catch (error) {
                log("warn", "lease renewal failed", { error: (error as Error).message });
            }
            if (Date.now() - this.lastRenew > this.leaseMs) {
                this.leading = false;
                log("error", "lost leadership", { lease: `${this.namespace}/${this.name}` });
                onLost();
                return;
            }
            this.timer = setTimeout(renew, Date.now() - this.lastRenew >= this.renewMs ? this.retryMs : this.renewMs);
        };
        this.timer = setTimeout(renew, this.renewMs);
    }

    /** Stops renewing and, if leading, frees the lease so a standby takes over at once. */
    async release(): Promise<void> {
        this.stopped = true;
        clearTimeout(this.timer);
        if (!this.leading) {
            return;
        }
        this.leading = false;
        try {
            const lease = await this.client.request<Lease>("GET", this.path);
            if (lease.spec.holderIdentity === this.identity) {
                await this.client.request("PUT", this.path, {
                    body: { ...lease, spec: { ...lease.spec, holderIdentity: null, acquireTime: null, renewTime: null, leaseDurationSeconds: 1 } },
                });
            }
        } catch (error) {
            log("warn", "could not release the lease", { error: (error as Error).message });
        }
    }
}
