// The llamastack controller: turns each LlamaStackDistribution into a Deployment and reports its
// status. Bundled into one file (controller/dist/controller.js) that a stock Node.js image runs.
//
// Environment: KUBECONFIG (outside a cluster), POD_NAMESPACE and POD_NAME (the lease's namespace and
// this replica's identity), LEADER_ELECT ("false" to skip the lease), HEALTH_PORT (8081), WORKERS (4),
// RESYNC_SECONDS (600), LOG_LEVEL.
import * as http from "http";
import * as os from "os";
import { parseImageOverrides } from "./image";
import { Informer, keyOf } from "./informer";
import { fencedClient } from "./fence";
import { KubeClient, loadConnection } from "./kube";
import { LeaderElector } from "./leader";
import { log } from "./log";
import { group, kind, managedBy, managedByLabel, plural, version } from "./names";
import { WorkQueue } from "./queue";
import { onlyStatusChanged, Reconciler } from "./reconcile";
import { Deployment, Distribution } from "./types";

const healthPort = Number(process.env.HEALTH_PORT ?? 8081);
const workers = Number(process.env.WORKERS ?? 4);
const resyncMs = Number(process.env.RESYNC_SECONDS ?? 600) * 1000;
const leaseName = "llamastack-controller";

function ownerKey(deployment: Deployment): string | undefined {
    const owner = (deployment.metadata.ownerReferences ?? []).find((r) => r.controller && r.kind === kind && r.apiVersion.startsWith(`${group}/`));
    return owner ? `${deployment.metadata.namespace}/${owner.name}` : undefined;
}

async function main(): Promise<void> {
    const client = new KubeClient(loadConnection());
    const imageOverrides = parseImageOverrides(process.env.DISTRIBUTION_IMAGES);
    const identity = process.env.POD_NAME ?? `${os.hostname()}-${process.pid}`;
    const queue = new WorkQueue();
    // When each key's change was seen, to log reconcile latency (change seen → Deployment applied).
    const seenAt = new Map<string, number>();
    let shuttingDown = false;

    const enqueue = (key: string) => {
        if (!seenAt.has(key)) {
            seenAt.set(key, Date.now());
        }
        queue.add(key);
    };
    const distributions = new Informer<Distribution>(client, `/apis/${group}/${version}/${plural}`, (type, d, old) => {
        // Our own status writes come back as events; they change nothing to reconcile.
        if (type === "MODIFIED" && old && onlyStatusChanged(old, d)) {
            return;
        }
        enqueue(keyOf(d));
    });
    const deployments = new Informer<Deployment>(
        client,
        "/apis/apps/v1/deployments",
        (_type, d) => {
            const key = ownerKey(d);
            if (key) {
                enqueue(key);
            }
        },
        `${managedByLabel}=${managedBy}`,
    );
    const elector = process.env.LEADER_ELECT === "false" ? undefined : new LeaderElector(client, client.namespace, leaseName, identity);
    // The leader's work goes through its fence: no request is sent once its renew deadline has passed.
    const reconciler = new Reconciler(
        elector ? fencedClient(client, elector.fence) : client,
        { distribution: (key) => distributions.get(key), deployment: (key) => deployments.get(key) },
        (key) => {
            const since = seenAt.get(key);
            if (since !== undefined) {
                log("debug", "deployment applied", { key, latencyMs: Date.now() - since });
            }
        },
        { imageOverrides, allowPodOverrides: process.env.ALLOW_POD_OVERRIDES === "true" },
    );

    const health = http.createServer((req, res) => {
        const url = req.url ?? "";
        if (url.startsWith("/healthz")) {
            // Alive unless shutting down; a controller cut off from the API server keeps retrying on its own.
            res.writeHead(shuttingDown ? 503 : 200).end(shuttingDown ? "shutting down\n" : "ok\n");
        } else if (url.startsWith("/readyz")) {
            // A standby is ready (it waits for the lease); a leader once both caches are filled.
            const ready = !shuttingDown && (elector !== undefined && !elector.isLeader ? true : distributions.hasSynced && deployments.hasSynced);
            res.writeHead(ready ? 200 : 503).end(ready ? "ok\n" : "not ready\n");
        } else {
            res.writeHead(404).end();
        }
    });
    health.listen(healthPort);

    const inFlight = new Set<Promise<unknown>>();
    const shutdown = async (code: number) => {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        log("info", "shutting down");
        queue.shutDown();
        distributions.stop();
        deployments.stop();
        // Let running reconciles finish (each is a few requests), at most 10 seconds.
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => setTimeout(resolve, 10_000))]);
        await elector?.release();
        health.close();
        process.exit(code);
    };
    process.on("SIGTERM", () => void shutdown(0));
    process.on("SIGINT", () => void shutdown(0));

    log("info", "starting", { identity, namespace: client.namespace, leaderElection: elector !== undefined, workers });
    if (elector) {
        await elector.run(() => void shutdown(1));
        if (shuttingDown) {
            return;
        }
    }

    void distributions.run();
    void deployments.run();
    while (!(distributions.hasSynced && deployments.hasSynced)) {
        if (shuttingDown) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    log("info", "caches synced", { distributions: distributions.list().length, deployments: deployments.list().length });

    // A periodic resync catches anything a missed event or a manual edit of the Deployment left behind.
    setInterval(() => {
        reconciler.forgetApplied();
        distributions.list().forEach((d) => queue.add(keyOf(d)));
    }, resyncMs).unref();

    const worker = async () => {
        for (;;) {
            const key = await queue.get();
            if (key === undefined) {
                return;
            }
            const started = Date.now();
            const run = reconciler.sync(key);
            inFlight.add(run);
            try {
                const recheckMs = await run;
                queue.forget(key);
                if (recheckMs !== undefined) {
                    queue.addAfter(key, recheckMs);
                }
                log("debug", "reconciled", { key, durationMs: Date.now() - started });
            } catch (error) {
                const retryInMs = queue.addRateLimited(key);
                log("warn", "reconcile failed", { key, error: (error as Error).message, retries: queue.backoff.retries(key), retryInMs: Math.round(retryInMs) });
            } finally {
                inFlight.delete(run);
                seenAt.delete(key);
                queue.done(key);
            }
        }
    };
    await Promise.all(Array.from({ length: workers }, worker));
}

main().catch((error) => {
    log("error", "controller failed", { error: (error as Error).message });
    process.exit(1);
});
