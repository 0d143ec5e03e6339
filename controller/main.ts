// The llamastack controller: turns each LlamaStackDistribution into a Deployment and reports its
// status. Bundled into one file (controller/dist/controller.js) that a stock Node.js image runs.
//
// Environment: KUBECONFIG (outside a cluster), POD_NAMESPACE and POD_NAME (the lease's namespace and
// this replica's identity), LEADER_ELECT ("false" to skip the lease), HEALTH_PORT (8081), WORKERS (4),
// RESYNC_SECONDS (600), LOG_LEVEL, WATCH_NAMESPACES (comma-separated namespaces to serve; unset: all),
// CERTIFICATE_RECHECK_SECONDS (60: how often a TLS distribution reads its Certificate while
// Certificates cannot be watched), DISTRIBUTION_IMAGES, ALLOW_POD_OVERRIDES.
import * as http from "http";
import * as os from "os";
import { Controller } from "./controller";
import { fencedClient } from "./fence";
import { parseImageOverrides } from "./image";
import { KubeClient, loadConnection } from "./kube";
import { LeaderElector } from "./leader";
import { log } from "./log";
import { parseWatchNamespaces, watchNamespacesEnv } from "./watchNamespaces";

const healthPort = Number(process.env.HEALTH_PORT ?? 8081);
const workers = Number(process.env.WORKERS ?? 4);
const resyncMs = Number(process.env.RESYNC_SECONDS ?? 600) * 1000;
const certificateRecheckSeconds = Number(process.env.CERTIFICATE_RECHECK_SECONDS);
const leaseName = "llamastack-controller";

async function main(): Promise<void> {
    // Before anything else: a bad list must not start a controller that serves something else.
    const namespaces = parseWatchNamespaces(process.env[watchNamespacesEnv]);
    const client = new KubeClient(loadConnection());
    const identity = process.env.POD_NAME ?? `${os.hostname()}-${process.pid}`;
    let shuttingDown = false;

    const elector = process.env.LEADER_ELECT === "false" ? undefined : new LeaderElector(client, client.namespace, leaseName, identity);
    const controller = new Controller(client, {
        // The leader's work goes through its fence: no request is sent once its renew deadline has passed.
        writer: elector ? fencedClient(client, elector.fence) : client,
        imageOverrides: parseImageOverrides(process.env.DISTRIBUTION_IMAGES),
        allowPodOverrides: process.env.ALLOW_POD_OVERRIDES === "true",
        // Unset, zero, negative or not a number: the default.
        certificateRecheckMs: certificateRecheckSeconds > 0 && Number.isFinite(certificateRecheckSeconds) ? certificateRecheckSeconds * 1000 : undefined,
        namespaces,
    });

    const health = http.createServer((req, res) => {
        const url = req.url ?? "";
        if (url.startsWith("/healthz")) {
            // Alive unless shutting down; a controller cut off from the API server keeps retrying on its own.
            res.writeHead(shuttingDown ? 503 : 200).end(shuttingDown ? "shutting down\n" : "ok\n");
        } else if (url.startsWith("/readyz")) {
            // A standby is ready (it waits for the lease); a leader once both caches are filled.
            const ready = !shuttingDown && (elector !== undefined && !elector.isLeader ? true : controller.hasSynced);
            res.writeHead(ready ? 200 : 503).end(ready ? "ok\n" : "not ready\n");
        } else {
            res.writeHead(404).end();
        }
    });
    health.listen(healthPort);

    const shutdown = async (code: number) => {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        log("info", "shutting down");
        controller.stop();
        // Let running reconciles finish (each is a few requests), at most 10 seconds.
        await Promise.race([Promise.allSettled([...controller.inFlight]), new Promise((resolve) => setTimeout(resolve, 10_000))]);
        await elector?.release();
        health.close();
        process.exit(code);
    };
    process.on("SIGTERM", () => void shutdown(0));
    process.on("SIGINT", () => void shutdown(0));

    log("info", "starting", { identity, namespace: client.namespace, watchNamespaces: namespaces ?? "all", leaderElection: elector !== undefined, workers });
    if (elector) {
        await elector.run(() => void shutdown(1));
        if (shuttingDown) {
            return;
        }
    }
    await controller.run(workers, resyncMs, () => shuttingDown);
}

main().catch((error) => {
    log("error", "controller failed", { error: (error as Error).message });
    process.exit(1);
});
