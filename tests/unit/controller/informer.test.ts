import { strict as assert } from "assert";
import { getEventListeners } from "events";
import * as http from "http";
import { AddressInfo } from "net";
import { Informer } from "../../../controller/informer";
import { KubeClient } from "../../../controller/kube";
import { LeaderElector } from "../../../controller/leader";
import { setLogLevel } from "../../../controller/log";

/** A tiny stand-in for the API server on 127.0.0.1, answering from a handler; records every request. */
async function fakeApiServer(handle: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void) {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
            requests.push(`${req.method} ${req.url}`);
            handle(req, body, res);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const client = new KubeClient({ server: `http://127.0.0.1:${port}`, token: "t", namespace: "ops" });
    return { client, requests, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }) };
}

function object(name: string, resourceVersion: string, replicas = 1) {
    return { metadata: { name, namespace: "ns", resourceVersion }, spec: { replicas } };
}

async function until(condition: () => boolean, ms = 3000): Promise<void> {
    const end = Date.now() + ms;
    while (!condition()) {
        if (Date.now() > end) throw new Error("timed out");
        await new Promise((resolve) => setTimeout(resolve, 10));
    }
}

describe("controller informer and lease against a fake API server", () => {
    before(() => setLogLevel("error"));
    after(() => setLogLevel("info"));

    it("lists, watches from the list's resourceVersion, resumes, and lists again on 410 Gone", async () => {
        let lists = 0;
        let watches = 0;
        const api = await fakeApiServer((req, _body, res) => {
            const url = new URL(req.url!, "http://x");
            if (!url.searchParams.has("watch")) {
                lists++;
                const items = lists === 1 ? [object("a", "5"), object("b", "5")] : [object("a", "9", 3)];
                return res.end(JSON.stringify({ items, metadata: { resourceVersion: lists === 1 ? "5" : "9" } }));
            }
            watches++;
            res.writeHead(200);
            if (watches === 1) {
                // A change, a bookmark, then the watch ends normally (after a moment): resume from the last version.
                res.write(JSON.stringify({ type: "MODIFIED", object: object("a", "6", 2) }) + "\n");
                res.write(JSON.stringify({ type: "BOOKMARK", object: { metadata: { resourceVersion: "7" } } }) + "\n");
                setTimeout(() => res.end(), 1100);
            } else if (watches === 2) {
                res.write(JSON.stringify({ type: "ERROR", object: { kind: "Status", code: 410, reason: "Expired", message: "too old resource version" } }) + "\n");
            }
            // Later watches stay open.
        });
        const events: string[] = [];
        const informer = new Informer<ReturnType<typeof object>>(api.client, "/apis/x/v1/things", (type, o) => events.push(`${type} ${o.metadata.name} ${o.spec.replicas}`), "app=x");
        const running = informer.run();
        await until(() => watches >= 3);
        informer.stop();
        await running;
        await api.close();

        assert.deepEqual(api.requests.filter((r) => r.includes("watch=1")).map((r) => new URL(r.split(" ")[1], "http://x").searchParams.get("resourceVersion")), ["5", "7", "9"]);
        assert.ok(api.requests.every((r) => r.includes("labelSelector=app%3Dx")));
        assert.equal(lists, 2);
        // After the relist, b is gone (deleted while we could not watch) and a has its newest state.
        assert.deepEqual(events, ["ADDED a 1", "ADDED b 1", "MODIFIED a 2", "MODIFIED a 3", "DELETED b 1"]);
        assert.deepEqual(informer.list().map((o) => o.metadata.name), ["a"]);
        assert.equal(informer.hasSynced, true);
    });

    it("waits quietly for an optional kind that is not installed, then lists it once it is", async () => {
        let installed = false;
        const api = await fakeApiServer((req, _body, res) => {
            const url = new URL(req.url!, "http://x");
            if (!installed) {
                res.writeHead(404, { "content-type": "application/json" });
                return res.end(JSON.stringify({ kind: "Status", code: 404, reason: "NotFound", message: "the server could not find the requested resource" }));
            }
            if (!url.searchParams.has("watch")) {
                return res.end(JSON.stringify({ items: [object("cert", "3")], metadata: { resourceVersion: "3" } }));
            }
            res.writeHead(200);
        });
        const logged: string[] = [];
        const write = process.stdout.write.bind(process.stdout);
        setLogLevel("debug");
        process.stdout.write = ((chunk: string) => (logged.push(String(chunk)), true)) as typeof process.stdout.write;
        const seen: string[] = [];
        const informer = new Informer<ReturnType<typeof object>>(api.client, "/apis/cert-manager.io/v1/certificates", (type, o) => seen.push(`${type} ${o.metadata.name}`), undefined, 5);
        const running = informer.run();
        try {
            await until(() => api.requests.length >= 15);
            assert.equal(informer.hasSynced, false);
            // Each wait removes its listener: a kind absent for days leaves none piling up on the signal.
            const signal = (informer as unknown as { abort: AbortController }).abort.signal;
            assert.ok(getEventListeners(signal, "abort").length <= 1, `${getEventListeners(signal, "abort").length} abort listeners`);
            installed = true;
            await until(() => informer.hasSynced);
            assert.deepEqual(seen, ["ADDED cert"]);
        } finally {
            informer.stop();
            await running;
            process.stdout.write = write;
            setLogLevel("error");
            await api.close();
        }
        const levels = logged.map((line) => JSON.parse(line) as { level: string; msg: string });
        assert.deepEqual(levels.filter((l) => l.level !== "debug"), [], "no warning while it is absent");
        assert.equal(levels.filter((l) => l.msg.startsWith("not watching an optional kind")).length, 1, "said once, at debug level");
    });

    it("creates the lease when there is none, and a second candidate waits while it is renewed", async () => {
        let lease: any;
        let version = 0;
        const api = await fakeApiServer((req, body, res) => {
            const send = (status: number, value: unknown) => {
                res.writeHead(status);
                res.end(JSON.stringify(value));
            };
            if (req.method === "GET") {
                return lease ? send(200, lease) : send(404, { kind: "Status", reason: "NotFound", message: "not found" });
            }
            const next = JSON.parse(body);
            if (req.method === "PUT" && next.metadata.resourceVersion !== lease.metadata.resourceVersion) {
                return send(409, { kind: "Status", reason: "Conflict", message: "conflict" });
            }
            lease = { ...next, metadata: { ...next.metadata, resourceVersion: String(++version) } };
            send(req.method === "POST" ? 201 : 200, lease);
        });
        const first = new LeaderElector(api.client, "ops", "llamastack-controller", "one");
        const second = new LeaderElector(api.client, "ops", "llamastack-controller", "two");
        assert.equal(await first.tryAcquireOrRenew(), true);
        assert.equal(lease.spec.holderIdentity, "one");
        assert.equal(lease.spec.leaseDurationSeconds, 15);
        assert.match(lease.spec.renewTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
        assert.equal(await second.tryAcquireOrRenew(), false);
        assert.equal(await first.tryAcquireOrRenew(), true, "renews");
        assert.equal(await second.tryAcquireOrRenew(), false);
        assert.ok(api.requests.includes("POST /apis/coordination.k8s.io/v1/namespaces/ops/leases"));
        assert.ok(api.requests.includes("PUT /apis/coordination.k8s.io/v1/namespaces/ops/leases/llamastack-controller"));
        await api.close();
    });
});
