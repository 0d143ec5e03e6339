// A leader acts only while no other replica can have taken its lease. Its own deadline is the time it
// sent its last successful renewal plus the renew deadline, on this process's monotonic clock; a
// standby takes over only a full lease duration (longer) after it saw that renewal, on its own
// clock. So the deadline is checked locally before every request, and passing it stops everything
// at once, without waiting for any request to return: a process frozen (SIGSTOP, a long GC pause, a
// starved CPU) notices on waking, before it writes.
import { KubeClient, RequestOptions } from "./kube";
import { Clock } from "./queue";

/** performance.now(): never jumps with the wall clock, keeps counting while the process is stopped. */
export const monotonicClock: Clock = {
    now: () => performance.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class NotLeaderError extends Error {}

export class LeaderFence {
    private state: "standby" | "leading" | "over" = "standby";
    private deadline = 0;
    private timer: unknown;
    private readonly aborter = new AbortController();

    constructor(
        private readonly renewDeadlineMs: number,
        /** Called once, when leadership ends; `lateMs` is how far past the deadline that was noticed. */
        private readonly onOver: (reason: string, lateMs: number) => void,
        private readonly clock: Clock = monotonicClock,
    ) {}

    /**
     * A lease write sent at `sentAt` (this clock) succeeded: lead until sentAt + renew deadline.
     * The send time, not the answer's, because the standby's wait may start as soon as the server wrote it.
     */
    renewed(sentAt: number): void {
        if (this.state === "over") {
            return;
        }
        this.state = "leading";
        this.deadline = Math.max(this.deadline, sentAt + this.renewDeadlineMs);
        this.arm();
    }

    /** True while this process may act as the leader; reading it past the deadline ends leadership. */
    get leading(): boolean {
        if (this.state !== "leading") {
            return false;
        }
        const now = this.clock.now();
        if (now < this.deadline) {
            return true;
        }
        this.end("renew deadline passed", now - this.deadline);
        return false;
    }

    /** Milliseconds of leadership left (0 when not leading). */
    get remainingMs(): number {
        return this.leading ? this.deadline - this.clock.now() : 0;
    }

    /** Aborted when leadership ends: every request of the leader's work carries it. */
    get signal(): AbortSignal {
        return this.aborter.signal;
    }

    /** Throws unless leading. */
    check(what: string): void {
        if (!this.leading) {
            throw new NotLeaderError(`${what}: not the leader (${this.state === "over" ? "leadership ended" : "not yet leading"})`);
        }
    }

    /** Ends leadership now (the lease was lost or given up). */
    end(reason: string, lateMs = 0): void {
        if (this.state === "over") {
            return;
        }
        this.state = "over";
        this.clock.clearTimeout(this.timer);
        this.aborter.abort(new NotLeaderError(`leadership ended: ${reason}`));
        this.onOver(reason, lateMs);
    }

    /** Wakes at the deadline, so that in-flight requests are aborted even if nothing else runs. */
    private arm(): void {
        this.clock.clearTimeout(this.timer);
        this.timer = this.clock.setTimeout(() => {
            // Timers can fire a fraction early on a coarser clock: look again rather than end early.
            if (this.leading) {
                this.arm();
            }
        }, Math.max(1, this.deadline - this.clock.now()));
    }
}

/**
 * The leader's view of the API: every request is refused once leadership has ended, checked both when
 * it is made and on the open connection right before it is written, and aborted when leadership ends.
 */
export function fencedClient(client: KubeClient, fence: LeaderFence): Pick<KubeClient, "request"> {
    return {
        request<T>(method: string, pathAndQuery: string, options: RequestOptions = {}): Promise<T> {
            const what = `${method} ${pathAndQuery}`;
            try {
                fence.check(what);
            } catch (error) {
                return Promise.reject(error);
            }
            return client.request<T>(method, pathAndQuery, {
                ...options,
                signal: options.signal ? AbortSignal.any([options.signal, fence.signal]) : fence.signal,
                beforeSend: () => {
                    options.beforeSend?.();
                    fence.check(what);
                },
            });
        },
    };
}
