import { strict as assert } from "assert";
import { ExponentialBackoff, TokenBucket, WorkQueue } from "../../../controller/queue";
import { FakeClock } from "../fakeClock";

describe("controller work queue", () => {
    it("backs off per key exponentially from 5ms, capped at 5 minutes, and forgets on success", () => {
        const backoff = new ExponentialBackoff();
        assert.deepEqual([1, 2, 3, 4, 5].map(() => backoff.when("a/x")), [5, 10, 20, 40, 80]);
        assert.equal(backoff.when("b/y"), 5);
        assert.equal(backoff.retries("a/x"), 5);
        for (let i = 0; i < 30; i++) {
            backoff.when("a/x");
        }
        assert.equal(backoff.when("a/x"), 300_000);
        backoff.forget("a/x");
        assert.equal(backoff.when("a/x"), 5);
    });

    it("lets a burst of 100 through the token bucket, then 10 per second", () => {
        const bucket = new TokenBucket(10, 100, 0);
        for (let i = 0; i < 100; i++) {
            assert.equal(bucket.reserve(0), 0);
        }
        assert.equal(bucket.reserve(0), 100);
        assert.equal(bucket.reserve(0), 200);
        // 1 second later, 10 tokens have come back; 2 were already owed.
        assert.equal(bucket.reserve(1000), 0);
    });

    it("holds a key once however often it is added", async () => {
        const queue = new WorkQueue(new FakeClock());
        queue.add("ns/a");
        queue.add("ns/b");
        queue.add("ns/a");
        assert.equal(queue.length, 2);
        assert.equal(await queue.get(), "ns/a");
        assert.equal(await queue.get(), "ns/b");
        assert.equal(queue.length, 0);
    });

    it("never hands a key to two workers: one added while in flight comes back after done", async () => {
        const queue = new WorkQueue(new FakeClock());
        queue.add("ns/a");
        const key = await queue.get();
        queue.add("ns/a");
        queue.add("ns/a");
        assert.equal(queue.length, 0, "not queued while in flight");
        assert.equal(queue.inFlight, 1);
        queue.done(key!);
        assert.equal(queue.length, 1, "queued once after done");
        assert.equal(await queue.get(), "ns/a");
        queue.done("ns/a");
        assert.equal(queue.length, 0);
    });

    it("wakes a waiting worker when a key arrives", async () => {
        const queue = new WorkQueue(new FakeClock());
        const waiting = queue.get();
        queue.add("ns/a");
        assert.equal(await waiting, "ns/a");
        assert.equal(queue.inFlight, 1);
    });

    it("re-queues a failed key after its backoff, and the earliest pending delay wins", () => {
        const clock = new FakeClock();
        const queue = new WorkQueue(clock);
        assert.equal(queue.addRateLimited("ns/a"), 5);
        assert.equal(queue.addRateLimited("ns/a"), 10);
        assert.equal(clock.pending, 1, "one timer per key");
        clock.advance(4);
        assert.equal(queue.length, 0);
        clock.advance(1);
        assert.equal(queue.length, 1);
        queue.forget("ns/a");
        assert.equal(queue.backoff.retries("ns/a"), 0);
    });

    it("waits for the overall rate limit when many keys fail at once", () => {
        const clock = new FakeClock();
        const queue = new WorkQueue(clock, new ExponentialBackoff(), new TokenBucket(10, 2, 0));
        assert.equal(queue.addRateLimited("ns/a"), 5);
        assert.equal(queue.addRateLimited("ns/b"), 5);
        assert.equal(queue.addRateLimited("ns/c"), 100);
    });

    it("hands out nothing after shutdown and drops delayed keys", async () => {
        const clock = new FakeClock();
        const queue = new WorkQueue(clock);
        const waiting = queue.get();
        queue.addAfter("ns/a", 1000);
        queue.shutDown();
        assert.equal(await waiting, undefined);
        assert.equal(clock.pending, 0);
        queue.add("ns/b");
        assert.equal(await queue.get(), undefined);
    });
});
