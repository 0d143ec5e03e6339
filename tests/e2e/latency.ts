// Reconcile latency of the running controller, on a real API server (KUBECONFIG).
//   ts-node --transpile-only tests/e2e/latency.ts <distributions> <samples>
// Creates <distributions> distributions with 0 replicas (no pods, so only the controller is
// measured) in a fresh namespace, waits until each has its Deployment (the "converge" time), then
// <samples> times changes one distribution's pod annotation and times the moment the Deployment
// carries it (the "reconcile latency": change accepted → Deployment updated, seen by a watch).
// Prints one JSON line; deletes the namespace at the end.
import { ApiError, KubeClient, loadConnection } from "../../controller/kube";

const count = Number(process.argv[2] ?? 1);
const samples = Number(process.argv[3] ?? 20);
const namespace = `llsd-bench-${count}`;
const client = new KubeClient(loadConnection());
const base = `/apis/llamastack.io/v1alpha1/namespaces/${namespace}/llamastackdistributions`;

// Bench annotation value per Deployment name, from a watch; waiters resolve when a value appears.
const seen = new Map<string, string>();
const waiters: { name: string; value: string; resolve: (at: number) => void }[] = [];

function onDeployment(event: any): void {
    const d = event.object;
    if (event.type === "ERROR" || !d?.metadata) {
        return;
    }
    const value = d.spec?.template?.metadata?.annotations?.bench ?? "";
    seen.set(d.metadata.name, value);
    const now = performance.now();
    for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i].name === d.metadata.name && waiters[i].value === value) {
            waiters[i].resolve(now);
            waiters.splice(i, 1);
        }
    }
}

function until(name: string, value: string): Promise<number> {
    if (seen.get(name) === value) {
        return Promise.resolve(performance.now());
    }
    return new Promise((resolve) => waiters.push({ name, value, resolve }));
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(Array.from({ length: width }, async () => {
        while (next < items.length) {
            await fn(items[next++]);
        }
    }));
}

function percentile(sorted: number[], p: number): number {
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
    // A namespace of an earlier run may still be terminating.
    for (;;) {
        const gone = await client.request("GET", `/api/v1/namespaces/${namespace}`).then(() => false, (e) => e instanceof ApiError && e.status === 404);
        if (gone) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await client.request("POST", "/api/v1/namespaces", { body: { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } } }).catch((e) => {
        if (!(e instanceof ApiError && e.status === 409)) throw e;
    });
    const abort = new AbortController();
    const list = await client.request("GET", `/apis/apps/v1/namespaces/${namespace}/deployments`);
    const watching = client
        .watch(`/apis/apps/v1/namespaces/${namespace}/deployments?watch=1&resourceVersion=${list.metadata.resourceVersion}`, onDeployment, abort.signal)
        .catch(() => undefined);

    const names = Array.from({ length: count }, (_, i) => `bench-${i}`);
    const started = performance.now();
    await pool(names, 16, async (name) => {
        await client.request("POST", base, {
            body: {
                apiVersion: "llamastack.io/v1alpha1",
                kind: "LlamaStackDistribution",
                metadata: { name, namespace },
                spec: { image: "llamastack/distribution-starter:0.2.0", replicas: 0, podAnnotations: { bench: "0" } },
            },
        });
    });
    const created = performance.now();
    await Promise.all(names.map((name) => until(name, "0")));
    const converged = performance.now();

    let change = 0;
    const measure = async (n: number) => {
        const latencies: number[] = [];
        for (let i = 0; i < n; i++) {
            const name = names[Math.floor(Math.random() * names.length)];
            const value = String(++change);
            const appeared = until(name, value);
            const t0 = performance.now();
            await client.request("PATCH", `${base}/${name}`, { body: { spec: { podAnnotations: { bench: value } } }, contentType: "application/merge-patch+json" });
            latencies.push((await appeared) - t0);
        }
        latencies.sort((a, b) => a - b);
        return { p50: Math.round(percentile(latencies, 50)), p90: Math.round(percentile(latencies, 90)), max: Math.round(latencies[latencies.length - 1]) };
    };
    // While the controller still works through the creation burst (status of every new distribution).
    const duringBurst = await measure(Math.min(samples, 10));
    // Then once every distribution reports Ready (its rollout of 0 replicas done, status written).
    for (;;) {
        const all = await client.request("GET", base);
        if (all.items.every((d: any) => d.status?.phase === "Ready")) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const allReady = performance.now();
    const steady = await measure(samples);
    abort.abort();
    await watching;
    console.log(
        JSON.stringify({
            distributions: count,
            createMs: Math.round(created - started),
            allDeploymentsMs: Math.round(converged - started),
            allReadyMs: Math.round(allReady - started),
            samples,
            latencyMs: { duringBurst, steady },
        }),
    );
    await client.request("DELETE", `/api/v1/namespaces/${namespace}`);
}

main().then(
    () => process.exit(0),
    (error) => {
        console.error(error);
        process.exit(1);
    },
);
