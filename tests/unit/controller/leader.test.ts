import { strict as assert } from "assert";
import { ApiError, KubeClient, RequestOptions } from "../../../controller/kube";
import { checkTimings, defaultTimings, LeaderElector } from "../../../controller/leader";
import { setLogLevel } from "../../../controller/log";
import { FakeClock, flush } from "../fakeClock";

interface Call {
    method: string;
    options: RequestOptions;
}

/** A Lease API: answers from `lease`; `hang` leaves requests unanswered (a stopped network). */
function leaseApi() {
    const state = { lease: undefined as any, hang: false, calls: [] as Call[] };
    const client = {
        request: (method: string, _path: string, options: RequestOptions = {}) => {
            state.calls.push({ method, options });
            if (state.hang) {
                return new Promise(() => undefined);
            }
            if (method === "GET") {
                return state.lease ? Promise.resolve(JSON.parse(JSON.stringify(state.lease))) : Promise.reject(new ApiError(404, "NotFound", "not found"));
            }
            state.lease = { ...options.body as object, metadata: { name: "l", namespace: "ns", resourceVersion: "1" } };
            return Promise.resolve(state.lease);
        },
    } as unknown as KubeClient;
    return { client, state };
}

describe("controller leader election timings", () => {
    before(() => setLogLevel("error"));
    after(() => setLogLevel("info"));

    it("uses client-go's 15 s / 10 s / 2 s with lease requests limited to 5 s, and refuses unsafe ones", () => {
        assert.deepEqual(defaultTimings, { leaseMs: 15_000, renewDeadlineMs: 10_000, retryMs: 2_000, requestTimeoutMs: 5_000 });
        assert.doesNotThrow(() => checkTimings(defaultTimings));
        assert.throws(() => checkTimings({ ...defaultTimings, renewDeadlineMs: 15_000 }), /^Error: lease duration \(15000 ms\) must exceed the renew deadline \(15000 ms\)$/);
        assert.throws(() => checkTimings({ ...defaultTimings, retryMs: 9_000 }), /must exceed 1.2 × the retry period/);
        assert.throws(() => checkTimings({ ...defaultTimings, requestTimeoutMs: 10_000 }), /^Error: request timeout \(10000 ms\) must be below the renew deadline \(10000 ms\)$/);
    });

    it("renews every retry period while leading; each renewal moves the deadline to its start + 10 s", async () => {
        const clock = new FakeClock();
        const { client, state } = leaseApi();
        const elector = new LeaderElector(client, "ns", "l", "me", defaultTimings, clock);
        let lost = 0;
        await elector.run(() => lost++);
        assert.equal(elector.isLeader, true);
        assert.equal(elector.fence.remainingMs, 10_000);
        await clock.run(2_000);
        assert.deepEqual(state.calls.map((c) => c.method), ["GET", "POST", "GET", "PUT"]);
        assert.equal(elector.fence.remainingMs, 10_000);
        assert.equal(state.calls[3].options.timeoutMs, 5_000);
        assert.equal(state.calls[3].options.signal, elector.fence.signal, "a renewal pending at the deadline is aborted");
        await clock.run(60_000);
        assert.equal(lost, 0);
        assert.equal(elector.isLeader, true);
    });

    it("stops leading at the deadline even though its renewal never returns", async () => {
        const clock = new FakeClock();
        const { client, state } = leaseApi();
        const elector = new LeaderElector(client, "ns", "l", "me", defaultTimings, clock);
        let lost = 0;
        await elector.run(() => lost++);
        state.hang = true;
        await clock.run(9_999);
        assert.equal(elector.isLeader, true);
        assert.equal(lost, 0);
        await clock.run(1);
        assert.equal(lost, 1);
        assert.equal(elector.isLeader, false);
        assert.equal(elector.fence.signal.aborted, true);
    });

    it("after a stop longer than the deadline, ends at its first look and never renews", async () => {
        const clock = new FakeClock();
        const { client, state } = leaseApi();
        const elector = new LeaderElector(client, "ns", "l", "me", defaultTimings, clock);
        let lost = 0;
        await elector.run(() => lost++);
        const before = state.calls.length;
        clock.time += 30_000; // SIGSTOP … SIGCONT: no timer ran meanwhile
        // Whatever runs first on waking (here: work asking whether it may write) ends leadership.
        assert.equal(elector.fence.leading, false);
        assert.equal(lost, 1);
        await clock.run(10_000);
        await flush();
        assert.equal(state.calls.length, before, "no lease request after waking");
        assert.equal(lost, 1);
    });

    it("steps down at once when a renewal finds another holder", async () => {
        const clock = new FakeClock();
        const { client, state } = leaseApi();
        const elector = new LeaderElector(client, "ns", "l", "me", defaultTimings, clock);
        let lost = 0;
        await elector.run(() => lost++);
        state.lease.spec.holderIdentity = "other";
        state.lease.spec.renewTime = "2026-12-03T10:00:00.000000Z";
        await clock.run(2_000);
        assert.equal(lost, 1);
        assert.equal(elector.isLeader, false);
        assert.equal(elector.fence.remainingMs, 0);
    });
});
