// List, then watch from the list's resourceVersion; resume each watch where the last one ended, and
// list again when the server says the version is gone (410). Keeps a cache of the objects.
import { ApiError, KubeClient } from "./kube";
import { log } from "./log";
import { setTimeout as delay } from "node:timers/promises";

export interface KubeObject {
    metadata: { name: string; namespace?: string; resourceVersion?: string };
}

/** `old` is the cached object a MODIFIED event replaces, when there was one. */
export type Handler<T> = (type: "ADDED" | "MODIFIED" | "DELETED", object: T, old?: T) => void;

export function keyOf(object: KubeObject): string {
    return `${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}

export class Informer<T extends KubeObject> {
    private readonly store = new Map<string, T>();
    private resourceVersion = "";
    private synced = false;
    private readonly abort = new AbortController();
    private lastContact = Date.now();
    /** An optional kind the last list could not read (404 or 403). */
    private absent = false;

    constructor(
        private readonly client: KubeClient,
        /** e.g. `/apis/apps/v1/deployments` (all namespaces). */
        private readonly collectionPath: string,
        private readonly handler: Handler<T>,
        private readonly labelSelector?: string,
        /**
         * Set for a kind that may not be installed, or that the controller may not be allowed to read
         * (cert-manager's Certificates): a 404 or 403 is then logged once at debug level, not as a
         * failure, and the kind looked for again after this many milliseconds.
         */
        private readonly optionalRetryMs?: number,
    ) {}

    get(key: string): T | undefined {
        return this.store.get(key);
    }

    list(): T[] {
        return [...this.store.values()];
    }

    get hasSynced(): boolean {
        return this.synced;
    }

    /** Milliseconds since the API server last answered this informer. */
    get silentFor(): number {
        return Date.now() - this.lastContact;
    }

    stop(): void {
        this.abort.abort();
    }

    private query(extra: Record<string, string>): string {
        const params = new URLSearchParams(extra);
        if (this.labelSelector) {
            params.set("labelSelector", this.labelSelector);
        }
        return `${this.collectionPath}?${params.toString()}`;
    }

    /** Waits, or less when stopped meanwhile (Node's abortable timer leaves no listener behind). */
    private sleep(ms: number): Promise<void> {
        return delay(ms, undefined, { signal: this.abort.signal }).catch(() => undefined);
    }

    /** Lists everything and replaces the cache, reporting what appeared, changed or vanished meanwhile. */
    private async relist(): Promise<void> {
        const items: T[] = [];
        let continueToken = "";
        let listVersion = "";
        do {
            const page = await this.client.request<{ items: T[]; metadata: { resourceVersion: string; continue?: string } }>(
                "GET",
                this.query({ limit: "500", ...(continueToken ? { continue: continueToken } : {}) }),
                { signal: this.abort.signal },
            );
            items.push(...page.items);
            continueToken = page.metadata.continue ?? "";
            listVersion = page.metadata.resourceVersion;
        } while (continueToken);
        this.lastContact = Date.now();
        const seen = new Set<string>();
        for (const item of items) {
            const key = keyOf(item);
            seen.add(key);
            const before = this.store.get(key);
            this.store.set(key, item);
            if (before?.metadata.resourceVersion !== item.metadata.resourceVersion) {
                this.handler(before ? "MODIFIED" : "ADDED", item, before);
            }
        }
        for (const [key, item] of this.store) {
            if (!seen.has(key)) {
                this.store.delete(key);
                this.handler("DELETED", item);
            }
        }
        this.resourceVersion = listVersion;
        this.absent = false;
        this.synced = true;
    }

    private onEvent(event: { type: string; object: any }): void {
        this.lastContact = Date.now();
        if (event.type === "BOOKMARK") {
            this.resourceVersion = event.object.metadata.resourceVersion;
            return;
        }
        if (event.type === "ERROR") {
            const status = event.object;
            throw new ApiError(status.code ?? 500, status.reason ?? "", status.message ?? "watch error");
        }
        const object = event.object as T;
        const key = keyOf(object);
        const before = this.store.get(key);
        if (event.type === "DELETED") {
            this.store.delete(key);
        } else {
            this.store.set(key, object);
        }
        this.resourceVersion = object.metadata.resourceVersion ?? this.resourceVersion;
        this.handler(event.type as "ADDED" | "MODIFIED" | "DELETED", object, before);
    }

    /** Runs until stopped: list, watch, resume, relist on 410, back off on failures. */
    async run(): Promise<void> {
        let needList = true;
        let failures = 0;
        while (!this.abort.signal.aborted) {
            try {
                if (needList) {
                    await this.relist();
                    needList = false;
                }
                const watchStarted = Date.now();
                await this.client.watch(
                    this.query({ watch: "1", resourceVersion: this.resourceVersion, allowWatchBookmarks: "true", timeoutSeconds: String(240 + Math.floor(Math.random() * 120)) }),
                    (event) => this.onEvent(event),
                    this.abort.signal,
                );
                // A watch the server ends at once (e.g. while it shuts down) counts as a failure, so
                // that reconnecting backs off instead of spinning.
                if (Date.now() - watchStarted < 1000) {
                    throw new Error("watch ended immediately");
                }
                failures = 0;
            } catch (error) {
                if (this.abort.signal.aborted) {
                    break;
                }
                if (error instanceof ApiError && (error.status === 410 || error.reason === "Expired" || error.reason === "Gone")) {
                    log("info", "watch expired, listing again", { path: this.collectionPath });
                    needList = true;
                    continue;
                }
                if (this.optionalRetryMs !== undefined && error instanceof ApiError && (error.status === 404 || error.status === 403)) {
                    if (!this.absent) {
                        log("debug", "not watching an optional kind: not installed or not allowed", { path: this.collectionPath, status: error.status });
                    }
                    // Uninstalled or forbidden since: a cache nobody can refresh is not served.
                    this.absent = true;
                    this.synced = false;
                    this.store.clear();
                    needList = true;
                    await this.sleep(this.optionalRetryMs);
                    continue;
                }
                failures++;
                const delay = Math.min(30_000, 200 * 2 ** Math.min(failures, 8)) * (0.5 + Math.random() / 2);
                log("warn", "watch failed, retrying", { path: this.collectionPath, error: (error as Error).message, retryInMs: Math.round(delay) });
                await this.sleep(delay);
            }
        }
    }
}
