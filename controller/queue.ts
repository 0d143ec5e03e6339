// A work queue of keys ("namespace/name"), as in client-go: a key is queued at most once, is never
// handed to two workers at once, and failed keys come back after a per-key exponential backoff,
// with an overall token bucket so that many failing keys cannot flood the API server.

/** Per-key exponential backoff: base·2^failures, capped. */
export class ExponentialBackoff {
    private readonly failures = new Map<string, number>();

    constructor(private readonly baseMs = 5, private readonly maxMs = 300_000) {}

    /** The delay before retrying `key`, counting this failure. */
    when(key: string): number {
        const count = this.failures.get(key) ?? 0;
        this.failures.set(key, count + 1);
        return Math.min(this.maxMs, this.baseMs * 2 ** count);
    }

    /** The key succeeded: its next failure starts from the base delay again. */
    forget(key: string): void {
        this.failures.delete(key);
    }

    retries(key: string): number {
        return this.failures.get(key) ?? 0;
    }
}

/** An overall token bucket (`ratePerSecond`, `burst`); each retry reserves one token. */
export class TokenBucket {
    private tokens: number;
    private last: number;

    constructor(private readonly ratePerSecond = 10, private readonly burst = 100, now = 0) {
        this.tokens = burst;
        this.last = now;
    }

    /** Reserves a token and returns how long (ms) to wait until it is due; never refuses. */
    reserve(now: number): number {
        this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
        this.last = now;
        this.tokens -= 1;
        return this.tokens >= 0 ? 0 : (-this.tokens / this.ratePerSecond) * 1000;
    }
}

export interface Clock {
    now(): number;
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
    now: () => Date.now(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class WorkQueue {
    private readonly order: string[] = [];
    /** Keys waiting to be processed (in `order`, or to be re-queued when their worker is done). */
    private readonly dirty = new Set<string>();
    /** Keys a worker holds right now. */
    private readonly processing = new Set<string>();
    private readonly delayed = new Map<string, { due: number; handle: unknown }>();
    private readonly waiters: ((key: string | undefined) => void)[] = [];
    private shuttingDown = false;
    readonly backoff: ExponentialBackoff;
    readonly bucket: TokenBucket;

    constructor(private readonly clock: Clock = realClock, backoff?: ExponentialBackoff, bucket?: TokenBucket) {
        this.backoff = backoff ?? new ExponentialBackoff();
        this.bucket = bucket ?? new TokenBucket(10, 100, clock.now());
    }

    /** Queues a key unless it is already waiting; a key being processed is queued again when done. */
    add(key: string): void {
        if (this.shuttingDown || this.dirty.has(key)) {
            return;
        }
        this.dirty.add(key);
        if (this.processing.has(key)) {
            return;
        }
        const waiter = this.waiters.shift();
        if (waiter) {
            this.dirty.delete(key);
            this.processing.add(key);
            waiter(key);
        } else {
            this.order.push(key);
        }
    }

    /** Queues a key after `ms`; an earlier pending delay for the same key wins. */
    addAfter(key: string, ms: number): void {
        if (this.shuttingDown) {
            return;
        }
        if (ms <= 0) {
            this.add(key);
            return;
        }
        const due = this.clock.now() + ms;
        const pending = this.delayed.get(key);
        if (pending && pending.due <= due) {
            return;
        }
        if (pending) {
            this.clock.clearTimeout(pending.handle);
        }
        const handle = this.clock.setTimeout(() => {
            this.delayed.delete(key);
            this.add(key);
        }, ms);
        this.delayed.set(key, { due, handle });
    }

    /** Queues a failed key after the larger of its own backoff and the overall rate limit. */
    addRateLimited(key: string): number {
        const delay = Math.max(this.backoff.when(key), this.bucket.reserve(this.clock.now()));
        this.addAfter(key, delay);
        return delay;
    }

    /** The key succeeded: reset its backoff. */
    forget(key: string): void {
        this.backoff.forget(key);
    }

    /** The next key to process, waiting for one if none is queued; undefined once shut down. */
    get(): Promise<string | undefined> {
        const key = this.order.shift();
        if (key !== undefined) {
            this.dirty.delete(key);
            this.processing.add(key);
            return Promise.resolve(key);
        }
        if (this.shuttingDown) {
            return Promise.resolve(undefined);
        }
        return new Promise((resolve) => this.waiters.push(resolve));
    }

    /** A worker finished with `key`; if it was added meanwhile, it is queued again now. */
    done(key: string): void {
        this.processing.delete(key);
        if (this.dirty.has(key)) {
            this.dirty.delete(key);
            this.add(key);
        }
    }

    /** Keys waiting (not counting delayed or in-flight ones). */
    get length(): number {
        return this.order.length;
    }

    get inFlight(): number {
        return this.processing.size;
    }

    /** Stops handing out keys: waiting workers get undefined, delayed keys are dropped. */
    shutDown(): void {
        this.shuttingDown = true;
        for (const { handle } of this.delayed.values()) {
            this.clock.clearTimeout(handle);
        }
        this.delayed.clear();
        for (const waiter of this.waiters.splice(0)) {
            waiter(undefined);
        }
    }
}
