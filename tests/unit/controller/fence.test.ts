import { strict as assert } from "assert";
import * as http from "http";
import { AddressInfo } from "net";
import { fencedClient, LeaderFence, NotLeaderError } from "../../../controller/fence";
import { KubeClient, RequestOptions } from "../../../controller/kube";
import { FakeClock } from "../fakeClock";

function fence(clock: FakeClock) {
    const ended: { reason: string; lateMs: number }[] = [];
    const f = new LeaderFence(10_000, (reason, lateMs) => ended.push({ reason, lateMs }), clock);
    return { f, ended };
}

describe("controller leader fence", () => {
    it("leads from a renewal until its send time + the renew deadline, and not a millisecond longer", () => {
        const clock = new FakeClock();
        const { f, ended } = fence(clock);
        assert.equal(f.leading, false, "not before the first renewal");
        clock.time = 1_000;
        f.renewed(500);
        clock.time = 10_499;
        assert.equal(f.leading, true);
        assert.equal(f.remainingMs, 1);
        clock.time = 10_500;
        assert.equal(f.leading, false);
        assert.deepEqual(ended, [{ reason: "renew deadline passed", lateMs: 0 }]);
    });

    it("extends on each renewal, never shortens, and never comes back once over", () => {
        const clock = new FakeClock();
        const { f, ended } = fence(clock);
        f.renewed(0);
        f.renewed(4_000);
        f.renewed(2_000);
        clock.time = 13_999;
        assert.equal(f.leading, true);
        clock.time = 14_000;
        assert.equal(f.leading, false);
        f.renewed(14_000);
        assert.equal(f.leading, false, "a late renewal does not revive it");
        assert.equal(ended.length, 1);
    });

    it("ends at the deadline by its own timer, aborting in-flight requests, when nothing else runs", () => {
        const clock = new FakeClock();
        const { f, ended } = fence(clock);
        f.renewed(0);
        clock.advance(9_999);
        assert.equal(f.signal.aborted, false);
        assert.equal(ended.length, 0);
        clock.advance(1);
        assert.equal(f.signal.aborted, true);
        assert.ok(f.signal.reason instanceof NotLeaderError);
        assert.deepEqual(ended, [{ reason: "renew deadline passed", lateMs: 0 }]);
        assert.equal(clock.pending, 0);
    });

    it("notices at the first look after waking from a stop (timers not yet run) how late it is", () => {
        const clock = new FakeClock();
        const { f, ended } = fence(clock);
        f.renewed(0);
        clock.time = 31_000; // SIGSTOP at ~0, SIGCONT at 31 s: no timer has run yet
        assert.throws(() => f.check("PATCH /apis/apps/v1/namespaces/ai/deployments/llama"), (e: Error) => {
            assert.ok(e instanceof NotLeaderError);
            assert.equal(e.message, "PATCH /apis/apps/v1/namespaces/ai/deployments/llama: not the leader (leadership ended)");
            return true;
        });
        assert.deepEqual(ended, [{ reason: "renew deadline passed", lateMs: 21_000 }]);
        assert.equal(f.signal.aborted, true);
    });

    it("ends at once when told (lease lost or released), once", () => {
        const clock = new FakeClock();
        const { f, ended } = fence(clock);
        f.renewed(0);
        f.end("another replica holds the lease");
        f.end("released");
        assert.equal(f.leading, false);
        assert.deepEqual(ended, [{ reason: "another replica holds the lease", lateMs: 0 }]);
    });
});

describe("controller fenced client", () => {
    function recording() {
        const sent: { method: string; path: string; options: RequestOptions }[] = [];
        const client = {
            request: async (method: string, path: string, options: RequestOptions = {}) => {
                sent.push({ method, path, options });
                return {};
            },
        } as unknown as KubeClient;
        return { client, sent };
    }

    it("refuses every request once leadership ended, before handing it to the client", async () => {
        const clock = new FakeClock();
        const { f } = fence(clock);
        const { client, sent } = recording();
        const fenced = fencedClient(client, f);
        await assert.rejects(fenced.request("PATCH", "/x"), /PATCH \/x: not the leader \(not yet leading\)/);
        f.renewed(0);
        await fenced.request("PATCH", "/x");
        clock.time = 10_000;
        await assert.rejects(fenced.request("POST", "/y"), NotLeaderError);
        assert.deepEqual(sent.map((s) => `${s.method} ${s.path}`), ["PATCH /x"]);
    });

    it("checks again right before the bytes are written, and hands the fence's abort signal along", async () => {
        const clock = new FakeClock();
        const { f } = fence(clock);
        const { client, sent } = recording();
        f.renewed(0);
        await fencedClient(client, f).request("PATCH", "/x");
        const options = sent[0].options;
        assert.doesNotThrow(() => options.beforeSend!());
        assert.equal(options.signal, f.signal);
        clock.time = 10_000; // e.g. stopped while the connection was being opened
        assert.throws(() => options.beforeSend!(), NotLeaderError);
        assert.equal(options.signal!.aborted, true);
    });
});

describe("controller kube client limits", () => {
    let server: http.Server;
    let client: KubeClient;
    const received: string[] = [];
    let answer: (res: http.ServerResponse) => void;

    before(async () => {
        server = http.createServer((req, res) => {
            received.push(`${req.method} ${req.url}`);
            answer(res);
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        client = new KubeClient({ server: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, namespace: "default" });
    });
    after(() => {
        server.closeAllConnections();
        server.close();
    });
    beforeEach(() => {
        received.length = 0;
        answer = (res) => res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });

    it("sends nothing when the check right before writing refuses, on a new and on a reused connection", async () => {
        server.closeAllConnections();
        const refuse = () => {
            throw new NotLeaderError("not the leader");
        };
        await assert.rejects(client.request("PATCH", "/new", { body: {}, beforeSend: refuse }), /not the leader/);
        await client.request("GET", "/warm");
        await assert.rejects(client.request("PATCH", "/reused", { body: {}, beforeSend: refuse }), /not the leader/);
        let checked = 0;
        await client.request("PATCH", "/allowed", { body: {}, beforeSend: () => void checked++ });
        assert.deepEqual(received, ["GET /warm", "PATCH /allowed"]);
        assert.equal(checked, 1);
    });

    it("gives up on an unanswered request after its timeout", async () => {
        answer = () => undefined;
        const started = Date.now();
        await assert.rejects(client.request("GET", "/slow", { timeoutMs: 200 }), /^Error: GET \/slow: no answer within 200 ms$/);
        const took = Date.now() - started;
        assert.ok(took >= 190 && took < 2_000, `took ${took} ms`);
    });

    it("aborts an in-flight request when its signal fires, saying why", async () => {
        answer = () => undefined;
        const aborter = new AbortController();
        const pending = client.request("PATCH", "/inflight", { body: {}, signal: aborter.signal });
        await new Promise((resolve) => setTimeout(resolve, 50));
        aborter.abort(new NotLeaderError("leadership ended: renew deadline passed"));
        await assert.rejects(pending, /^Error: PATCH \/inflight: aborted: leadership ended: renew deadline passed$/);
    });
});
