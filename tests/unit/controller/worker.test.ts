// The worker loop (controller/controller.ts): what processNext does with the work queue after each
// reconcile, against the real Reconciler and a stand-in API server.
import { strict as assert } from "assert";
import { ownerKey } from "../../../controller/controller";
import { buildDeployment } from "../../../controller/deployment";
import { deploymentRejectedReason } from "../../../controller/events";
import { ApiError } from "../../../controller/kube";
import { setLogLevel } from "../../../controller/log";
import { WorkQueue } from "../../../controller/queue";
import { notReadyRecheckMs } from "../../../controller/scheduling";
import { Deployment, Distribution } from "../../../controller/types";
import { FakeClock, flush } from "../fakeClock";
import { Call, fakeClient, syncedController } from "../fakeKube";

const key = "ai/llama";

function distribution(): Distribution {
    return { metadata: { name: "llama", namespace: "ai", uid: "uid-1", generation: 1, resourceVersion: "1" }, spec: { image: "llamastack/llamastack:0.2.0", replicas: 2 } };
}

/** A controller whose caches hold one distribution and its Deployment; `answer` decides every other request. */
async function startedController(answer: (call: Call) => unknown) {
    const d = distribution();
    const deployment = { ...buildDeployment(d), metadata: { ...buildDeployment(d).metadata, resourceVersion: "1", generation: 1 } } as Deployment;
    const { client, calls } = fakeClient((c) => {
        if (c.method === "GET" && c.path.includes("limit=500") && !c.path.includes("/pods")) {
            const items = c.path.startsWith("/apis/apps/v1/deployments") ? [deployment] : [d];
            return { items, metadata: { resourceVersion: "1" } };
        }
        return answer(c);
    });
    const clock = new FakeClock();
    const controller = await syncedController(client, { queue: new WorkQueue(clock) });
    return { controller, queue: controller.queue, clock, calls, deployment };
}

/** The apply's answer: the Deployment as sent, with `ready` of its replicas ready. */
function applied(call: Call, ready: number) {
    return { ...call.body, metadata: { ...call.body.metadata, generation: 1 }, status: { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: ready, readyReplicas: ready } };
}

const isApply = (c: Call) => c.method === "PATCH" && c.path.includes("force=true");

describe("controller worker loop (processNext)", () => {
    before(() => setLogLevel("error"));
    after(() => setLogLevel("info"));

    it("queues the distribution its caches found, and the owner of a Deployment of ours", async () => {
        const { controller, queue, deployment } = await startedController(() => ({}));
        assert.equal(ownerKey(deployment), key);
        assert.equal(queue.length, 1, "each key once, though both watches named it");
        assert.equal(await queue.get(), key);
        controller.stop();
    });

    it("on an error worth retrying, requeues the key after its backoff and counts the failure", async () => {
        const { controller, queue, clock } = await startedController(() => new ApiError(503, "ServiceUnavailable", "unavailable"));
        await controller.processNext((await queue.get())!);
        assert.equal(queue.backoff.retries(key), 1);
        assert.equal(queue.inFlight, 0, "the key is done");
        assert.equal(queue.length, 0, "not at once");
        clock.advance(5);
        assert.equal(queue.length, 1, "after the first backoff step (5ms)");
        await controller.processNext((await queue.get())!);
        assert.equal(queue.backoff.retries(key), 2);
        clock.advance(9);
        assert.equal(queue.length, 0, "the second step is longer (10ms)");
        clock.advance(1);
        assert.equal(queue.length, 1);
        controller.stop();
    });

    it("on success, forgets the key's backoff and does not requeue it when all replicas are ready", async () => {
        let failing = true;
        const { controller, queue, clock, calls } = await startedController((c) => {
            if (failing) return new ApiError(503, "ServiceUnavailable", "unavailable");
            return isApply(c) ? applied(c, 2) : {};
        });
        await controller.processNext((await queue.get())!);
        assert.equal(queue.backoff.retries(key), 1);
        clock.advance(5);
        failing = false;
        await controller.processNext((await queue.get())!);
        assert.equal(queue.backoff.retries(key), 0, "backoff forgotten");
        assert.ok(calls.some(isApply), "the Deployment was applied");
        assert.equal(clock.pending, 0, "nothing scheduled");
        assert.equal(queue.length, 0);
        assert.equal(controller.inFlight.size, 0);
        controller.stop();
    });

    it("on success with replicas not all ready, looks again after notReadyRecheckMs, without counting a failure", async () => {
        const { controller, queue, clock } = await startedController((c) => (isApply(c) ? applied(c, 0) : c.path.includes("/pods") ? { items: [] } : {}));
        await controller.processNext((await queue.get())!);
        assert.equal(queue.backoff.retries(key), 0);
        clock.advance(notReadyRecheckMs - 1);
        assert.equal(queue.length, 0);
        clock.advance(1);
        assert.equal(queue.length, 1);
        controller.stop();
    });

    it("records an error retrying cannot fix (the API server rejects the Deployment) and does not retry it", async () => {
        const { controller, queue, clock, calls } = await startedController((c) =>
            isApply(c) ? new ApiError(422, "Invalid", "spec.template.spec.containers[0].image: Required value") : {},
        );
        await controller.processNext((await queue.get())!);
        assert.equal(queue.backoff.retries(key), 0, "not counted as a failure");
        assert.equal(clock.pending, 0, "not requeued");
        assert.equal(queue.length, 0);
        const status = calls.find((c) => c.path.includes("/status"))!.body.status;
        assert.equal(status.conditions.find((c: any) => c.type === "Degraded").reason, deploymentRejectedReason);
        const event = calls.find((c) => c.method === "POST" && c.path.endsWith("/events"))!.body;
        assert.equal(event.reason, deploymentRejectedReason);
        assert.equal(event.type, "Warning");
        controller.stop();
    });

    it("runs a worker until the queue shuts down", async () => {
        const { controller, queue, calls } = await startedController((c) => (isApply(c) ? applied(c, 2) : {}));
        const worker = controller.runWorker();
        while (!calls.some((c) => c.path.includes("/status"))) {
            await flush();
        }
        controller.stop();
        await worker;
        assert.equal(queue.inFlight, 0);
    });
});
